/**
 * A connector generated inside the workspace is a publishable package like the built-in ones: its
 * package.json lists what its build requires at the versions this workspace uses (the SDK exactly,
 * in lockstep), and the runtime, which ships it (and the runner through it), depends on it.
 */
import { readJson, updateJson, writeJson, type Tree } from '@nx/devkit';
import type { ConnectorOptions } from './normalize-connector-options';
import { clientPackage, RUNTIME_PACKAGES, sdkVersion, sorted, workspaceVersion } from './standalone-dependencies';

const RUNNER_PACKAGE = 'libs/runtime/package.json';

/**
 * A connector package's entries, in the workspace and standalone alike: the main one (the manifest,
 * what a run loads) and its simulator's own, which the main one never loads.
 */
export const PACKAGE_EXPORTS = {
  '.': { types: './dist/index.d.ts', default: './dist/index.js' },
  './simulator': { types: './dist/simulator/index.d.ts', default: './dist/simulator/index.js' },
};

export function writeWorkspacePackage(tree: Tree, options: ConnectorOptions): void {
  const version: string = readJson(tree, 'package.json').version;
  const dependencies: Record<string, string> = {};
  for (const name of RUNTIME_PACKAGES.sdk) dependencies[name] = sdkVersion(tree, name);
  for (const name of [...RUNTIME_PACKAGES.shared, clientPackage(options)]) dependencies[name] = workspaceVersion(tree, name);
  const what = options.kind === 'source' ? `reads invoices from ${options.title}` : `books into ${options.title}`;
  writeJson(tree, `${options.projectRoot}/package.json`, {
    name: options.importPath,
    version,
    description: `Koppelwerk connector (${options.kind}): ${what}.`,
    license: 'MIT',
    keywords: ['koppelwerk-connector'],
    engines: { node: '>=24' },
    main: './dist/index.js',
    types: './dist/index.d.ts',
    exports: { ...PACKAGE_EXPORTS, './package.json': './package.json' },
    files: ['dist', '!dist/**/*.spec.*', '!dist/**/__fixtures__', '!dist/.tsbuildinfo'],
    dependencies: sorted(dependencies),
  });
  updateJson(tree, RUNNER_PACKAGE, (runner) => ({ ...runner, dependencies: sorted({ ...runner.dependencies, [options.importPath]: version }) }));
}
