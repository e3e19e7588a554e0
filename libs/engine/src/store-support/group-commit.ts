/**
 * How a store batches its writes (shared by the SQLite and the PostgreSQL store).
 *
 * GroupCommit: the two writes every booking makes (its intent, its booking) that are asked for in
 * the same turn of the event loop are committed together, and no promise resolves before that
 * commit: an intent is still durable before its write is sent. The store's `commit` reports which
 * of the works failed; those reject alone, the others resolve.
 *
 * ActivityBuffer: activity rows wait for the next write transaction (a document's intent, its
 * booking), at the latest until MAX_UNWRITTEN_ACTIVITY rows are waiting. A crash can lose the last
 * rows logged before it, never a ledger or error-queue change.
 */
import type { ActivityInput } from '../state-store';

/** Failures by index into the committed group; a thrown error fails the whole group. */
export type GroupFailures = Map<number, unknown>;

interface Waiting<W> {
  work: W;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<W> {
  private waiting: Waiting<W>[] = [];

  constructor(private readonly commit: (works: W[]) => GroupFailures | Promise<GroupFailures>) {}

  add(work: W): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ work, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => void this.flush());
    });
  }

  /**
   * Commits what is waiting now. Synchronous when the store's commit is (SQLite's close relies on
   * that); otherwise the promise settles once every waiting work has.
   */
  flush(): void | Promise<void> {
    const group = this.waiting.splice(0);
    if (group.length === 0) return;
    const settle = (failures: GroupFailures) => {
      group.forEach((entry, index) => (failures.has(index) ? entry.reject(failures.get(index)) : entry.resolve()));
    };
    const failAll = (error: unknown) => group.forEach((entry) => entry.reject(error));
    let outcome: GroupFailures | Promise<GroupFailures>;
    try {
      outcome = this.commit(group.map((entry) => entry.work));
    } catch (error) {
      failAll(error);
      return;
    }
    if (outcome instanceof Promise) return outcome.then(settle, failAll);
    settle(outcome);
  }
}

export interface BufferedActivity {
  entry: ActivityInput;
  /** ISO time of logging. */
  at: string;
}

/** Buffered activity rows are written at once at the latest when this many are waiting. */
export const MAX_UNWRITTEN_ACTIVITY = 200;

export class ActivityBuffer {
  private rows: BufferedActivity[] = [];

  /** True when the buffer is full and should be written now. */
  add(entry: ActivityInput, at: string): boolean {
    this.rows.push({ entry, at });
    return this.rows.length >= MAX_UNWRITTEN_ACTIVITY;
  }

  /** Empties the buffer, returning its rows in logging order. */
  take(): BufferedActivity[] {
    return this.rows.splice(0);
  }

  get size(): number {
    return this.rows.length;
  }
}
