/**
 * The daemon's bookkeeping of its tenant files (tenant-daemon.ts): one slot per file in the
 * directory, with its settings, when its next run and check are due, and the work in flight.
 *
 * - `rescan()` reads the directory: added files are loaded, changed files reloaded (a run in flight
 *   finishes with the old settings), removed files dropped. A file is changed when its content is,
 *   or when a `${file:}` secret it names is (its size, modification time or inode: a rewrite or a
 *   file moved in its place); a reload hands the work a new `TenantConfig`, which is what makes a
 *   runtime kept between runs open anew (runtime-work.ts). A file with problems (or a tenant name
 *   or state file another file already uses) is logged with every problem and waits until it is fixed.
 * - A loaded tenant runs on the grid of its interval, shifted by the engine's name-derived offset
 *   (`nextRunAt`); at the first scan with `runAtStart`, at once. It is checked at once; the files
 *   found at start-up in groups of `maxParallel`, each next group `startupSpacingMs` later.
 * - `dueWork(now)` is what is due on idle tenants, in the order it fell due.
 */
import { statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { ConfigurationError, describeError, resourceExhaustion, type Clock, type ConnectorRegistry, type Logger, type Redactor } from '@koppelwerk/core';
import { nextRunAt } from '@koppelwerk/engine';
import { loadTenantConfig, readTenantFile, scanConfigDirectory, type TenantConfig } from '@koppelwerk/runtime';
import type { TenantState } from './daemon-status';

export interface TenantSlot {
  file: string;
  fingerprint: string;
  /** The `${file:}` secrets the file names, each with its size, modification time and inode when loaded. */
  secretFiles: Map<string, string>;
  /** Undefined while the file has problems. */
  config?: TenantConfig;
  nextRunAt?: Date;
  nextCheckAt?: Date;
  busy?: Promise<void>;
}

/** A run or check that is due on an idle tenant. */
export interface DueWork {
  slot: TenantSlot;
  config: TenantConfig;
  kind: 'sync' | 'check';
  due: Date;
}

export interface TenantSlotsOptions {
  directory: string;
  registry: ConnectorRegistry;
  logger: Logger;
  /** Learns every tenant's secrets as files are loaded. */
  redactor?: Redactor;
  clock: Clock;
  env?: NodeJS.ProcessEnv;
  /** Run every tenant found at the first scan at once. */
  runAtStart?: boolean;
  /** The size of a group of start-up checks. */
  maxParallel: number;
  /** Start-up checks: each next group this much later. Default 1 s. */
  startupSpacingMs?: number;
  /** A tenant file was removed (its kept runtime can be closed). */
  onRemoved?: (file: string) => void;
}

/** `${file:path}` in a tenant file's text (in a comment too: watching one file too many is harmless). */
const FILE_REFERENCE = /\$\{file:([^}]+)\}/g;

