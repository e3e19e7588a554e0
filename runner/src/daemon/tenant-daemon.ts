/**
 * The daemon: every tenant file in a directory, each on its own cadence.
 *
 * - A tenant runs on the grid of its interval (`schedule.everyMinutes`, else the source's default),
 *   shifted by the engine's name-derived offset (`nextRunAt`), so tenants do not all start at once.
 * - Its connections are checked when its file appears or changes, then every `checkEveryMinutes`
 *   (spread the same way); the dots are saved in its state.
 * - The directory is scanned on every tick: added files start, changed files are reloaded (a run in
 *   flight finishes with the old settings), removed files stop being scheduled. A file with
 *   problems is logged with every problem and waits until it is fixed.
 * - One piece of work per tenant at a time (run or check); what falls due meanwhile starts after.
 *   Every run opens its own runtime (container, sink session, caches, state store) and closes it.
 * - `stop()` (SIGTERM) aborts the runs' signal: each finishes the documents in flight and ends.
 *
 * Time comes from an injectable clock and `tick()` does one pass, so tests drive it without waiting.
 */
import {
  ConfigurationError,
  Redactor,
  describeError,
  hasCapability,
  systemClock,
  type CheckResult,
  type Clock,
  type ConnectorRegistry,
  type Logger,
} from '@koppelwerk/core';
import { nextRunAt, type SyncSummary } from '@koppelwerk/engine';
import { loadTenantConfig, type TenantConfig } from '../tenant-config';
import { runImport } from '../commands/import-command';
import { checkTenant, openTenantConfig } from '../tenant-runtime';
import { scanConfigDirectory } from './config-directory';

/** What the daemon does for a tenant; the default opens a fresh runtime each time. */
export interface DaemonWork {
  /** One sync run; when `signal` aborts it finishes the documents in flight and returns. */
  sync(config: TenantConfig, signal: AbortSignal): Promise<SyncSummary>;
  /** Both dots, saved in the tenant's state. */
  check(config: TenantConfig): Promise<{ source: CheckResult; sink: CheckResult }>;
}

export const runtimeWork: DaemonWork = {
  async sync(config, signal) {
    const runtime = await openTenantConfig(config);
    try {
      // Sources that also receive from the bookkeeping (WerkbonApp) get both directions on one cadence:
      // relations, materials and hour types first, so the work orders that follow can use them.
      if (hasCapability(config.source.manifest, 'import-target') && !signal.aborted) {
        try {
          runtime.logger.info((await runImport(runtime)).message, { direction: 'import' });
        } catch (error) {
          runtime.logger.warn(`import from the bookkeeping failed: ${describeError(error)}`, { direction: 'import' });
        }
      }
      return await runtime.engine.sync({ runId: runtime.runId, signal });
    } finally {
      await runtime.close();
    }
  },
  async check(config) {
    const runtime = await openTenantConfig(config);
    try {
      return await checkTenant(runtime);
    } finally {
      await runtime.close();
    }
  },
};

export interface TenantDaemonOptions {
  directory: string;
  registry: ConnectorRegistry;
  logger: Logger;
  /** Learns every tenant's secrets as files are loaded; the logger should use it. */
  redactor?: Redactor;
  clock?: Clock;
  work?: DaemonWork;
  /** Minutes between connection checks of a tenant. Default 15. */
  checkEveryMinutes?: number;
  /** Run every tenant found at start-up at once, then on its cadence. */
  runAtStart?: boolean;
  /** Longest sleep between two scans of the directory. Default 5 s. */
  rescanMs?: number;
  env?: NodeJS.ProcessEnv;
}

interface TenantSlot {
  file: string;
  fingerprint: string;
  /** Undefined while the file has problems. */
  config?: TenantConfig;
  nextRunAt?: Date;
  nextCheckAt?: Date;
  busy?: Promise<void>;
}

export interface TenantState {
  file: string;
  tenant?: string;
  valid: boolean;
  busy: boolean;
  nextRunAt?: Date;
  nextCheckAt?: Date;
}

