/**
 * What the parts of a run share: the state of one run (counts, outcome, pools, stop flags), the
 * work item a document becomes on its way to the sink, and the marker of a write that was held.
 */
import type { Booking, Clock, CodedText, MappingContext } from '@koppelwerk/core';
import { emptyCounts, type CheckRecord, type RunCounts } from './state-store';
import type { RunOptions } from './sync-options';
import type { DocumentOutcome, DryRunReport, ProgressEvent, SyncMode, SyncOutcome } from './sync-summary';
import { WorkPool } from './work-pool';

/** Thrown inside a write's call slot when writing stopped meanwhile: the write was never sent. */
export class WriteHeld extends Error {}

/** A document on its way through the engine. */
export interface WorkItem {
  documentKey: string;
  kind: string;
  booking: Booking;
  raw: unknown;
  /** The canonical record as stored with a parked document; encoded only when one is parked. */
  recordJson: () => string | null;
}

export interface Task {
  key: string;
  perform: () => Promise<DocumentOutcome>;
}

const OUTCOME_RANK: readonly SyncOutcome[] = ['locked', 'internal', 'configuration', 'authentication', 'transient', 'parked', 'ok'];

/** The state of one run. */
export class Run {
  readonly counts: RunCounts = emptyCounts();
  readonly startedAt: string;
  /** Writing stopped (authentication, configuration, lock lost): everything not yet written stays pending. */
  stopWriting = false;
  outcome: SyncOutcome = 'ok';
  message?: string;
  /** `message` by its catalogue code and params. */
  messageText?: CodedText;
  stopped = false;
  readonly relations = new Map<string, Promise<void>>();
  /** Documents in flight: twice the call slots, so a document waiting for another's relation leaves no slot idle. */
  readonly pool: WorkPool;
  /** Sink calls in flight: at most `concurrency`. */
  readonly sinkCalls: WorkPool;
  /** Invoice numbers of documents between their duplicate check and their intent. */
  readonly invoiceClaims = new Map<string, string>();
  /** The first unexpected error of a task: the tasks after it leave their documents pending. */
  failure?: { error: unknown };
  mappingContext?: Promise<MappingContext>;
  /** The dots as the run found them (read once, at its start). */
  dotsAtStart: CheckRecord[] = [];
  sinkWasRed = false;
  /** The sides this run reached: a page read from the source, a call the sink answered. */
  readonly reached = { source: false, sink: false };
  /** The sides whose dot this run turned red (a green from the same run must not cover it). */
  readonly turnedRed = new Set<'source' | 'sink'>();
  cursor?: { before: string | null; after: string | null };
  dryRun?: DryRunReport;

  constructor(
    readonly runId: string,
    readonly mode: SyncMode,
    readonly options: RunOptions,
    clock: Clock,
    concurrency: number,
  ) {
    this.startedAt = clock.now().toISOString();
    // Concurrency 1 stays strictly one document after the other.
    this.pool = new WorkPool(concurrency === 1 ? 1 : concurrency * 2);
    this.sinkCalls = new WorkPool(concurrency);
  }

  get dry(): boolean {
    return this.mode === 'dry-run';
  }

  get stopRequested(): boolean {
    if (this.options.signal?.aborted) this.stopped = true;
    return this.stopped;
  }

  /** Keeps the worst outcome; the first message of the worst outcome wins (with `text`, its code and params). */
  raise(outcome: SyncOutcome, message?: string, text?: CodedText): void {
    if (OUTCOME_RANK.indexOf(outcome) < OUTCOME_RANK.indexOf(this.outcome)) {
      this.outcome = outcome;
      this.message = message;
      this.messageText = text && { code: text.code, params: text.params };
    } else if (outcome === this.outcome && this.message === undefined) {
      this.message = message;
      this.messageText = text && { code: text.code, params: text.params };
    }
  }

  progress(type: ProgressEvent['type'], documentKey?: string): void {
    this.options.onProgress?.({ type, documentKey, counts: { ...this.counts } });
  }

  /** Counts one document's outcome and reports it. */
  count(outcome: DocumentOutcome, documentKey: string): void {
    this.counts[outcome]++;
    this.progress(outcome, documentKey);
  }

  /**
   * Runs a batch in the run's pool (at most `concurrency` in flight across batches). A task that
   * starts after writing stopped, or after another task failed, leaves its document pending. The
   * batch settles only when every task of it has ended.
   */
  async runBounded(tasks: Task[]): Promise<DocumentOutcome[]> {
    const settled = await Promise.allSettled(
      tasks.map((task) =>
        this.pool.run(task.key, async (): Promise<DocumentOutcome> => {
          if (this.stopWriting || this.stopRequested || this.failure) {
            this.count('pending', task.key);
            return 'pending';
          }
          try {
            return await task.perform();
          } catch (error) {
            this.failure ??= { error };
            throw error;
          }
        }),
      ),
    );
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((result) => (result as PromiseFulfilledResult<DocumentOutcome>).value);
  }
}
