/**
 * The daemon: every tenant file in a directory, each on its own cadence, for months on end.
 *
 * - A tenant runs on the grid of its interval (`schedule.everyMinutes`, else the source's default),
 *   shifted by the engine's name-derived offset (`nextRunAt`), so tenants do not all start at once.
 * - Its connections are checked when its file appears or changes, then every `checkEveryMinutes`
 *   (spread the same way); the dots are saved in its state. The checks of the files found at
 *   start-up are spread too: `maxParallel` at once, the next group `startupSpacingMs` later.
 * - At most `maxParallel` runs and checks are in flight at once, over all tenants. What is due
 *   while every place is taken waits, and starts in the order it fell due (oldest slot first), so
 *   no tenant starves; how late each start was (drift) is recorded and reported.
 * - The directory is scanned on every tick: added files start, changed files are reloaded (a run in
 *   flight finishes with the old settings), removed files stop being scheduled. A file with
 *   problems is logged with every problem and waits until it is fixed.
 * - One piece of work per tenant at a time (run or check). A tenant's runtime (log file, container,
 *   caches, state store) is kept open between its runs, up to `keepOpenTenants` of them, and opened
 *   anew when its file or a `${file:}` secret changes or a run failed in a way that calls for it
 *   (runtime-work.ts); every run has its own runId, run lock and sink session.
 * - The directory is read at most every `rescanMs` while the loop runs (`tick()` always reads it),
 *   so a thousand tenants finishing runs do not read a thousand files each.
 * - A run or check that fails because this machine ran out of file descriptors or memory (EMFILE,
 *   ENFILE, ENOMEM) is the daemon's problem: one daemon-level error line, no dot changes, and the
 *   work is tried again after `resourceRetryMs`.
 * - `stop()` (SIGTERM): nothing new starts; the runs in flight finish the documents they are
 *   writing, for at most `stopWithinMs`. Then, or at a second `stop()`, the stop is cut short:
 *   every open sink session is closed and `run()` returns at once (what is in doubt is settled by
 *   the next start, docs/engine.md).
 *
 * The tenant files and what is due on them are kept in tenant-slots.ts; this file runs the loop,
 * the places and the stop. Time comes from an injectable clock and `tick()` does one pass, so tests
 * drive it without waiting.
 */
import { Redactor, describeError, resourceExhaustion, systemClock, type CheckResult, type Clock, type ConnectorRegistry, type Logger } from '@koppelwerk/core';
import { nextRunAt } from '@koppelwerk/engine';
import { DEFAULT_CHECK_EVERY_MINUTES, DEFAULT_STOP_WITHIN_SECONDS, defaultMaxParallel, resolveKeepOpenTenants } from './daemon-settings';
import { emptyWorkCounts, type DaemonStatus, type DaemonStopReport, type TenantState } from './daemon-status';
import { descriptorsNearlyExhausted, processResources, stateFileUnopenable } from './process-resources';
import { resourceProblemLine } from './resource-problem';
import { runtimeWork, type DaemonWork } from './runtime-work';
import { DriftRecorder } from './schedule-drift';
import { TenantSlots, type DueWork, type TenantSlot } from './tenant-slots';
import { abortableSleep, type TenantConfig } from '@koppelwerk/runtime';

export type { DaemonWork } from './runtime-work';
export { runtimeWork } from './runtime-work';
export { abortableSleep } from '@koppelwerk/runtime';
export type { DaemonStatus, DaemonStopReport, TenantState, WorkCounts } from './daemon-status';

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
  /** Runs and checks in flight at once, over all tenants. Default `defaultMaxParallel()`. */
  maxParallel?: number;
  /** After `stop()`, how long the runs in flight may take to finish their documents. Default 30 s. */
  stopWithinMs?: number;
  /** Start-up checks: `maxParallel` at once, each next group this much later. Default 1 s. */
  startupSpacingMs?: number;
  /** Work that failed for want of descriptors or memory is tried again this much later. Default 60 s. */
  resourceRetryMs?: number;
  /** Minutes between `daemon load` log lines. Default 15. */
  reportEveryMinutes?: number;
  /** Tenant runtimes kept open between runs. Default: the directory's koppelwerk.yaml (`daemon.keepOpenTenants`), else 1,000. */
  keepOpenTenants?: number;
}

