/**
 * The daemon's real work. A tenant's runtime (its log file, container, caches and state store) is
 * kept open between its runs and checks, so a run that finds nothing new costs a page read and a
 * few statements, not a whole start-up. Each run still begins with its own runId and takes the
 * engine's run lock; the engine closes the sink session at the end of every run, and a check
 * closes the one it opened, so no session outlives the work that opened it.
 *
 * A kept runtime is closed, and opened anew by the next piece of work, when:
 * - the tenant's settings changed: the daemon hands over another `TenantConfig` (its file, or a
 *   `${file:}` secret it uses, changed; tenant-slots.ts);
 * - a run ended in a way a fresh start may cure: a configuration, authentication or internal
 *   error, the machine out of descriptors or memory, a document parked (the sink's caches of
 *   relations and ids are read afresh for its retry), or the work threw;
 * - it is the least recently used of more than `keepOpen` runtimes (closed once its work ends);
 * - its tenant file was removed (`retire`), or the daemon stops (`closeAll`).
 * With `keepOpen` 0 every piece of work opens its own runtime and closes it, as before.
 * Runtimes in use are known, so a stop that cannot wait any longer closes their sink sessions.
 */
import { describeError, hasCapability, resourceExhaustion, type CheckResult } from '@koppelwerk/core';
import type { SyncOutcome, SyncSummary } from '@koppelwerk/engine';
import { checkTenant, type OpenOptions, openTenantConfig, runImport, type TenantConfig, type TenantRuntime } from '@koppelwerk/runtime';
import type { TenantObserver } from '@koppelwerk/observability';

/** What the daemon does for a tenant. */
export interface DaemonWork {
  /** One sync run; when `signal` aborts it finishes the documents in flight and returns. */
  sync(config: TenantConfig, signal: AbortSignal): Promise<SyncSummary>;
  /** Both dots, saved in the tenant's state. */
  check(config: TenantConfig): Promise<{ source: CheckResult; sink: CheckResult }>;
  /**
   * The stop cannot wait any longer: close every sink session still open (e-Boekhouden
   * CloseSession) within `withinMs`. Documents whose write is under way stay in doubt; the next
   * run settles them by asking the sink. Resolves with the number of runs cut short.
   */
  abort?(withinMs: number): Promise<number>;
  /** Runtimes kept open between runs, at most this many (`RuntimeWork.victim` says which goes first); 0 keeps none. */
  keepOpen?(tenants: number): void;
  /** The tenant file is gone: close the runtime kept for it (when it is not in use). */
  retire?(file: string): Promise<void>;
  /** Closes every runtime kept between runs that is not in use (the daemon stops). */
  closeAll?(): Promise<void>;
}

/**
 * Why 1,000 by default: the goal is 1,000 tenants on a one-minute cadence, and fewer places than
 * the tenants that run every minute save little (those come round in turn, so only the share that
 * fits stays kept, see `victim`; each run not kept costs about 5 ms more CPU). A kept runtime holds
 * 4 descriptors (the log file, the SQLite file, its WAL and shared memory) and about 0.4 MB
 * (`npm run bench -- daemon`: 1,000 kept took the daemon from about 200 MB to 650 MB, run from the
 * sources), and Node raises its soft descriptor limit to the hard one at start. A daemon that must
 * stay in less memory sets `daemon.keepOpenTenants` lower, trading 0.4 MB per tenant for that CPU.
 */
export const DEFAULT_KEEP_OPEN_TENANTS = 1_000;

/** Run outcomes after which the runtime is opened anew for the next piece of work. */
const REOPEN_AFTER: ReadonlySet<SyncOutcome> = new Set(['internal', 'configuration', 'authentication', 'parked']);

interface Kept {
  config: TenantConfig;
  runtime: TenantRuntime;
  /** Work in flight on it (one at most: the daemon gives a tenant one piece of work at a time). */
  busy: boolean;
  /** Close it when its work ends (it was replaced, retired or squeezed out). */
  stale: boolean;
}

export class RuntimeWork implements DaemonWork {
  /** Kept runtimes by tenant file, least recently used first (a Map keeps insertion order). */
  private readonly kept = new Map<string, Kept>();
  /** Runtimes in use right now (runs and checks in flight), kept or not. */
  private readonly open = new Set<TenantRuntime>();
  private capacity: number;

  /** `observer` is told every run's summary and every check (metrics and alerts); `keepOpen` as `keepOpen()`. */
  constructor(private readonly options: OpenOptions & { observer?: TenantObserver; keepOpen?: number } = {}) {
    this.capacity = options.keepOpen ?? DEFAULT_KEEP_OPEN_TENANTS;
  }

  /** Runtimes open right now (runs and checks in flight). */
  get inUse(): number {
    return this.open.size;
  }

  /** Runtimes kept open, in use or not. */
  get keptOpen(): number {
    return this.kept.size;
  }

  keepOpen(tenants: number): void {
    if (!(Number.isInteger(tenants) && tenants >= 0)) throw new RangeError(`keepOpen must be a whole number of 0 or more, got ${tenants}`);
    this.capacity = tenants;
  }

