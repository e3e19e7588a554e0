/**
 * The SDK as npm packages: every publishable workspace package (the SDK libraries, the built-in
 * connectors, the runner) packs into a tarball a connector author can install. Checked on what
 * `npm pack --dry-run` would ship, against the compiled dist/ that `npm run build` leaves.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requiredPackages, typeImportedPackages } from './dist-imports';
import { installClosure } from './install-closure';
import { packedFiles } from './packed-files';
import { publishablePackages, REPOSITORY_ROOT, rootManifest, type WorkspacePackage } from './workspace-packages';

const SDK = ['@koppelwerk/core', '@koppelwerk/mapping', '@koppelwerk/testing', '@koppelwerk/runner'];
/** Files outside dist/ a package ships on purpose: the dashboard reads its static files from its sources. */
const SHIPPED_SOURCES: Record<string, string[]> = { '@koppelwerk/dashboard': ['src/assets/'] };

const root = rootManifest();
const packages = publishablePackages();
let tarballs = new Map<string, Set<string>>();

function entryOf(pkg: WorkspacePackage): string {
  return pkg.manifest.main ?? 'dist/index.js';
}

/** Every file path a manifest's main, types, exports and bin name, without a leading `./`. */
function namedTargets(pkg: WorkspacePackage): string[] {
  const targets: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect([pkg.manifest.main, pkg.manifest.types, pkg.manifest.exports, pkg.manifest.bin]);
  return targets.map((target) => target.replace(/^\.\//, ''));
}

function sorted(names: Iterable<string>): string[] {
  return [...names].sort();
}

beforeAll(() => {
  const unbuilt = packages.filter((pkg) => !existsSync(join(pkg.directory, entryOf(pkg))));
  if (unbuilt.length > 0) {
    const list = unbuilt.map((pkg) => `${pkg.folder} (${entryOf(pkg)})`).join(', ');
    throw new Error(`not built: ${list}. Run \`npm run build\` at the repository root first.`);
  }
  tarballs = packedFiles(packages.map((pkg) => pkg.folder));
});

it('publishes the SDK: core, mapping, testing and the runner', () => {
  expect(packages.map((pkg) => pkg.manifest.name)).toEqual(expect.arrayContaining(SDK));
});

describe.each(packages.map((pkg) => [pkg.manifest.name, pkg] as const))('%s', (name, pkg) => {
  const manifest = pkg.manifest;
  const tarball = (): Set<string> => tarballs.get(name) ?? new Set<string>();

  it('is public, described, MIT-licensed, for Node 24 and up, at the one version of the repository', () => {
    expect(manifest.private).toBeUndefined();
    expect(manifest.version).toBe(root.version);
    expect(manifest.license).toBe('MIT');
    expect(manifest.description ?? '').not.toBe('');
    expect(manifest.engines?.node).toBe('>=24');
    if (pkg.folder.startsWith('connectors/')) expect(manifest.keywords).toContain('koppelwerk-connector');
  });

  it('loads its compiled entry in plain Node, as an installed package is loaded', () => {
    // A process of its own: Node's resolution (dist/ of each dependency), not the test runner's mapping to sources.
    const script = `require('reflect-metadata'); require(${JSON.stringify(join(pkg.directory, entryOf(pkg)))});`;
    expect(() => execFileSync(process.execPath, ['-e', script], { cwd: REPOSITORY_ROOT, stdio: 'pipe', encoding: 'utf8' })).not.toThrow();
  });

  it('points main, types, exports and bin at files in its tarball', () => {
    const entry = { default: `./${entryOf(pkg).replace(/^\.\//, '')}`, ...(manifest.types ? { types: manifest.types } : {}) };
    // The main entry, package.json, and any subpath (core's `./errors`, a connector's `./simulator`): each in the tarball.
    expect(manifest.exports).toMatchObject({ '.': entry, './package.json': './package.json' });
    const missing = namedTargets(pkg).filter((target) => !tarball().has(target));
    expect(missing).toEqual([]);
  });

  it('ships compiled code only: no sources, specs, fixtures, test helpers or build info', () => {
    const allowed = SHIPPED_SOURCES[name] ?? [];
    const unwanted = sorted(tarball()).filter(
      (path) =>
        /\.spec\.|__fixtures__|\.tsbuildinfo$|^dist\/(.+\/)?testing\//.test(path) ||
        (path.endsWith('.ts') && !path.endsWith('.d.ts')) ||
        (path.startsWith('src/') && !allowed.some((prefix) => path.startsWith(prefix))),
    );
    expect(unwanted).toEqual([]);
  });

  it('declares exactly the packages its shipped code requires', () => {
    const required = requiredPackages(pkg.directory, tarball());
    const typeImported = typeImportedPackages(pkg.directory, tarball());
    const dependencies = new Set(Object.keys(manifest.dependencies ?? {}));
    const peers = new Set(Object.keys(manifest.peerDependencies ?? {}));
    const declared = new Set([...dependencies, ...peers]);
    expect({
      undeclared: sorted([...required].filter((dep) => !declared.has(dep))),
      undeclaredInTypes: sorted([...typeImported].filter((dep) => !declared.has(dep))),
      stale: sorted([...dependencies].filter((dep) => !required.has(dep))),
      stalePeers: sorted([...peers].filter((dep) => !required.has(dep) && !typeImported.has(dep))),
    }).toEqual({ undeclared: [], undeclaredInTypes: [], stale: [], stalePeers: [] });
  });

  it('pins its dependencies: the SDK at the lockstep version, third-party packages at the repository versions', () => {
    const wrong = Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })
      .map(([dep, version]) => {
        const expected = dep.startsWith('@koppelwerk/') ? root.version : root.dependencies?.[dep];
        return version === expected ? undefined : `${dep}@${version} (expected ${expected ?? 'a dependency of the root package.json'})`;
      })
      .filter((problem) => problem !== undefined);
    expect(wrong).toEqual([]);
  });
});