/** How long a stop that is cut short waits for the sink sessions to close. */
const SESSION_CLOSE_BOUND_MS = 5_000;

export class TenantDaemon {
  private readonly slots: TenantSlots;
  private readonly clock: Clock;
  private readonly work: DaemonWork;
  private readonly checkEveryMinutes: number;
  readonly maxParallel: number;
  private readonly stopping = new AbortController();
  private readonly hardStop = new AbortController();
  private stopBound?: NodeJS.Timeout;
  private wake?: () => void;
  private inFlight = 0;
  private nextReportAt?: number;
  private readonly counts = { runs: emptyWorkCounts(), checks: emptyWorkCounts() };
  private readonly drift = { runs: new DriftRecorder(), checks: new DriftRecorder() };
  private resourceProblems = 0;
  private readonly keepOpenTenants: number;
  /** When the loop reads the directory next. */
  private nextScanAt = 0;

  constructor(private readonly options: TenantDaemonOptions) {
    this.clock = options.clock ?? systemClock;
    this.work = options.work ?? runtimeWork;
    this.checkEveryMinutes = options.checkEveryMinutes ?? DEFAULT_CHECK_EVERY_MINUTES;
    this.maxParallel = options.maxParallel ?? defaultMaxParallel();
    if (!(Number.isInteger(this.maxParallel) && this.maxParallel >= 1)) throw new RangeError(`maxParallel must be a whole number of at least 1, got ${this.maxParallel}`);
    const { directory, registry, logger, redactor, env, runAtStart, startupSpacingMs } = options;
    this.keepOpenTenants = resolveKeepOpenTenants(directory, options.keepOpenTenants).keepOpenTenants;
    this.work.keepOpen?.(this.keepOpenTenants);
    const onRemoved = (file: string) => void this.work.retire?.(file);
    this.slots = new TenantSlots({ directory, registry, logger, redactor, env, runAtStart, startupSpacingMs, onRemoved, clock: this.clock, maxParallel: this.maxParallel });
  }

  get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  /** What the daemon knows of each tenant file, for tests and status. */
  tenants(): TenantState[] {
    return this.slots.states();
  }

  status(): DaemonStatus {
    return {
      ...this.slots.counts(),
      maxParallel: this.maxParallel,
      inFlight: this.inFlight,
      waiting: this.slots.dueWork(this.clock.now()).length,
      runs: { ...this.counts.runs },
      checks: { ...this.counts.checks },
      drift: { runs: this.drift.runs.figures(), checks: this.drift.checks.figures() },
      resourceProblems: this.resourceProblems,
      resources: processResources(),
    };
  }

  /** One pass: rescan the directory, then start what is due, oldest first, while places are free. */
  async tick(): Promise<void> {
    if (this.stopped) return;
    this.rescan();
    this.dispatch();
  }

  private rescan(): void {
    this.slots.rescan();
    this.nextScanAt = this.clock.now().getTime() + this.rescanMs();
  }

  private rescanMs(): number {
    return this.options.rescanMs ?? 5_000;
  }

  /** Resolves when no run or check is in flight (work that starts meanwhile is waited for too). */
  async idle(): Promise<void> {
    for (;;) {
      const busy = this.slots.busyWork();
      if (busy.length === 0) return;
      await Promise.all(busy);
    }
  }

  /** When the next tick has something to do: the earliest due run or check, at most `rescanMs` away. */
  nextWakeAt(): Date {
    const now = this.clock.now().getTime();
    let wake = Math.max(now, Math.min(now + this.rescanMs(), this.nextScanAt));
    if (this.nextReportAt !== undefined) wake = Math.min(wake, Math.max(now, this.nextReportAt));
    // While every place is taken, a finishing job wakes the queue itself.
    if (this.inFlight >= this.maxParallel) return new Date(wake);
    for (const due of this.slots.upcoming()) wake = Math.min(wake, Math.max(now, due.getTime()));
    return new Date(wake);
  }

