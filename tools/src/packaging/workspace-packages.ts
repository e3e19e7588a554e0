/**
 * The workspace packages that are published (every package.json under libs/, connectors/, programs/ and
 * runner/ that is not private), read from disk, and the root package.json they take their version
 * and third-party versions from.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPOSITORY_ROOT = join(__dirname, '..', '..', '..');

export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  description?: string;
  license?: string;
  keywords?: string[];
  engines?: Record<string, string>;
  main?: string;
  types?: string;
  exports?: unknown;
  bin?: string | Record<string, string>;
  files?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  /** The folder relative to the repository root, e.g. `libs/core`. */
  folder: string;
  directory: string;
  manifest: PackageManifest;
}

function readManifest(file: string): PackageManifest {
  return JSON.parse(readFileSync(file, 'utf8')) as PackageManifest;
}

export function rootManifest(): PackageManifest {
  return readManifest(join(REPOSITORY_ROOT, 'package.json'));
}

function workspaceFolders(): string[] {
  const nested = ['libs', 'connectors', 'programs'].flatMap((parent) =>
    readdirSync(join(REPOSITORY_ROOT, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`)
      .sort(),
  );
  return [...nested, 'runner'].filter((folder) => existsSync(join(REPOSITORY_ROOT, folder, 'package.json')));
}

export function publishablePackages(): WorkspacePackage[] {
  return workspaceFolders()
    .map((folder) => {
      const directory = join(REPOSITORY_ROOT, folder);
      return { folder, directory, manifest: readManifest(join(directory, 'package.json')) };
    })
    .filter((pkg) => pkg.manifest.private !== true);
}