it("the runner's tarball holds its command and its compiled code; the dashboard's holds its static files", () => {
  const runner = tarballs.get('@koppelwerk/runner') ?? new Set<string>();
  expect(sorted(runner)).toEqual(expect.arrayContaining(['bin/koppelwerk.js', 'dist/cli/main.js']));
  const dashboard = tarballs.get('@koppelwerk/dashboard') ?? new Set<string>();
  expect(sorted(dashboard)).toEqual(expect.arrayContaining(['dist/index.js', 'src/assets/dashboard.css', 'src/assets/select-all.js']));
});

it('installs the command line alone without a web server, queue, mail or metrics library; the programs bring theirs', () => {
  const heavy = (name: string): string[] => sorted([...installClosure(name, packages)].filter((dep) => /^(fastify|@fastify\/|pg-boss$|nodemailer$|prom-client$)/.test(dep)));
  expect(heavy('@koppelwerk/runner')).toEqual([]);
  expect(heavy('@koppelwerk/runtime')).toEqual([]);
  expect(heavy('@koppelwerk/dashboard')).toEqual(expect.arrayContaining(['fastify', '@fastify/session', 'pg-boss']));
  expect(heavy('@koppelwerk/observability')).toEqual(['nodemailer', 'prom-client']);
  // The runner offers the programs as optional peers: its serve, worker and daemon commands load them when they run.
  expect(Object.keys(packages.find((pkg) => pkg.manifest.name === '@koppelwerk/runner')?.manifest.peerDependencies ?? {}).sort()).toEqual([
    '@koppelwerk/daemon',
    '@koppelwerk/dashboard',
    '@koppelwerk/observability',
    '@koppelwerk/service',
  ]);
});

it("core's compiled entry exports the contract version its source states", () => {
  const source = readFileSync(join(REPOSITORY_ROOT, 'libs', 'core', 'src', 'contract-version.ts'), 'utf8');
  const stated = /export const CONTRACT_VERSION = (\d+)/.exec(source)?.[1];
  expect(stated).toBeDefined();
  const core = require(join(REPOSITORY_ROOT, 'libs', 'core', 'dist', 'index.js')) as { CONTRACT_VERSION?: unknown };
  expect(core.CONTRACT_VERSION).toBe(Number(stated));
});
