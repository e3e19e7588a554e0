/**
 * The daemon's own settings: command-line options over the directory's settings file over the
 * defaults. The settings file is `koppelwerk.yaml` in the directory of tenant files (it is no
 * tenant file; the daemon never loads it as one):
 *
 *   daemon:
 *     maxParallel: 8          # tenant runs and checks in flight at once, across all tenants
 *     stopWithinSeconds: 30   # on SIGTERM, how long runs in flight may take to finish their documents
 *     checkEveryMinutes: 15   # minutes between connection checks of a tenant
 *     keepOpenTenants: 1000   # tenant runtimes kept open between runs (the longest interval closed first); 0: none
 *   alerts:                   # where alerts go (a webhook, e-mail): see @koppelwerk/observability's alert-settings.ts
 *   dashboard:                # who may open the dashboard: see dashboard/dashboard-users.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@koppelwerk/core';
import { parse } from 'yaml';
import { z } from 'zod';
import { DAEMON_SETTINGS_FILE } from '@koppelwerk/runtime';
import { DEFAULT_KEEP_OPEN_TENANTS } from './runtime-work';


const DaemonSettingsSchema = z
  .object({
    daemon: z
      .object({
        maxParallel: z.number().int().min(1).max(1000).optional(),
        stopWithinSeconds: z.number().min(0).max(3600).optional(),
        checkEveryMinutes: z.number().int().min(1).optional(),
        keepOpenTenants: z.number().int().min(0).max(100_000).optional(),
      })
      .strict()
      .optional(),
    /** Read and validated by @koppelwerk/observability (alert-settings.ts) (its references need resolving first). */
    alerts: z.unknown().optional(),
    // Who may open the dashboard (`koppelwerk serve`): see dashboard/dashboard-users.ts.
    dashboard: z.unknown().optional(),
  })
  .strict();

export interface DaemonSettings {
  maxParallel: number;
  stopWithinSeconds: number;
  checkEveryMinutes: number;
  /** Where each value came from, for the `daemon started` line. */
  from: Record<'maxParallel' | 'stopWithinSeconds' | 'checkEveryMinutes', 'option' | 'settings file' | 'default'>;
}

export type DaemonSettingsOverrides = Partial<Pick<DaemonSettings, 'maxParallel' | 'stopWithinSeconds' | 'checkEveryMinutes'>> & { keepOpenTenants?: number };

/**
 * Runs are mostly waiting on the network (a sink call takes 100 to 200 ms), so a few per core keep
 * the cores busy without opening a connection storm: 4 per core, between 4 and 32.
 */
export function defaultMaxParallel(cores = availableParallelism()): number {
  return Math.min(32, Math.max(4, cores * 4));
}

export const DEFAULT_STOP_WITHIN_SECONDS = 30;
export const DEFAULT_CHECK_EVERY_MINUTES = 15;

/** Tenant runtimes kept open between runs: the option, else the settings file's `keepOpenTenants`, else the default (runtime-work.ts says why 1,000). */
export function resolveKeepOpenTenants(directory: string, option?: number): { keepOpenTenants: number; from: 'option' | 'settings file' | 'default' } {
  if (option !== undefined) return { keepOpenTenants: option, from: 'option' };
  const file = readSettingsFile(directory).keepOpenTenants;
  return file !== undefined ? { keepOpenTenants: file, from: 'settings file' } : { keepOpenTenants: DEFAULT_KEEP_OPEN_TENANTS, from: 'default' };
}

/** The settings file's values (none when there is no file); a file with problems is refused with every problem listed. */
export function readSettingsFile(directory: string): DaemonSettingsOverrides {
  const file = join(directory, DAEMON_SETTINGS_FILE);
  if (!existsSync(file)) return {};
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8')) ?? {};
  } catch (error) {
    throw new ConfigurationError([{ path: DAEMON_SETTINGS_FILE, message: `not readable as YAML: ${(error as Error).message.split('\n')[0]}` }]);
  }
  const parsed = DaemonSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigurationError(
      parsed.error.issues.map((issue) => ({ path: `${DAEMON_SETTINGS_FILE}: ${issue.path.map(String).join('.') || '(top)'}`, message: issue.message })),
    );
  }
  return parsed.data.daemon ?? {};
}

/** Options win over the settings file, the file over the defaults. */
export function resolveDaemonSettings(directory: string, options: DaemonSettingsOverrides): DaemonSettings {
  const file = readSettingsFile(directory);
  const pick = <K extends keyof DaemonSettings['from']>(key: K, fallback: number): [number, DaemonSettings['from'][K]] =>
    options[key] !== undefined ? [options[key] as number, 'option'] : file[key] !== undefined ? [file[key] as number, 'settings file'] : [fallback, 'default'];
  const [maxParallel, maxFrom] = pick('maxParallel', defaultMaxParallel());
  const [stopWithinSeconds, stopFrom] = pick('stopWithinSeconds', DEFAULT_STOP_WITHIN_SECONDS);
  const [checkEveryMinutes, checkFrom] = pick('checkEveryMinutes', DEFAULT_CHECK_EVERY_MINUTES);
  return { maxParallel, stopWithinSeconds, checkEveryMinutes, from: { maxParallel: maxFrom, stopWithinSeconds: stopFrom, checkEveryMinutes: checkFrom } };
}