  async sync(config: TenantConfig, signal: AbortSignal): Promise<SyncSummary> {
    const runtime = await this.acquire(config);
    let reopen = true;
    try {
      const runLog = runtime.logger;
      // Sources that also receive from the bookkeeping (WerkbonApp) get both directions on one cadence:
      // relations, materials and hour types first, so the work orders that follow can use them.
      if (hasCapability(config.source.manifest, 'import-target') && !signal.aborted) {
        try {
          runLog.info((await runImport(runtime)).message, { direction: 'import' });
        } catch (error) {
          runLog.warn(`import from the bookkeeping failed: ${describeError(error)}`, { direction: 'import' });
        }
      }
      const summary = await runtime.engine.sync({ runId: runtime.runId, signal });
      await this.options.observer?.afterRun(runtime, summary);
      reopen = REOPEN_AFTER.has(summary.outcome) || (summary.outcome !== 'ok' && resourceExhaustion(summary.message) !== undefined);
      return summary;
    } finally {
      await this.release(config, runtime, reopen);
    }
  }

  async check(config: TenantConfig): Promise<{ source: CheckResult; sink: CheckResult }> {
    const runtime = await this.acquire(config);
    let reopen = true;
    try {
      const checks = await checkTenant(runtime);
      await this.options.observer?.afterCheck(runtime);
      reopen = false;
      return checks;
    } finally {
      // The check opened a sink session; a kept runtime must not hold it until its next run.
      if (!reopen) await this.closeSession(runtime);
      await this.release(config, runtime, reopen);
    }
  }

  async abort(withinMs: number): Promise<number> {
    const runtimes = [...this.open];
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, withinMs)));
    try {
      await Promise.race([Promise.allSettled(runtimes.map((runtime) => runtime.sink.close())), bound]);
    } finally {
      clearTimeout(timer);
    }
    return runtimes.length;
  }

  async retire(file: string): Promise<void> {
    const entry = this.kept.get(file);
    if (!entry) return;
    if (entry.busy) {
      entry.stale = true;
      return;
    }
    this.kept.delete(file);
    await this.closeQuietly(entry.runtime);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.kept.keys()].map((file) => this.retire(file)));
  }

  /** The tenant's kept runtime when it was opened with these settings; else a new one (the old one closed). */
  private async acquire(config: TenantConfig): Promise<TenantRuntime> {
    const entry = this.kept.get(config.file);
    if (entry && !entry.busy && !entry.stale && entry.config === config) {
      // Most recently used: to the end of the order.
      this.kept.delete(config.file);
      this.kept.set(config.file, entry);
      entry.busy = true;
      entry.runtime.beginRun();
      this.open.add(entry.runtime);
      return entry.runtime;
    }
    if (entry && !entry.busy) {
      this.kept.delete(config.file);
      await this.closeQuietly(entry.runtime);
    }
    const runtime = await openTenantConfig(config, this.options);
    this.open.add(runtime);
    if (this.capacity > 0 && !this.kept.has(config.file)) this.kept.set(config.file, { config, runtime, busy: true, stale: false });
    return runtime;
  }

  /**
   * The work on `runtime` ended: keep it for the next, or close it (a failure to close fails the
   * work, as it always did); the least recently used beyond the capacity are closed first.
   */
  private async release(config: TenantConfig, runtime: TenantRuntime, reopen: boolean): Promise<void> {
    this.open.delete(runtime);
    const entry = this.kept.get(config.file);
    const keep = entry?.runtime === runtime && !entry.stale && !reopen;
    if (entry?.runtime === runtime) {
      entry.busy = false;
      if (!keep) this.kept.delete(config.file);
    }
    const squeezed: TenantRuntime[] = [];
    while (this.kept.size > this.capacity) {
      const victim = this.victim();
      if (!victim) break;
      this.kept.delete(victim.config.file);
      squeezed.push(victim.runtime);
    }
    const own = squeezed.includes(runtime) || !keep;
    await Promise.all(squeezed.filter((other) => other !== runtime).map((other) => this.closeQuietly(other)));
    if (own) await runtime.close();
  }

  /**
   * Which idle runtime to close when more are kept than allowed: the one of the tenant with the
   * longest interval (it is needed least often), of those the most recently used. Not the least
   * recently used: tenants on one cadence come round in turn, and closing the one used longest ago
   * closes the next one due, so every run would open anew; this way a fixed share stays kept.
   */
  private victim(): Kept | undefined {
    let victim: Kept | undefined;
    for (const entry of this.kept.values()) {
      if (entry.busy) continue;
      if (!victim || entry.config.everyMinutes >= victim.config.everyMinutes) victim = entry;
    }
    return victim;
  }

  private async closeSession(runtime: TenantRuntime): Promise<void> {
    try {
      await runtime.sink.close();
    } catch (error) {
      runtime.logger.warn(`closing the sink session failed: ${describeError(error)}`);
    }
  }

  /** Closing never fails the work: what cannot be closed is logged in the tenant's log. */
  private async closeQuietly(runtime: TenantRuntime): Promise<void> {
    try {
      await runtime.close();
    } catch (error) {
      runtime.logger.warn(`closing the tenant runtime failed: ${describeError(error)}`);
    }
  }
}

/** The default work of a daemon built without one. */
export const runtimeWork = new RuntimeWork();
