/**
 * The generator's --standalone mode against this real workspace (read, never written): it packs the
 * built SDK into the new package, so these specs need `npm run build` first, as the packaging specs do.
 */
import { CONTRACT_VERSION } from '@koppelwerk/core';
import { createTree, createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FsTree } from 'nx/src/generators/tree';
import { packagesImportedBy } from '../../packaging/dist-imports';
import { REPOSITORY_ROOT } from '../../packaging/workspace-packages';
import { connectorGenerator } from './generator';
import { normalizeConnectorOptions } from './normalize-connector-options';
import { standalonePackageJson } from './standalone-package';
import { assertSdkBuilt } from './standalone-sdk';
import { renderSteps, standaloneSteps } from './standalone-steps';
import { writeTemplates } from './write-templates';

const readJsonFile = (file: string) => JSON.parse(fs.readFileSync(file, 'utf-8'));
const root = readJsonFile(path.join(REPOSITORY_ROOT, 'package.json'));
const coreVersion: string = readJsonFile(path.join(REPOSITORY_ROOT, 'libs/core/package.json')).version;
const testingVersion: string = readJsonFile(path.join(REPOSITORY_ROOT, 'libs/testing/package.json')).version;
const CORE_TARBALL = `sdk/koppelwerk-core-${coreVersion}.tgz`;
const TESTING_TARBALL = `sdk/koppelwerk-testing-${testingVersion}.tgz`;
const version = (name: string): string => root.dependencies?.[name] ?? root.devDependencies?.[name];

/** This workspace, from disk; nothing is ever flushed to it. */
const workspace = () => new FsTree(REPOSITORY_ROOT, false);

const created: string[] = [];
const emptyFolder = (): string => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'koppelwerk-standalone-spec-'));
  created.push(folder);
  return folder;
};
let printed: string[] = [];
beforeEach(() => {
  printed = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
});
afterEach(() => jest.restoreAllMocks());
afterAll(() => {
  for (const folder of created) fs.rmSync(folder, { recursive: true, force: true });
});

const filesIn = (folder: string): string[] =>
  (fs.readdirSync(folder, { recursive: true }) as string[]).filter((file) => fs.statSync(path.join(folder, file)).isFile()).sort();

async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the generator to refuse');
}