export class TenantDaemon {
  private readonly slots = new Map<string, TenantSlot>();
  private readonly clock: Clock;
  private readonly work: DaemonWork;
  private readonly checkEveryMinutes: number;
  private readonly stopping = new AbortController();
  private wake?: () => void;
  private firstScan = true;

  constructor(private readonly options: TenantDaemonOptions) {
    this.clock = options.clock ?? systemClock;
    this.work = options.work ?? runtimeWork;
    this.checkEveryMinutes = options.checkEveryMinutes ?? 15;
  }

  get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  /** What the daemon knows of each tenant file, for tests and status. */
  tenants(): TenantState[] {
    return [...this.slots.values()].map((slot) => ({
      file: slot.file,
      tenant: slot.config?.tenant,
      valid: slot.config !== undefined,
      busy: slot.busy !== undefined,
      nextRunAt: slot.nextRunAt,
      nextCheckAt: slot.nextCheckAt,
    }));
  }

  /** One pass: rescan the directory, then start every run or check that is due on an idle tenant. */
  async tick(): Promise<void> {
    if (this.stopped) return;
    this.rescan();
    const now = this.clock.now();
    for (const slot of this.slots.values()) {
      if (slot.busy || !slot.config || !slot.config.scheduleEnabled) continue;
      if (slot.nextRunAt && slot.nextRunAt <= now) this.startSync(slot, slot.config);
      else if (slot.nextCheckAt && slot.nextCheckAt <= now) this.startCheck(slot, slot.config);
    }
  }

  /** Resolves when no run or check is in flight. */
  async idle(): Promise<void> {
    for (;;) {
      const busy = [...this.slots.values()].map((slot) => slot.busy).filter((b): b is Promise<void> => b !== undefined);
      if (busy.length === 0) return;
      await Promise.all(busy);
    }
  }

  /** When the next tick has something to do: the earliest due run or check, at most `rescanMs` away. */
  nextWakeAt(): Date {
    const now = this.clock.now().getTime();
    let wake = now + (this.options.rescanMs ?? 5_000);
    for (const slot of this.slots.values()) {
      if (slot.busy || !slot.config?.scheduleEnabled) continue;
      for (const due of [slot.nextRunAt, slot.nextCheckAt]) if (due) wake = Math.min(wake, Math.max(now, due.getTime()));
    }
    return new Date(wake);
  }

  /**
   * The loop: tick, sleep until the next thing is due (or work ends, or a stop), repeat; after
   * `stop()` wait for the runs in flight to finish their documents.
   */
  async run(sleep: (ms: number, wake: AbortSignal) => Promise<void> = abortableSleep): Promise<void> {
    this.options.logger.info('daemon started', { directory: this.options.directory, checkEveryMinutes: this.checkEveryMinutes });
    while (!this.stopped) {
      await this.tick();
      if (this.stopped) break;
      const woken = new AbortController();
      this.wake = () => woken.abort();
      await sleep(Math.max(0, this.nextWakeAt().getTime() - this.clock.now().getTime()), AbortSignal.any([woken.signal, this.stopping.signal]));
      this.wake = undefined;
    }
    const inFlight = [...this.slots.values()].filter((slot) => slot.busy).map((slot) => slot.config?.tenant ?? slot.file);
    if (inFlight.length) this.options.logger.info('stopping: finishing the documents in flight', { tenants: inFlight });
    await this.idle();
    this.options.logger.info('daemon stopped');
  }

  /** Asks the loop and every run in flight to end after the documents they are writing. */
  stop(): void {
    if (!this.stopped) this.options.logger.info('stop requested');
    this.stopping.abort();
  }