/** What changes when a file is rewritten or another is moved in its place; `missing` while it is not there. */
function fileSignature(file: string): string {
  try {
    const stat = statSync(file, { bigint: true });
    return `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
  } catch {
    return 'missing';
  }
}

/** The `${file:}` secrets of a tenant file (resolved as secret-references.ts does: relative to the file) with their signatures now. */
function secretFilesOf(tenantFile: string, text: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const [, name] of text.matchAll(FILE_REFERENCE)) {
    const key = name.trim();
    const file = isAbsolute(key) ? key : join(dirname(tenantFile), key);
    files.set(file, fileSignature(file));
  }
  return files;
}

export class TenantSlots {
  private readonly slots = new Map<string, TenantSlot>();
  private firstScan = true;
  private startupIndex = 0;

  constructor(private readonly options: TenantSlotsOptions) {}

  /** What is known of each tenant file, for tests and status. */
  states(): TenantState[] {
    return [...this.slots.values()].map((slot) => ({
      file: slot.file,
      tenant: slot.config?.tenant,
      valid: slot.config !== undefined,
      busy: slot.busy !== undefined,
      nextRunAt: slot.nextRunAt,
      nextCheckAt: slot.nextCheckAt,
    }));
  }

  /** Tenant files known, and how many of them can be used. */
  counts(): { tenants: number; valid: number } {
    const slots = [...this.slots.values()];
    return { tenants: slots.length, valid: slots.filter((slot) => slot.config).length };
  }

  /** The runs and checks in flight. */
  busyWork(): Promise<void>[] {
    return [...this.slots.values()].map((slot) => slot.busy).filter((b): b is Promise<void> => b !== undefined);
  }

  /** The tenants with work in flight (a file's name while it has no usable settings). */
  busyTenants(): string[] {
    return [...this.slots.values()].filter((slot) => slot.busy).map((slot) => slot.config?.tenant ?? slot.file);
  }

  /** When the next run and check of each idle, scheduled tenant are due (past or future). */
  upcoming(): Date[] {
    const dates: Date[] = [];
    for (const slot of this.slots.values()) {
      if (slot.busy || !slot.config?.scheduleEnabled) continue;
      for (const due of [slot.nextRunAt, slot.nextCheckAt]) if (due) dates.push(due);
    }
    return dates;
  }

  /** What is due on idle tenants, in the order it fell due (a run before a check of the same moment). */
  dueWork(now: Date): DueWork[] {
    const due: DueWork[] = [];
    for (const slot of this.slots.values()) {
      const config = slot.config;
      if (slot.busy || !config || !config.scheduleEnabled) continue;
      const run = slot.nextRunAt && slot.nextRunAt <= now ? slot.nextRunAt : undefined;
      const check = slot.nextCheckAt && slot.nextCheckAt <= now ? slot.nextCheckAt : undefined;
      if (run && (!check || run <= check)) due.push({ slot, config, kind: 'sync', due: run });
      else if (check) due.push({ slot, config, kind: 'check', due: check });
    }
    const rank = (item: DueWork) => (item.kind === 'sync' ? 0 : 1);
    return due.sort((a, b) => a.due.getTime() - b.due.getTime() || rank(a) - rank(b) || a.slot.file.localeCompare(b.slot.file));
  }

  /** Reads the directory: added files start, changed files are reloaded, removed files stop being scheduled. */
  rescan(): void {
    let files;
    try {
      files = scanConfigDirectory(this.options.directory);
    } catch (error) {
      // The directory itself is gone or unreadable, or this machine is out of descriptors: keep what is known, say so.
      const exhausted = resourceExhaustion(error);
      if (exhausted) this.options.logger.error(`the daemon ran out of ${exhausted === 'ENOMEM' ? 'memory' : 'file descriptors'} (${exhausted}) reading the config directory; the tenants known stay scheduled`, { problem: 'resources', code: exhausted });
      else this.options.logger.error('cannot read the config directory', { error: describeError(error) });
      return;
    }
    const seen = new Set(files.map((f) => f.file));
    for (const [file, slot] of this.slots) {
      if (seen.has(file)) continue;
      this.slots.delete(file);
      this.options.logger.info(slot.busy ? 'tenant file removed; its work in flight finishes' : 'tenant file removed', { tenant: slot.config?.tenant, file });
      this.options.onRemoved?.(file);
    }
    for (const { file, fingerprint } of files) {
      const known = this.slots.get(file);
      if (known?.fingerprint === fingerprint) {
        const secret = [...known.secretFiles].find(([secretFile, signature]) => fileSignature(secretFile) !== signature);
        if (secret) this.load(known, 'changed', { secretFile: secret[0] });
        continue;
      }
      const slot: TenantSlot = known ?? { file, fingerprint, secretFiles: new Map() };
      slot.fingerprint = fingerprint;
      this.slots.set(file, slot);
      this.load(slot, known ? 'changed' : 'added');
    }
    this.firstScan = false;
  }

  private load(slot: TenantSlot, change: 'added' | 'changed', because: { secretFile?: string } = {}): void {
    const now = this.options.clock.now();
    let config: TenantConfig;
    try {
      // The secrets' signatures before the file is read: a secret rewritten meanwhile is read again at the next scan.
      slot.secretFiles = secretFilesOf(slot.file, readTenantFile(slot.file));
      config = loadTenantConfig(slot.file, this.options.registry, { env: this.options.env });
      const clash = [...this.slots.values()].find((other) => other !== slot && other.config && (other.config.tenant === config.tenant || other.config.statePath === config.statePath));
      if (clash) {
        throw new ConfigurationError([{ path: 'tenant', message: `tenant ${config.tenant} (or its state file) is already configured in ${clash.file}; each tenant needs its own name and state` }]);
      }
    } catch (error) {
      slot.config = undefined;
      slot.nextRunAt = undefined;
      slot.nextCheckAt = undefined;
      const problems = error instanceof ConfigurationError ? error.problems : undefined;
      this.options.logger.error(`tenant file ${change} but cannot be used; it waits until it is fixed`, { file: slot.file, secretFile: because.secretFile, problems, error: problems ? undefined : describeError(error) });
      return;
    }
    this.options.redactor?.add(config.secrets);
    slot.config = config;
    const schedule = { tenant: config.tenant, intervalMinutes: config.everyMinutes };
    slot.nextRunAt = this.firstScan && this.options.runAtStart ? now : nextRunAt(schedule, now);
    // A new or changed tenant is checked at once, so its dots show the new settings; the files
    // found at start-up in groups of `maxParallel`, so a thousand tenants do not all connect at once.
    const group = this.firstScan ? Math.floor(this.startupIndex++ / this.options.maxParallel) : 0;
    slot.nextCheckAt = new Date(now.getTime() + group * (this.options.startupSpacingMs ?? 1_000));
    this.options.logger.info(`tenant ${change}`, {
      tenant: config.tenant,
      file: slot.file,
      secretFile: because.secretFile,
      source: config.source.manifest.id,
      sink: config.sink.manifest.id,
      everyMinutes: config.everyMinutes,
      scheduled: config.scheduleEnabled,
      nextRunAt: config.scheduleEnabled ? slot.nextRunAt.toISOString() : undefined,
    });
  }
}