/** The commands of a shell block (lines without their `# comment`). */
const commands = (lines: string[]): string[] => lines.map((line) => line.replace(/\s+# .*$/, '').trim()).filter(Boolean);
/** The lines of the ```bash block that follows `heading` in a README. */
function readmeBlock(readme: string, heading: string): string[] {
  const section = readme.slice(readme.indexOf(`\n${heading}\n`));
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error(`no bash block after ${heading}`);
  return block.split('\n');
}

describe('connector generator --standalone', () => {
  it('writes a complete package with the SDK it needs in sdk/, outside the workspace, and only when nx runs its callback', async () => {
    const tree = workspace();
    const folder = path.join(emptyFolder(), 'koppelwerk-connector-acme');
    const callback = await connectorGenerator(tree, { name: 'acme', kind: 'source', standalone: true, directory: folder });
    expect(fs.existsSync(folder)).toBe(false); // nothing yet: nx skips the callback on --dry-run
    expect(tree.listChanges()).toEqual([]); // the workspace is untouched
    await callback();

    expect(filesIn(folder)).toEqual(
      [
        '.gitignore',
        'README.md',
        'jest.config.js',
        'package.json',
        CORE_TARBALL,
        TESTING_TARBALL,
        'src/acme-client.ts',
        'src/acme-config.ts',
        'src/acme-manifest.ts',
        'src/acme-messages.spec.ts',
        'src/acme-messages.ts',
        'src/acme-module.ts',
        'src/acme-source.ts',
        'src/conformance.int.spec.ts',
        'src/index.ts',
        'src/invoice-cursor.ts',
        'src/mappers/invoice-mapper.spec.ts',
        'src/mappers/invoice-mapper.ts',
        'src/raw-invoice.ts',
        'src/simulator/acme-simulator.ts',
        'src/simulator/demo-invoices.ts',
        'src/simulator/index.ts',
        'tsconfig.build.json',
        'tsconfig.json',
      ].sort(),
    );
    const packageJson = readJsonFile(path.join(folder, 'package.json'));
    expect(packageJson).toMatchObject({
      name: 'koppelwerk-connector-acme',
      version: '0.1.0',
      main: 'dist/index.js',
      types: 'dist/index.d.ts',
      exports: {
        '.': { types: './dist/index.d.ts', default: './dist/index.js' },
        './simulator': { types: './dist/simulator/index.d.ts', default: './dist/simulator/index.js' },
      },
      files: ['dist'],
      keywords: expect.arrayContaining(['koppelwerk-connector']),
      koppelwerk: { sources: 'src/index.ts' },
      scripts: { build: 'tsc -p tsconfig.build.json', test: 'jest', prepack: 'npm run build' },
      engines: { node: '>=24' },
    });
    // The client at the workspace's exact version; of what the runner hands it, the registry's packages as optional
    // peers, never the SDK (npm would look it up on a registry wherever the package is installed).
    expect(packageJson.dependencies).toEqual({ axios: version('axios') });
    expect(packageJson.peerDependencies).toEqual({ inversify: `^${version('inversify')}`, zod: `^${version('zod')}` });
    expect(packageJson.peerDependenciesMeta).toEqual({ inversify: { optional: true }, zod: { optional: true } });
    // The SDK from the package's own sdk/ folder, the rest at the workspace's versions.
    expect(packageJson.devDependencies).toEqual({
      '@koppelwerk/core': `file:${CORE_TARBALL}`,
      '@koppelwerk/testing': `file:${TESTING_TARBALL}`,
      ...Object.fromEntries(
        ['@swc-node/register', '@swc/core', '@swc/jest', '@types/jest', '@types/node', 'inversify', 'jest', 'reflect-metadata', 'typescript', 'zod'].map((name) => [
          name,
          version(name),
        ]),
      ),
    });
    expect(packageJson.private).toBeUndefined();
    // The install scripts of its toolchain run as in this workspace, and npm does not ask about them.
    expect(packageJson.allowScripts).toEqual({ '@parcel/watcher': root.allowScripts['@parcel/watcher'], '@swc/core': root.allowScripts['@swc/core'] });

    // The tarballs are the workspace's packages, compiled.
    for (const [tarball, name, packed] of [
      [CORE_TARBALL, '@koppelwerk/core', coreVersion],
      [TESTING_TARBALL, '@koppelwerk/testing', testingVersion],
    ]) {
      const manifest = JSON.parse(execFileSync('tar', ['-xzOf', path.join(folder, tarball), 'package/package.json'], { encoding: 'utf-8' }));
      expect({ name: manifest.name, version: manifest.version }).toEqual({ name, version: packed });
      expect(execFileSync('tar', ['-tzf', path.join(folder, tarball)], { encoding: 'utf-8' }).split('\n')).toContain('package/dist/index.js');
    }

    const read = (file: string) => fs.readFileSync(path.join(folder, file), 'utf-8');
    expect(read('src/acme-manifest.ts')).toContain(`contractVersion: ${CONTRACT_VERSION},`);
    expect(read('src/index.ts')).toContain('acmeManifest as manifest');
    // The simulator behind its own entry, required by the manifest only when it is started.
    expect(read('src/index.ts')).not.toContain('simulator/');
    expect(read('src/acme-manifest.ts')).toContain("const simulator = (): typeof import('./simulator') => require('./simulator');");
    expect(read('src/acme-manifest.ts')).not.toMatch(/^import .*simulator/m);
    expect(read('src/simulator/index.ts')).toContain("from './acme-simulator';");
    // Nothing refers back to the monorepo but the one step that links its runner.
    for (const file of ['jest.config.js', 'tsconfig.json', 'tsconfig.build.json']) expect(read(file)).not.toMatch(/\.\.\/|preset|tsconfig\.base/);
    expect(read('.gitignore').split('\n')).toEqual(expect.arrayContaining(['node_modules/', 'dist/', 'try/', '/*.tgz']));
    expect(read('README.md')).toContain('connector: koppelwerk-connector-acme');
    expect(read('README.md')).not.toContain('connectors/acme');
    expect(read('src/simulator/acme-simulator.ts')).toContain('koppelwerk simulate koppelwerk-connector-acme');
    for (const file of filesIn(folder).filter((file) => !file.endsWith('.tgz'))) {
      expect(/<%|%>|__fileName__|__dot__/.test(read(file) + file) ? `template left in ${file}` : 'clean').toBe('clean');
    }
  });

  it('prints the next steps as the README shows them: cd, install, test, then Koppelwerk linked in try/', async () => {
    const folder = path.join(emptyFolder(), 'koppelwerk-connector-acme');
    const callback = await connectorGenerator(workspace(), { name: 'acme', kind: 'source', standalone: true, directory: folder });
    await callback();
    const output = printed.join('\n').split('\n');
    const next = output.indexOf('Next:');
    const then = output.indexOf('Then try it with Koppelwerk:');
    expect(next).toBeGreaterThan(0);
    expect(then).toBeGreaterThan(next);
    const setUp = commands(output.slice(next + 1, then));
    const tryIt = commands(output.slice(then + 1).filter((line) => line.startsWith('  ')));
    expect(setUp).toEqual([`cd ${folder}`, 'npm install', 'npm test', 'npm run typecheck', 'grep -rn "TODO(api)" src']);
    expect(tryIt).toEqual(['mkdir -p try && cd try', 'npm init -y', `npm install ${path.join(REPOSITORY_ROOT, 'runner')} ..`, 'npx koppelwerk connectors']);

    const readme = fs.readFileSync(path.join(folder, 'README.md'), 'utf-8');
    expect(commands(readmeBlock(readme, '## Tests'))).toEqual(setUp.slice(1));
    expect(commands(readmeBlock(readme, '## Try it with Koppelwerk'))).toEqual(tryIt);
    expect(output.join('\n')).toContain('Its sdk/ folder holds the Koppelwerk SDK it builds on, packed from this checkout (it is on no registry): @koppelwerk/core, @koppelwerk/testing.');
  });

  it('takes a package name of your own and the SOAP transport, with soap as its client dependency', async () => {
    const folder = emptyFolder();
    const callback = await connectorGenerator(workspace(), {
      name: 'acme-ledger',
      kind: 'sink',
      transport: 'soap',
      standalone: true,
      directory: folder,
      packageName: '@acme/koppelwerk-ledger',
    });
    await callback();
    const packageJson = readJsonFile(path.join(folder, 'package.json'));
    expect(packageJson.name).toBe('@acme/koppelwerk-ledger');
    expect(packageJson.dependencies).toEqual({ soap: version('soap') });
    expect(fs.existsSync(path.join(folder, 'src/wsdl/soap-contract.ts'))).toBe(true);
    expect(fs.existsSync(path.join(folder, TESTING_TARBALL))).toBe(true);
    const readme = fs.readFileSync(path.join(folder, 'README.md'), 'utf-8');
    expect(readme).toContain('connector: @acme/koppelwerk-ledger');
    expect(readme).toContain('acme-koppelwerk-ledger-0.1.0.tgz'); // what `npm pack` names a scoped package's file
  });

  it('declares every package its code loads, for each kind and transport: the client as a dependency, what the runner hands it as peers or in sdk/', () => {
    for (const [kind, transport] of [
      ['source', 'rest'],
      ['source', 'soap'],
      ['sink', 'rest'],
      ['sink', 'soap'],
    ] as const) {
      const ws = workspace();
      const options = normalizeConnectorOptions(ws, { name: 'acme', kind, transport, standalone: true, directory: path.join(emptyFolder(), 'pkg') });
      const steps = standaloneSteps(options, ws.root);
      const rendered = createTree();
      writeTemplates(rendered, options, '.', 'standalone', { setUpSteps: renderSteps(steps.setUp), tryItSteps: renderSteps(steps.tryIt), workspaceRoot: ws.root });
      const manifest = standalonePackageJson(ws, options) as Record<string, Record<string, string>>;
      // The runner hands a plugin the SDK (carried in sdk/ as devDependencies for its own build and tests).
      const handed = Object.keys(manifest.devDependencies).filter((name) => manifest.devDependencies[name].startsWith('file:sdk/'));
      expect(handed.sort()).toEqual(['@koppelwerk/core', '@koppelwerk/testing']);
      const runtime = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies), ...handed]);
      const everything = new Set([...runtime, ...Object.keys(manifest.devDependencies)]);

      const shipped = new Set<string>();
      const tested = new Set<string>();
      for (const change of rendered.listChanges().filter((file) => file.path.endsWith('.ts'))) {
        const into = /\.spec\.ts$/.test(change.path) ? tested : shipped;
        for (const name of packagesImportedBy(change.content?.toString('utf-8') ?? '')) into.add(name);
      }
      const label = `${transport} ${kind}`;
      expect({ label, undeclared: [...shipped].filter((name) => !runtime.has(name)).sort() }).toEqual({ label, undeclared: [] });
      expect({ label, undeclaredInTests: [...tested].filter((name) => !everything.has(name)).sort() }).toEqual({ label, undeclaredInTests: [] });
      expect({ label, unused: Object.keys(manifest.dependencies).filter((name) => !shipped.has(name)) }).toEqual({ label, unused: [] });
      // What jest.config.js and running from the sources load by name.
      for (const tool of ['jest', '@swc/jest', 'reflect-metadata', '@swc-node/register', '@swc/core', 'typescript']) expect(everything).toContain(tool);
    }
  });

  it('refuses, writing nothing, when the SDK is not built or was built from other sources', async () => {
    const folder = path.join(emptyFolder(), 'pkg');
    // A workspace whose libs were never built (the empty virtual one).
    const unbuilt = createTreeWithEmptyWorkspace();
    expect(await failure(() => connectorGenerator(unbuilt, { name: 'acme', kind: 'source', standalone: true, directory: folder }))).toMatch(
      /libs\/core\/dist and libs\/testing\/dist are not built\. Run `npm run build` at the repository root/,
    );
    expect(fs.existsSync(folder)).toBe(false);

    const stale = emptyFolder();
    for (const lib of ['core', 'testing']) {
      fs.mkdirSync(path.join(stale, 'libs', lib, 'dist'), { recursive: true });
      fs.writeFileSync(path.join(stale, 'libs', lib, 'dist', 'index.js'), '');
    }
    fs.writeFileSync(path.join(stale, 'libs/core/dist/contract-version.js'), `exports.CONTRACT_VERSION = ${CONTRACT_VERSION + 1};`);
    expect(() => assertSdkBuilt(stale, CONTRACT_VERSION)).toThrow(
      `libs/core/dist is older than its sources (it says contract version ${CONTRACT_VERSION + 1}, the sources ${CONTRACT_VERSION})`,
    );
    expect(() => assertSdkBuilt(REPOSITORY_ROOT, CONTRACT_VERSION)).not.toThrow();
  });

  it('refuses a folder that is not empty, inside the workspace, or not given', async () => {
    const tree = workspace();
    const busy = emptyFolder();
    fs.writeFileSync(path.join(busy, 'notes.txt'), 'mine');
    expect(await failure(() => connectorGenerator(tree, { name: 'acme', kind: 'source', standalone: true, directory: busy }))).toMatch(/already exists and is not empty/);
    expect(fs.readdirSync(busy)).toEqual(['notes.txt']);
    expect(await failure(() => connectorGenerator(tree, { name: 'acme', kind: 'source', standalone: true, directory: path.join(tree.root, 'plugins/acme') }))).toMatch(
      /is inside this workspace/,
    );
    expect(await failure(() => connectorGenerator(tree, { name: 'acme', kind: 'source', standalone: true }))).toMatch(/--standalone needs --directory/);
  });

  it('refuses a bad package name, the @koppelwerk scope, a built-in id, and --directory without --standalone', async () => {
    const tree = workspace();
    const directory = emptyFolder();
    expect(await failure(() => connectorGenerator(tree, { name: 'acme', kind: 'source', standalone: true, directory, packageName: 'Acme Connector' }))).toMatch(
      /not a usable npm package name/,
    );
    expect(await failure(() => connectorGenerator(tree, { name: 'acme', kind: 'source', standalone: true, directory, packageName: '@koppelwerk/acme' }))).toMatch(
      /the @koppelwerk scope belongs to Koppelwerk/,
    );
    expect(await failure(() => connectorGenerator(tree, { name: 'mijnwebwinkel', kind: 'source', standalone: true, directory }))).toMatch(
      /mijnwebwinkel is the id of the connector in connectors\/mijnwebwinkel/,
    );
    expect(await failure(() => connectorGenerator(tree, { name: 'acme', kind: 'source', directory }))).toMatch(/--directory and --packageName go with --standalone/);
    expect(tree.listChanges()).toEqual([]);
    expect(fs.readdirSync(directory)).toEqual([]);
  });
});
