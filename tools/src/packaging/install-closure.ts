/**
 * What `npm install <package>` brings along: the package's dependencies, theirs, and so on, read from
 * the workspace's own package.json files and, for third-party packages, from package-lock.json (the
 * versions this repository installs). Optional peer dependencies are not installed, so not followed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT, type WorkspacePackage } from './workspace-packages';

interface LockEntry {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** Every package installing `name` installs, `name` included. */
export function installClosure(name: string, workspace: readonly WorkspacePackage[]): Set<string> {
  const lock = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const ownManifests = new Map(workspace.map((pkg) => [pkg.manifest.name, pkg.manifest as LockEntry]));
  const entryOf = (dependency: string): LockEntry => ownManifests.get(dependency) ?? lock.packages[`node_modules/${dependency}`] ?? {};
  const installed = new Set<string>();
  const pending = [name];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (installed.has(next)) continue;
    installed.add(next);
    const entry = entryOf(next);
    const requiredPeers = Object.keys(entry.peerDependencies ?? {}).filter((peer) => !entry.peerDependenciesMeta?.[peer]?.optional);
    pending.push(...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...requiredPeers);
  }
  return installed;
}
