/**
 * The frame around every run: take the tenant's lock and keep it alive, record the run's start,
 * settle what earlier runs left unclear, run the body, close the sink, record the outcome and
 * release the lock. A dry run takes no lock and records nothing.
 */
import { randomUUID } from 'node:crypto';
import { KoppelwerkError, describeError, type Logger } from '@koppelwerk/core';
import { worded } from './worded';
import type { EngineContext } from './engine-context';
import type { InDoubtSettlement } from './in-doubt-settlement';
import { DEFAULT_LOCK_TTL_MS, acquireRunLock, currentProcessOwner, describeLockHolder } from './run-lock';
import { Run } from './run-state';
import type { LockStore, RunMode, RunStore } from './state-store';
import type { RunOptions } from './sync-options';
import { OUTCOME_EXIT_CODE, type SyncMode, type SyncSummary } from './sync-summary';

export class RunFrame {
  constructor(
    private readonly ctx: EngineContext,
    private readonly store: RunStore & LockStore,
    private readonly settlement: InDoubtSettlement,
  ) {}

  /** Lock, settle, body, summary. */
  async execute(mode: SyncMode, options: RunOptions, body: (run: Run) => Promise<void>): Promise<SyncSummary> {
    const run = new Run(options.runId ?? randomUUID(), mode, options, this.ctx.clock, this.ctx.concurrency);
    const log = this.ctx.logger.child({ runId: run.runId, mode });
    if (run.dry) {
      run.dryRun = { wouldSend: [], gaps: [], alreadyBooked: [], inDoubt: [] };
      try {
        await body(run);
      } catch (error) {
        this.fail(run, error, log);
      } finally {
        await this.closeSink(log);
      }
      return this.summarize(run);
    }

    const owner = { ...(this.ctx.options.lock?.owner ?? currentProcessOwner(run.runId)), runId: run.runId };
    const ttlMs = this.ctx.options.lock?.ttlMs ?? DEFAULT_LOCK_TTL_MS;
    const lock = await acquireRunLock(this.store, owner, { clock: this.ctx.clock, ...this.ctx.options.lock, ttlMs });
    if (!lock.acquired) {
      const { runId, pid, host, acquiredAt, heartbeatAt, expiresAt } = lock.holder;
      run.raise('locked', describeLockHolder(lock.holder), worded.text('RUN_LOCKED', { runId, pid, host, acquiredAt, heartbeatAt, expiresAt }));
      log.warn('run refused: tenant is locked', { holder: lock.holder });
      return this.summarize(run);
    }
    if (lock.takenOver) log.warn(`took over the run lock of run ${lock.takenOver.runId}: ${lock.takenOver.reason}`);
    const heartbeat = setInterval(() => void this.heartbeat(run, ttlMs, log), this.ctx.options.lock?.heartbeatMs ?? ttlMs / 3);
    heartbeat.unref();

    log.info(`${mode} started`);
    try {
      await this.store.startRun({ runId: run.runId, mode: mode as RunMode });
      run.dotsAtStart = await this.store.getChecks();
      run.sinkWasRed = run.dotsAtStart.some((c) => c.side === 'sink' && !c.ok);
      await this.settlement.settleInDoubt(run);
      await this.settlement.acknowledgeAwaiting(run);
      if (!run.stopWriting && !run.stopRequested) await body(run);
    } catch (error) {
      this.fail(run, error, log);
    } finally {
      clearInterval(heartbeat);
      await this.closeSink(log);
    }
    await this.ctx.saveReached(run);
    const summary = this.summarize(run);
    try {
      const text = summary.messageText ? { code: summary.messageText.code, params: summary.messageText.params } : {};
      await this.store.finishRun(run.runId, { counts: summary.counts, outcome: summary.outcome, exitCode: summary.exitCode, message: summary.message, ...text });
    } finally {
      await this.store.releaseLock(run.runId);
    }
    log.info(`${mode} finished: ${summary.outcome}`, { counts: summary.counts });
    return summary;
  }

  private async heartbeat(run: Run, ttlMs: number, log: Logger): Promise<void> {
    try {
      if (!(await this.store.renewLock(run.runId, ttlMs))) {
        run.stopWriting = true;
        // Taken over after a stall, or (PostgreSQL) the lock's connection ended: nothing is wrong with
        // the documents; what this run left in doubt is settled by the next run.
        const said = worded.text('RUN_LOCK_LOST', {});
        run.raise('transient', said.message, said);
        log.error('run lock lost; writing stopped');
      }
    } catch (error) {
      log.warn('could not renew the run lock', { error: this.ctx.deps.redactor.redactText(describeError(error)) });
    }
  }

  private fail(run: Run, error: unknown, log: Logger): void {
    const message = this.ctx.deps.redactor.redactText(describeError(error));
    const ended = worded.text('RUN_ENDED_BY', this.ctx.causeParams(error));
    if (KoppelwerkError.is(error) && (error.errorClass === 'authentication' || error.errorClass === 'configuration' || error.errorClass === 'transient')) {
      run.raise(error.errorClass, message, ended);
      log.warn(`run ended early: ${message}`);
    } else {
      run.raise('internal', message, ended);
      log.error(`run failed: ${message}`, { error: this.ctx.deps.redactor.redact(error) });
    }
    run.stopWriting = true;
  }

  private async closeSink(log: Logger): Promise<void> {
    try {
      await this.ctx.deps.sink.close();
    } catch (error) {
      log.warn('closing the sink session failed', { error: this.ctx.deps.redactor.redactText(describeError(error)) });
    }
  }

  private summarize(run: Run): SyncSummary {
    const outcome = run.outcome === 'ok' && run.counts.parked > 0 ? 'parked' : run.outcome;
    const parked = run.message === undefined && outcome === 'parked' ? worded.text('RUN_PARKED', { parked: run.counts.parked }) : undefined;
    const messageText = run.message !== undefined ? run.messageText : parked && { code: parked.code, params: parked.params };
    return {
      runId: run.runId,
      mode: run.mode,
      counts: { ...run.counts },
      outcome,
      exitCode: OUTCOME_EXIT_CODE[outcome],
      message: run.message ?? parked?.message,
      ...(messageText ? { messageText } : {}),
      stopped: run.stopped,
      reached: { ...run.reached },
      cursor: run.cursor,
      startedAt: run.startedAt,
      endedAt: this.ctx.clock.now().toISOString(),
      dryRun: run.dryRun,
    };
  }
}