  private rescan(): void {
    let files;
    try {
      files = scanConfigDirectory(this.options.directory);
    } catch (error) {
      // The directory itself is gone or unreadable: keep what is known, say so.
      this.options.logger.error('cannot read the config directory', { error: describeError(error) });
      return;
    }
    const seen = new Set(files.map((f) => f.file));
    for (const [file, slot] of this.slots) {
      if (seen.has(file)) continue;
      this.slots.delete(file);
      this.options.logger.info(slot.busy ? 'tenant file removed; its work in flight finishes' : 'tenant file removed', { tenant: slot.config?.tenant, file });
    }
    for (const { file, fingerprint } of files) {
      const known = this.slots.get(file);
      if (known?.fingerprint === fingerprint) continue;
      const slot: TenantSlot = known ?? { file, fingerprint };
      slot.fingerprint = fingerprint;
      this.slots.set(file, slot);
      this.load(slot, known ? 'changed' : 'added');
    }
    this.firstScan = false;
  }

  private load(slot: TenantSlot, change: 'added' | 'changed'): void {
    const now = this.clock.now();
    let config: TenantConfig;
    try {
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
      this.options.logger.error(`tenant file ${change} but cannot be used; it waits until it is fixed`, { file: slot.file, problems, error: problems ? undefined : describeError(error) });
      return;
    }
    this.options.redactor?.add(config.secrets);
    slot.config = config;
    const schedule = { tenant: config.tenant, intervalMinutes: config.everyMinutes };
    slot.nextRunAt = this.firstScan && this.options.runAtStart ? now : nextRunAt(schedule, now);
    // A new or changed tenant is checked at once, so its dots show the new settings.
    slot.nextCheckAt = now;
    this.options.logger.info(`tenant ${change}`, {
      tenant: config.tenant,
      file: slot.file,
      source: config.source.manifest.id,
      sink: config.sink.manifest.id,
      everyMinutes: config.everyMinutes,
      scheduled: config.scheduleEnabled,
      nextRunAt: config.scheduleEnabled ? slot.nextRunAt.toISOString() : undefined,
    });
  }

  private startSync(slot: TenantSlot, config: TenantConfig): void {
    const log = this.options.logger.child({ tenant: config.tenant });
    const started = this.clock.now();
    slot.nextRunAt = nextRunAt({ tenant: config.tenant, intervalMinutes: config.everyMinutes }, started);
    log.info('sync started');
    this.occupy(slot, async () => {
      try {
        const summary = await this.work.sync(config, this.stopping.signal);
        const level = summary.outcome === 'ok' || summary.outcome === 'parked' || summary.outcome === 'locked' ? 'info' : 'warn';
        log[level](`sync finished: ${summary.outcome}`, {
          runId: summary.runId,
          outcome: summary.outcome,
          counts: summary.counts,
          stopped: summary.stopped || undefined,
          message: summary.message,
          nextRunAt: slot.nextRunAt?.toISOString(),
        });
      } catch (error) {
        log.error('sync failed', { error: describeError(error), nextRunAt: slot.nextRunAt?.toISOString() });
      }
    });
  }

  private startCheck(slot: TenantSlot, config: TenantConfig): void {
    const log = this.options.logger.child({ tenant: config.tenant });
    slot.nextCheckAt = nextRunAt({ tenant: `${config.tenant}#check`, intervalMinutes: this.checkEveryMinutes }, this.clock.now());
    this.occupy(slot, async () => {
      try {
        const { source, sink } = await this.work.check(config);
        const dot = (result: CheckResult) => (result.ok ? 'green' : 'red');
        log[source.ok && sink.ok ? 'info' : 'warn']('connections checked', {
          source: dot(source),
          sink: dot(sink),
          reasons: [source, sink].filter((r) => !r.ok).map((r) => r.reason),
          nextCheckAt: slot.nextCheckAt?.toISOString(),
        });
      } catch (error) {
        log.error('check failed', { error: describeError(error) });
      }
    });
  }

  private occupy(slot: TenantSlot, job: () => Promise<void>): void {
    slot.busy = job().finally(() => {
      slot.busy = undefined;
      this.wake?.();
    });
  }
}

/** Sleeps `ms`, or less when `wake` aborts. */
export function abortableSleep(ms: number, wake: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (wake.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      wake.removeEventListener('abort', done);
      resolve();
    }
    wake.addEventListener('abort', done, { once: true });
  });
}
