/**
 * A directory of tenant files (the daemon's, the dashboard's): the tenant files in it, each with a
 * fingerprint of its content to spot changes, and the two files beside them that are no tenant files.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigurationError, resourceExhaustion } from '@koppelwerk/core';
import { worded } from './worded';

/** The directory's settings for the daemon, its alerts and its dashboard (daemon/daemon-settings.ts): no tenant file. */
export const DAEMON_SETTINGS_FILE = 'koppelwerk.yaml';
/** The dashboard's users beside the tenant files (dashboard/dashboard-users.ts): no tenant file either. */
export const DASHBOARD_USERS_FILE = 'dashboard.yaml';

export interface ConfigFile {
  /** Absolute path. */
  file: string;
  /** sha256 of the content: a changed file has a new fingerprint. */
  fingerprint: string;
}

const TENANT_FILE = /\.ya?ml$/i;

/** Every `*.yaml` / `*.yml` file directly in the directory, sorted by name; not the daemon's settings nor the dashboard's users. */
export function scanConfigDirectory(directory: string): ConfigFile[] {
  const absolute = resolve(directory);
  let names: string[];
  try {
    if (!statSync(absolute).isDirectory()) throw new Error('not a directory');
    names = readdirSync(absolute);
  } catch (error) {
    // Out of descriptors says nothing about the directory: the caller keeps what it knows.
    if (resourceExhaustion(error)) throw error;
    throw new ConfigurationError([worded.problem(directory, 'TENANT_DIRECTORY_UNREADABLE', {})]);
  }
  const files: ConfigFile[] = [];
  for (const name of names.filter((n) => TENANT_FILE.test(n) && ![DAEMON_SETTINGS_FILE, DASHBOARD_USERS_FILE].includes(n.toLowerCase())).sort()) {
    const file = join(absolute, name);
    try {
      if (!statSync(file).isFile()) continue;
      files.push({ file, fingerprint: createHash('sha256').update(readFileSync(file)).digest('hex') });
    } catch (error) {
      // Out of descriptors: the file is there, only unreadable now; the whole scan waits.
      if (resourceExhaustion(error)) throw error;
      // Removed between listing and reading: it is gone.
    }
  }
  return files;
}
