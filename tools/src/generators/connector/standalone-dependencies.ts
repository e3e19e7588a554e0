/**
 * The dependency lists of a standalone connector's package.json. Versions are never written here:
 * third-party packages come at the workspace's exact versions (root package.json), the SDK packages
 * from the tarballs of their version (libs/<name>/package.json) that the generator packs into the
 * package's sdk/ folder, so a fresh package builds and tests with what this repository is tested
 * with, and installs without the SDK on any registry.
 *
 * dependencies: what only the connector's own code loads (its client: axios or soap), installed
 * wherever the package is. What the runner hands a loaded plugin instead (its own @koppelwerk/core,
 * @koppelwerk/testing, inversify and zod, so plugin and runner share one instance of each) is never
 * resolved from the plugin's node_modules. Of these, inversify and zod are optional peerDependencies
 * (npm checks a version installed next to the plugin, and installs none). The SDK packages are not
 * peers: they are on no registry, and npm looks a peer that is not installed next to the package up
 * on the registry, optional or not; the runner's contract version check guards them instead.
 * devDependencies: all of these, to build and test on its own (the SDK from sdk/), plus jest, swc
 * (also for running from sources) and TypeScript.
 */
import { readJson, type Tree } from '@nx/devkit';
import type { ConnectorOptions } from './normalize-connector-options';
import { SDK_PACKAGE_FOLDERS, sdkSpec, type SdkPackage } from './standalone-sdk';

export interface StandaloneDependencies {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional: true }>;
  devDependencies: Record<string, string>;
}

const SHARED_WITH_RUNNER = ['inversify', 'zod'];
/** Dependencies of the toolchain with install scripts: the package runs them, or not, as the workspace decides (root `allowScripts`). */
const INSTALL_SCRIPTS = ['@parcel/watcher', '@swc/core'];
const TOOLCHAIN = ['@swc-node/register', '@swc/core', '@swc/jest', '@types/jest', '@types/node', 'jest', 'reflect-metadata', 'typescript'];

/** A package's version in the workspace's package.json (dependencies or devDependencies). */
export function workspaceVersion(tree: Tree, name: string): string {
  const root = readJson(tree, 'package.json');
  const version: unknown = root.dependencies?.[name] ?? root.devDependencies?.[name];
  if (typeof version !== 'string') throw new Error(`The workspace's package.json has no version of ${name}, which a generated connector needs.`);
  return version;
}

/** The workspace's decision (root package.json `allowScripts`) on each install script a generated package meets. */
export function standaloneAllowScripts(tree: Tree): Record<string, boolean> {
  const allowed: Record<string, unknown> = readJson(tree, 'package.json').allowScripts ?? {};
  const decided = INSTALL_SCRIPTS.map((name) => {
    if (typeof allowed[name] !== 'boolean') throw new Error(`The workspace's package.json says in allowScripts neither true nor false for ${name}, whose install script a generated connector meets.`);
    return [name, allowed[name]] as const;
  });
  return Object.fromEntries(decided);
}

/** The version of the SDK package `name` (core, testing), from its own package.json. */
export function sdkVersion(tree: Tree, name: SdkPackage): string {
  const file = `${SDK_PACKAGE_FOLDERS[name]}/package.json`;
  const version: unknown = tree.exists(file) ? readJson(tree, file).version : undefined;
  if (typeof version !== 'string') throw new Error(`${file} has no version: cannot say which ${name} a generated connector needs.`);
  return version;
}

/** What a connector's built code requires at run time: the SDK, the contract's libraries and its client. */
export const RUNTIME_PACKAGES = { sdk: Object.keys(SDK_PACKAGE_FOLDERS) as SdkPackage[], shared: SHARED_WITH_RUNNER };

export function clientPackage(options: ConnectorOptions): string {
  return options.transport === 'soap' ? 'soap' : 'axios';
}

export function standaloneDependencies(tree: Tree, options: ConnectorOptions): StandaloneDependencies {
  const peers: Record<string, string> = {};
  const devs: Record<string, string> = {};
  for (const name of RUNTIME_PACKAGES.sdk) devs[name] = sdkSpec(name, sdkVersion(tree, name));
  for (const name of SHARED_WITH_RUNNER) {
    peers[name] = `^${workspaceVersion(tree, name)}`;
    devs[name] = workspaceVersion(tree, name);
  }
  for (const name of TOOLCHAIN) devs[name] = workspaceVersion(tree, name);
  const client = clientPackage(options);
  const peerDependencies = sorted(peers);
  return {
    dependencies: { [client]: workspaceVersion(tree, client) },
    peerDependencies,
    peerDependenciesMeta: Object.fromEntries(Object.keys(peerDependencies).map((name) => [name, { optional: true as const }])),
    devDependencies: sorted(devs),
  };
}

export function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
