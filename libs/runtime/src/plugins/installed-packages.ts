/**
 * Where connector packages are installed: Node's own lookup (each `node_modules` from a folder up to
 * the root), done by hand so a package's `exports` map cannot hide its package.json, and the
 * listing of every package there that calls itself a Koppelwerk connector.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The keyword in package.json that marks a package as a Koppelwerk connector. */
export const CONNECTOR_KEYWORD = 'koppelwerk-connector';

const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

export interface PackageJson {
  name?: unknown;
  version?: unknown;
  main?: unknown;
  keywords?: unknown;
  koppelwerk?: { sources?: unknown };
}

export function isPackageName(name: string): boolean {
  return PACKAGE_NAME.test(name) && name.length <= 214;
}

/** The package.json of the folder, or `undefined` when there is none or it is not JSON. */
export function readPackageJson(folder: string): PackageJson | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as PackageJson) : undefined;
  } catch {
    return undefined;
  }
}

function* nodeModulesFrom(folder: string): Generator<string> {
  let current = resolve(folder);
  for (;;) {
    const candidate = join(current, 'node_modules');
    if (existsSync(candidate)) yield candidate;
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/** The folder of package `name` as seen from the first of `folders` that has it installed. */
export function findInstalledPackage(name: string, folders: readonly string[]): string | undefined {
  if (!isPackageName(name)) return undefined;
  for (const folder of folders) {
    for (const nodeModules of nodeModulesFrom(folder)) {
      const candidate = join(nodeModules, ...name.split('/'));
      if (existsSync(join(candidate, 'package.json'))) return candidate;
    }
  }
  return undefined;
}

/** Every installed package marked as a connector, nearest first, each name once. */
export function listConnectorPackages(folder: string): { name: string; folder: string }[] {
  const found = new Map<string, string>();
  for (const nodeModules of nodeModulesFrom(folder)) {
    for (const entry of safeList(nodeModules)) {
      const names = entry.startsWith('@') ? safeList(join(nodeModules, entry)).map((inner) => `${entry}/${inner}`) : [entry];
      for (const name of names) {
        if (found.has(name) || name.startsWith('.')) continue;
        const packageFolder = join(nodeModules, ...name.split('/'));
        const keywords = readPackageJson(packageFolder)?.keywords;
        if (Array.isArray(keywords) && keywords.includes(CONNECTOR_KEYWORD)) found.set(name, packageFolder);
      }
    }
  }
  return [...found].map(([name, packageFolder]) => ({ name, folder: packageFolder }));
}

function safeList(folder: string): string[] {
  try {
    return readdirSync(folder).sort();
  } catch {
    return [];
  }
}