  /**
   * The loop: tick, sleep until the next thing is due (or work ends, or a stop), repeat; after
   * `stop()` wait for the runs in flight to finish their documents, at most `stopWithinMs`.
   */
  async run(sleep: (ms: number, wake: AbortSignal) => Promise<void> = abortableSleep): Promise<DaemonStopReport> {
    this.options.logger.info('daemon started', {
      directory: this.options.directory,
      checkEveryMinutes: this.checkEveryMinutes,
      maxParallel: this.maxParallel,
      stopWithinSeconds: this.stopWithinMs() / 1000,
      keepOpenTenants: this.keepOpenTenants,
    });
    const reportEveryMs = (this.options.reportEveryMinutes ?? 15) * 60_000;
    this.nextReportAt = this.clock.now().getTime() + reportEveryMs;
    while (!this.stopped) {
      // The directory when it is due (and at the first pass); what is due to run, at every pass.
      if (this.clock.now().getTime() >= this.nextScanAt) this.rescan();
      this.dispatch();
      if (this.clock.now().getTime() >= this.nextReportAt) {
        this.options.logger.info('daemon load', { ...this.status() });
        this.nextReportAt = this.clock.now().getTime() + reportEveryMs;
      }
      if (this.stopped) break;
      const woken = new AbortController();
      this.wake = () => woken.abort();
      await sleep(Math.max(0, this.nextWakeAt().getTime() - this.clock.now().getTime()), AbortSignal.any([woken.signal, this.stopping.signal]));
      this.wake = undefined;
    }
    const inFlight = this.slots.busyTenants();
    if (inFlight.length) this.options.logger.info('stopping: finishing the documents in flight', { tenants: inFlight, withinSeconds: this.stopWithinMs() / 1000 });
    const hardStopped = new Promise<'forced'>((resolve) => {
      if (this.hardStop.signal.aborted) resolve('forced');
      this.hardStop.signal.addEventListener('abort', () => resolve('forced'), { once: true });
    });
    const ended = await Promise.race([this.idle().then(() => 'idle' as const), hardStopped]);
    clearTimeout(this.stopBound);
    const { runs, checks, drift, resourceProblems } = this.status();
    if (ended === 'forced') {
      const cutShort = this.slots.busyTenants();
      await this.work.abort?.(SESSION_CLOSE_BOUND_MS);
      await this.closeKept();
      this.options.logger.warn('daemon stopped at once: runs cut short; the next start settles whatever they left in doubt', { cutShort, runs, checks });
      return { forced: true, cutShort };
    }
    await this.closeKept();
    this.options.logger.info('daemon stopped', { runs, checks, drift, resourceProblems });
    return { forced: false, cutShort: [] };
  }

  /**
   * Asks the loop and every run in flight to end after the documents they are writing, within
   * `stopWithinMs`; a second call (or the bound) cuts the stop short.
   */
  stop(): void {
    if (this.hardStop.signal.aborted) return;
    if (this.stopped) {
      this.cutShort('a second stop was asked for');
      return;
    }
    this.options.logger.info('stop requested', { inFlight: this.inFlight, withinSeconds: this.stopWithinMs() / 1000 });
    this.stopping.abort();
    if (this.inFlight > 0) {
      this.stopBound = setTimeout(() => this.cutShort(`the runs were still busy after ${this.stopWithinMs() / 1000} s`), this.stopWithinMs());
    }
  }

  private cutShort(reason: string): void {
    if (this.hardStop.signal.aborted) return;
    clearTimeout(this.stopBound);
    this.options.logger.warn(`stopping at once: ${reason}`, { tenants: this.slots.busyTenants() });
    this.hardStop.abort();
  }

  /** The runtimes kept between runs are closed when the daemon stops (their state files checkpointed, their logs flushed). */
  private async closeKept(): Promise<void> {
    try {
      await this.work.closeAll?.();
    } catch (error) {
      this.options.logger.warn('closing the tenant runtimes kept open failed', { error: describeError(error) });
    }
  }

  private stopWithinMs(): number {
    return this.options.stopWithinMs ?? DEFAULT_STOP_WITHIN_SECONDS * 1000;
  }

