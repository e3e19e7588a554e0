/**
 * Where a standalone connector package goes: --directory, resolved against the current folder. It
 * must lie outside the workspace (the package is meant to live in a repository of its own) and must
 * not exist yet or be an empty folder, so nothing is ever overwritten.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function resolveStandaloneDirectory(workspaceRoot: string, directory: string | undefined): string {
  if (!directory?.trim()) {
    throw new Error('--standalone needs --directory: the folder to create the package in, outside this workspace (e.g. --directory ../koppelwerk-connector-acme).');
  }
  const target = path.resolve(process.cwd(), directory.trim());
  const root = path.resolve(workspaceRoot);
  const fromRoot = path.relative(root, target);
  const outside = fromRoot === '..' || fromRoot.startsWith(`..${path.sep}`) || path.isAbsolute(fromRoot);
  if (!outside) {
    throw new Error(`--directory ${target} is inside this workspace (${root}); a standalone package lives outside it. Pick a folder elsewhere.`);
  }
  if (fs.existsSync(target)) {
    if (!fs.statSync(target).isDirectory()) throw new Error(`--directory ${target} is a file, not a folder.`);
    if (fs.readdirSync(target).length > 0) throw new Error(`--directory ${target} already exists and is not empty; pick a new or an empty folder.`);
  }
  return target;
}
