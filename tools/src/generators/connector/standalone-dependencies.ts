/**
 * The dependency lists of a standalone connector's package.json. Versions are never written here:
 * the toolchain comes at the workspace's exact versions (root package.json), the SDK packages at a
 * caret range of their version (libs/<name>/package.json), so a fresh package builds and tests with
 * what this repository is tested with.
 *
 * peerDependencies: what the runner hands a loaded plugin (its own @koppelwerk/core, @koppelwerk/testing,
 * inversify and zod), so the plugin and the runner share one instance of each. devDependencies: the
 * same, to build and test on its own, plus jest, swc (also for running from sources) and TypeScript.
 * dependencies: what only the connector's client uses (axios or soap).
 */
import { readJson, type Tree } from '@nx/devkit';
import type { ConnectorOptions } from './normalize-connector-options';

export interface StandaloneDependencies {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const SDK_PACKAGES: Record<'@koppelwerk/core' | '@koppelwerk/testing', string> = { '@koppelwerk/core': 'libs/core/package.json', '@koppelwerk/testing': 'libs/testing/package.json' };
const SHARED_WITH_RUNNER = ['inversify', 'zod'];
const TOOLCHAIN = ['@swc-node/register', '@swc/core', '@swc/jest', '@types/jest', '@types/node', 'jest', 'reflect-metadata', 'typescript'];

/** A package's version in the workspace's package.json (dependencies or devDependencies). */
export function workspaceVersion(tree: Tree, name: string): string {
  const root = readJson(tree, 'package.json');
  const version: unknown = root.dependencies?.[name] ?? root.devDependencies?.[name];
  if (typeof version !== 'string') throw new Error(`The workspace's package.json has no version of ${name}, which a generated connector needs.`);
  return version;
}

/** The version of the SDK package `name` (core, testing), from its own package.json. */
export function sdkVersion(tree: Tree, name: keyof typeof SDK_PACKAGES): string {
  const file = SDK_PACKAGES[name];
  const version: unknown = tree.exists(file) ? readJson(tree, file).version : undefined;
  if (typeof version !== 'string') throw new Error(`${file} has no version: cannot say which ${name} a generated connector needs.`);
  return version;
}

/** What a connector's built code requires at run time: the SDK, the contract's libraries and its client. */
export const RUNTIME_PACKAGES = { sdk: Object.keys(SDK_PACKAGES) as (keyof typeof SDK_PACKAGES)[], shared: SHARED_WITH_RUNNER };

export function clientPackage(options: ConnectorOptions): string {
  return options.transport === 'soap' ? 'soap' : 'axios';
}

export function standaloneDependencies(tree: Tree, options: ConnectorOptions): StandaloneDependencies {
  const peers: Record<string, string> = {};
  const devs: Record<string, string> = {};
  for (const name of RUNTIME_PACKAGES.sdk) {
    const version = sdkVersion(tree, name);
    peers[name] = `^${version}`;
    devs[name] = `^${version}`;
  }
  for (const name of SHARED_WITH_RUNNER) {
    peers[name] = `^${workspaceVersion(tree, name)}`;
    devs[name] = workspaceVersion(tree, name);
  }
  for (const name of TOOLCHAIN) devs[name] = workspaceVersion(tree, name);
  const client = clientPackage(options);
  return { dependencies: { [client]: `^${workspaceVersion(tree, client)}` }, peerDependencies: sorted(peers), devDependencies: sorted(devs) };
}

export function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
