/**
 * What every part of a run works with: the engine's dependencies and options, retrying, the
 * sink's call slots, and what an error that is no fault of the document does to the run.
 */
import {
  KoppelwerkError,
  RecordError,
  classifyError,
  describeError,
  errorParams,
  redactParams,
  systemClock,
  withRetry,
  type AccountingSink,
  type Clock,
  type Logger,
} from '@koppelwerk/core';
import type { Run } from './run-state';
import type { ErrorInfo, RunStore } from './state-store';
import type { SyncEngineDependencies, SyncEngineOptions } from './sync-options';
import { worded } from './worded';

/** The engine's dependencies but the store: each part is given the store by the roles it uses. */
export type EngineServices = Omit<SyncEngineDependencies, 'store'>;

export class EngineContext {
  readonly clock: Clock;
  readonly stream: string;
  readonly concurrency: number;
  readonly logger: Logger;

  constructor(
    readonly deps: EngineServices,
    /** Where the dots go (a run turns a side red or green). */
    private readonly dots: RunStore,
    readonly options: SyncEngineOptions,
  ) {
    this.clock = deps.clock ?? systemClock;
    this.stream = options.stream ?? 'documents';
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.logger = deps.logger;
  }

  withRetry<T>(operation: (attempt: number) => Promise<T>): Promise<T> {
    const retry = this.options.retry ?? {};
    return withRetry(operation, {
      ...retry,
      onRetry: (info) => {
        this.logger.debug(`retrying after a transient error in ${info.delayMs} ms`, { attempt: info.attempt, error: this.deps.redactor.redactText(describeError(info.error)) });
        retry.onRetry?.(info);
      },
    });
  }

  /**
   * One sink call in the run's call slots (waiting for a retry holds no slot). An authentication or
   * configuration error stops writing before the slot goes to the next call.
   */
  sinkCall<T>(run: Run, call: (sink: AccountingSink) => Promise<T>): Promise<T> {
    return run.sinkCalls.run(undefined, async () => {
      try {
        const answer = await call(this.deps.sink);
        run.reached.sink = true;
        return answer;
      } catch (error) {
        const errorClass = classifyError(error);
        if (errorClass === 'authentication' || errorClass === 'configuration') this.writeStopped(run, error, 'a sink call');
        throw error;
      }
    });
  }

  /** An error that is no fault of the document: stop writing (authentication, configuration) or leave it for later (transient). */
  writeStopped(run: Run, error: unknown, documentKey: string, side: 'source' | 'sink' = 'sink'): void {
    const errorClass = classifyError(error);
    const message = this.deps.redactor.redactText(describeError(error));
    const cause = this.causeParams(error);
    if (errorClass === 'transient') {
      const said = worded.text('RUN_UNREACHABLE', { ...cause, documentKey });
      run.raise('transient', said.message, said);
      return;
    }
    const ended = worded.text('RUN_ENDED_BY', cause);
    if (errorClass === 'authentication' || errorClass === 'configuration') {
      const first = !run.stopWriting;
      run.stopWriting = true;
      run.raise(errorClass, message, ended);
      if (first && !run.dry) void this.saveRed(side, error, run);
      return;
    }
    run.raise('internal', message, ended);
  }

  async saveRed(side: 'source' | 'sink', error: unknown, run: Run): Promise<void> {
    run.turnedRed.add(side);
    const info = this.errorInfo(error);
    try {
      const coded = info.code !== undefined ? { code: info.code, ...(info.params ? { params: info.params } : {}) } : {};
      await this.dots.saveCheck(side, { ok: false, reason: info.message, hint: info.hint, errorClass: info.errorClass, ...coded });
    } catch (storeError) {
      this.logger.error('could not save the red dot', { error: this.deps.redactor.redactText(describeError(storeError)) });
    }
  }

  /**
   * The dots follow the runs: a side this run reached (a page read, a call answered) is green from
   * now, unless the run turned it red meanwhile, or a check found the mapping's ledgers or VAT codes
   * missing there (a run does not look at those; only the next check clears it).
   */
  async saveReached(run: Run): Promise<void> {
    const sides = (['source', 'sink'] as const).filter((side) => run.reached[side] && !run.turnedRed.has(side));
    if (run.dry || sides.length === 0) return;
    try {
      for (const side of sides) {
        const dot = run.dotsAtStart.find((check) => check.side === side);
        if (dot && !dot.ok && dot.errorClass === 'configuration') continue;
        await this.dots.saveCheck(side, { ok: true });
      }
    } catch (storeError) {
      this.logger.error('could not save the green dots of this run', { error: this.deps.redactor.redactText(describeError(storeError)) });
    }
  }

  errorInfo(error: unknown): ErrorInfo {
    const redact = (text: string | undefined) => (text === undefined ? undefined : this.deps.redactor.redactText(text));
    const info: ErrorInfo = {
      errorClass: classifyError(error),
      message: redact(error instanceof Error ? error.message : String(error)) ?? '',
    };
    if (KoppelwerkError.is(error)) {
      info.code = redact(error.code);
      info.hint = redact(error.hint);
      if (error instanceof RecordError) info.field = redact(error.field);
      if (error.params) info.params = redactParams(error.params, (text) => this.deps.redactor.redactText(text));
    }
    return info;
  }

  /** An error as the cause nested in a run's message or an activity line (`errorParams`), redacted. */
  causeParams(error: unknown, options: { withHint?: boolean } = {}): ReturnType<typeof errorParams> {
    return errorParams('cause', error, (text) => this.deps.redactor.redactText(text), options);
  }
}
