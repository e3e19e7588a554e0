/**
 * The one way a connector enters the runner, built in or a package named in a tenant file: take the
 * package's `manifest` export, check the contract version it was built for, the manifest and its DI
 * bindings, and record where it comes from. A package that fails any of it is a configuration error
 * naming the package and every problem; the process and its other tenants go on.
 */
import {
  ConfigurationError,
  ConnectorRegistry,
  describeError,
  manifestProblems,
  type ConnectorManifest,
  type ConnectorOrigin,
  type RegisteredConnector,
} from '@koppelwerk/core';
import { realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { requirePackageEntry, shareHostModules } from './host-modules';
import { findInstalledPackage, readPackageJson } from './installed-packages';
import { compileTypeScriptOf } from './typescript-sources';

/** A connector the runner ships: its package name and its entry module, imported by the runner. */
export interface BuiltInConnector {
  packageName: string;
  exports: unknown;
}

const RUNNER_VERSION: string = (readPackageJson(join(__dirname, '..', '..')) ?? {}).version as string;

function packageProblem(origin: ConnectorOrigin, messages: string[]): ConfigurationError {
  const named = `connector package "${origin.packageName}"${origin.version ? ` (${origin.version})` : ''}`;
  return new ConfigurationError(messages.map((message) => ({ path: 'connector', message: `${named} ${message}` })));
}

/** Checks a connector's entry module; the connector, or a configuration error listing every problem. */
export function checkConnectorExports(exports: unknown, origin: ConnectorOrigin): RegisteredConnector {
  const entry = exports as { manifest?: unknown } | null | undefined;
  if (!entry || typeof entry !== 'object' || !('manifest' in entry)) {
    const names = entry && typeof entry === 'object' ? Object.keys(entry) : [];
    throw packageProblem(origin, [`has no "manifest" export (its entry exports ${names.length ? names.join(', ') : 'nothing'}); export the connector's manifest as \`manifest\``]);
  }
  const problems = manifestProblems(entry.manifest);
  if (problems.length) throw packageProblem(origin, problems);
  return { manifest: entry.manifest as ConnectorManifest, origin };
}

/** The runner's own connectors, checked as packages are; a problem here is a defect of this build. */
export function loadBuiltInConnectors(builtIns: readonly BuiltInConnector[]): RegisteredConnector[] {
  return builtIns.map(({ packageName, exports }) => checkConnectorExports(exports, { packageName, version: RUNNER_VERSION, builtIn: true }));
}

/** Loads the connector package installed in `folder` (its entry, or its TypeScript sources while it is developed). */
export function loadConnectorPackage(name: string, folder: string): RegisteredConnector {
  const root = realpathSync(folder);
  const json = readPackageJson(root) ?? {};
  const version = typeof json.version === 'string' ? json.version : '';
  const origin: ConnectorOrigin = { packageName: name, version, builtIn: false, location: root };
  const built = builtEntry(root, json);
  const named = typeof json.koppelwerk?.sources === 'string' ? json.koppelwerk.sources : undefined;
  // A published package ships no sources: it runs its build even where the runner runs from sources.
  const sources = named !== undefined && isFile(join(root, named)) ? join(root, named) : undefined;
  const fromSources = sources !== undefined && (process.env.KOPPELWERK_FROM_SOURCE === '1' || built === undefined);
  if (!fromSources && built === undefined) {
    const main = typeof json.main === 'string' ? json.main : 'index.js';
    const hint = named !== undefined ? `, and its sources (${named}) are not there either` : `, or name its TypeScript entry in package.json as "koppelwerk": { "sources": "src/index.ts" }`;
    throw packageProblem(origin, [`has no built entry (${main} is missing): build it (npm run build)${hint}`]);
  }
  if (fromSources) {
    const missing = compileTypeScriptOf(root);
    if (missing) throw packageProblem(origin, [`is not built and cannot run from its TypeScript sources: ${missing}`]);
  }
  shareHostModules(root);
  const entry = fromSources ? sources : built!;
  let exports: unknown;
  try {
    exports = requirePackageEntry(entry);
  } catch (error) {
    throw packageProblem(origin, [`failed to load: ${firstLine(error)}`]);
  }
  return checkConnectorExports(exports, { ...origin, fromSources: fromSources || undefined });
}

/** What a load failure says, without the require stack Node appends. */
function firstLine(error: unknown): string {
  // Duck-typed: an error from a package's code may come from another realm (a test runner's).
  const message = (error as { message?: unknown } | null)?.message;
  const text = typeof message === 'string' ? message : describeError(error);
  return text.split('\n')[0].trim() || describeError(error);
}

/** The file the package's `main` names (Node's rules: as written, with .js, or its index.js), if it is there. */
function builtEntry(root: string, json: { main?: unknown }): string | undefined {
  const main = join(root, typeof json.main === 'string' ? json.main : 'index.js');
  return [main, `${main}.js`, join(main, 'index.js')].find(isFile);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The runner's registry: the built-in connectors, and any connector package a tenant file names,
 * found next to the tenant file or in the working directory and loaded once per process. A
 * package's connector id must be its own: not a built-in's, nor another package's.
 */
export function createConnectorRegistry(builtIns: readonly BuiltInConnector[], cwd: () => string = () => process.cwd()): ConnectorRegistry {
  const builtIn = loadBuiltInConnectors(builtIns);
  const loaded = new Map<string, RegisteredConnector>();
  const registry = new ConnectorRegistry(builtIn, (name, from) => {
    const folder = findInstalledPackage(name, from ? [from, cwd()] : [cwd()]);
    if (!folder) return undefined;
    const root = realpathSync(folder);
    const known = loaded.get(root);
    if (known) return known;
    const connector = loadConnectorPackage(name, folder);
    const id = connector.manifest.id;
    const other = [...loaded.values()].find((entry) => entry.manifest.id === id)?.origin.packageName;
    const clash = registry.has(id) ? 'is a built-in connector' : other ? `package "${other}" already uses` : undefined;
    if (clash) throw packageProblem(connector.origin, [`has the connector id "${id}", which ${clash}; give it an id of its own`]);
    loaded.set(root, connector);
    return connector;
  });
  return registry;
}