  /** Starts due work, oldest slot first, while places are free. */
  private dispatch(): void {
    if (this.stopped) return;
    const free = this.maxParallel - this.inFlight;
    if (free <= 0) return;
    for (const item of this.slots.dueWork(this.clock.now()).slice(0, free)) {
      if (item.kind === 'sync') this.startSync(item);
      else this.startCheck(item);
    }
  }

  private startSync({ slot, config, due }: DueWork): void {
    const log = this.options.logger.child({ tenant: config.tenant });
    const started = this.clock.now();
    const driftMs = started.getTime() - due.getTime();
    this.drift.runs.record(driftMs);
    this.counts.runs.started++;
    slot.nextRunAt = nextRunAt({ tenant: config.tenant, intervalMinutes: config.everyMinutes }, started);
    log.info('sync started', { driftMs });
    this.occupy(slot, async () => {
      try {
        const summary = await this.work.sync(config, this.stopping.signal);
        const exhausted = summary.outcome === 'ok' || summary.outcome === 'parked' ? undefined : resourceExhaustion(summary.message);
        if (exhausted) {
          this.counts.runs.failed++;
          this.outOfResources(slot, config, 'sync', exhausted, summary.message);
          return;
        }
        this.counts.runs.finished++;
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
        this.counts.runs.failed++;
        const exhausted = resourceExhaustion(error) ?? (descriptorsNearlyExhausted() || stateFileUnopenable(error, config.statePath) ? 'EMFILE' : undefined);
        if (exhausted) this.outOfResources(slot, config, 'sync', exhausted, describeError(error));
        else log.error('sync failed', { error: describeError(error), nextRunAt: slot.nextRunAt?.toISOString() });
      }
    });
  }

  private startCheck({ slot, config, due }: DueWork): void {
    const log = this.options.logger.child({ tenant: config.tenant });
    this.drift.checks.record(this.clock.now().getTime() - due.getTime());
    this.counts.checks.started++;
    slot.nextCheckAt = nextRunAt({ tenant: `${config.tenant}#check`, intervalMinutes: this.checkEveryMinutes }, this.clock.now());
    this.occupy(slot, async () => {
      try {
        const { source, sink } = await this.work.check(config);
        this.counts.checks.finished++;
        const dot = (result: CheckResult) => (result.ok ? 'green' : 'red');
        log[source.ok && sink.ok ? 'info' : 'warn']('connections checked', {
          source: dot(source),
          sink: dot(sink),
          reasons: [source, sink].filter((r) => !r.ok).map((r) => r.reason),
          nextCheckAt: slot.nextCheckAt?.toISOString(),
        });
      } catch (error) {
        this.counts.checks.failed++;
        const exhausted = resourceExhaustion(error) ?? (descriptorsNearlyExhausted() || stateFileUnopenable(error, config.statePath) ? 'EMFILE' : undefined);
        if (exhausted) this.outOfResources(slot, config, 'check', exhausted, describeError(error));
        else log.error('check failed', { error: describeError(error) });
      }
    });
  }

  /** The machine ran out: a daemon-level error line, no dot changes, the work tried again soon. */
  private outOfResources(slot: TenantSlot, config: TenantConfig, kind: 'sync' | 'check', code: string, detail: string | undefined): void {
    this.resourceProblems++;
    const retryAt = new Date(this.clock.now().getTime() + (this.options.resourceRetryMs ?? 60_000));
    if (kind === 'sync' && (!slot.nextRunAt || slot.nextRunAt > retryAt)) slot.nextRunAt = retryAt;
    if (kind === 'check' && (!slot.nextCheckAt || slot.nextCheckAt > retryAt)) slot.nextCheckAt = retryAt;
    const line = resourceProblemLine({ code, tenant: config.tenant, kind, retryAt, inFlight: this.inFlight, maxParallel: this.maxParallel, detail: detail && (this.options.redactor?.redactText(detail) ?? detail) });
    this.options.logger.error(line.message, line.fields);
  }

  private occupy(slot: TenantSlot, job: () => Promise<void>): void {
    this.inFlight++;
    slot.busy = job().finally(() => {
      this.inFlight--;
      slot.busy = undefined;
      // A place came free: the oldest due work takes it, without waiting for the next tick.
      this.dispatch();
      this.wake?.();
    });
  }
}
