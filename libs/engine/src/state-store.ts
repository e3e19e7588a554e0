/**
 * Everything a tenant's runs remember: cursors, the booking ledger, the error queue, the activity
 * log, the dots, run history and the run lock. One store belongs to one tenant. Two packages
 * implement it: @koppelwerk/store-sqlite (a file per tenant, the embedded default) and
 * @koppelwerk/store-postgres (one database for every tenant, the service), which is why every
 * method returns a promise. Both run the conformance suite in testing/state-store-contract.ts;
 * what they share is in store-support/.
 *
 * Secrets never belong here: the engine passes every message through the tenant's Redactor before
 * it calls the store, and sources do not put credentials in their records.
 */
import type { CheckResult, ErrorClass, MessageParams } from '@koppelwerk/core';

/**
 * pending: seen and mapped, not written yet (writing was stopped, or the sink was unreachable).
 * in-doubt: the intent is recorded and a write was (maybe) sent; the outcome is unknown until the sink is asked.
 * booked: the sink has it; `sinkId` is its reference.
 * failed: parked in the error queue with a reason.
 */
export type LedgerState = 'pending' | 'in-doubt' | 'booked' | 'failed';
export const LEDGER_STATES: readonly LedgerState[] = ['pending', 'in-doubt', 'booked', 'failed'];

export interface LedgerEntry {
  /** The source's key of the document. */
  documentKey: string;
  /** The document kind (`sales-order`, `work-order`, ...); (documentKey, kind) is unique. */
  kind: string;
  state: LedgerState;
  /** The sink's duplicate guard. */
  invoiceNumber: string | null;
  sinkId: string | null;
  /** sha256 of the booking as sent (see `payloadHash`). */
  payloadHash: string | null;
  /** The booking as sent, encoded with `encodeJson`; needed to settle an in-doubt write. */
  bookingJson: string | null;
  mappingVersion: string | null;
  /** Writes started for this document. */
  attempts: number;
  /** The source wants an acknowledge after booking and has not had it yet. */
  awaitingAcknowledge: boolean;
  createdAt: string;
  updatedAt: string;
  bookedAt: string | null;
}

export interface DocumentRef {
  documentKey: string;
  kind: string;
}

export interface IntentInput extends DocumentRef {
  invoiceNumber: string;
  payloadHash: string;
  bookingJson: string;
  mappingVersion: string;
  runId: string;
}

export interface PendingInput extends DocumentRef {
  invoiceNumber?: string;
  payloadHash?: string;
  bookingJson?: string;
  mappingVersion?: string;
}

export interface BookedInput extends DocumentRef {
  sinkId: string;
  /** Whether the source still has to be told (acknowledge). */
  acknowledgeRequired: boolean;
  runId: string;
  /** For the activity log, e.g. "settled: found in the bookkeeping". */
  message?: string;
  /** `message` by its catalogue code and params. */
  messageCode?: string;
  messageParams?: MessageParams;
}

export interface RebookInput extends DocumentRef {
  runId: string;
  /** For the activity log, by its catalogue code and params. */
  message: string;
  messageCode: string;
  messageParams: MessageParams;
}

export interface ErrorInfo {
  errorClass: ErrorClass;
  code?: string;
  /** Already redacted. */
  message: string;
  hint?: string;
  field?: string;
  /**
   * The values the message is made of, already redacted: the message catalogue words the code with
   * them in the reader's language (`renderMessage`). Stored as JSON; absent on entries parked before
   * params were kept, and on errors without a code.
   */
  params?: MessageParams;
}

export interface ParkInput {
  documentKey: string;
  /** Null when the record could not even be read. */
  kind: string | null;
  /** The record exactly as the source returned it. */
  raw: unknown;
  /** The canonical record, encoded with `encodeJson`, so a retry after a mapping fix needs no re-fetch. */
  recordJson: string | null;
  error: ErrorInfo;
  runId: string;
}

export interface ErrorQueueEntry extends ErrorInfo {
  id: number;
  documentKey: string;
  kind: string | null;
  /** JSON text of the record as fetched. */
  rawJson: string | null;
  recordJson: string | null;
  attempts: number;
  firstSeen: string;
  lastSeen: string;
  resolvedAt: string | null;
  /** `booked`, `skipped`, `dismissed`. */
  resolution: string | null;
}

export interface ErrorFilter {
  ids?: number[];
  errorClass?: ErrorClass;
  documentKey?: string;
  /** Also resolved entries; default only open ones. */
  includeResolved?: boolean;
  /**
   * Text in the document key, the code or the message, case-insensitively (SQLite folds the case
   * of ASCII letters only); `%` and `_` are plain characters.
   */
  text?: string;
}

/**
 * One page of the error queue. Entries come in the order they were first parked (by id, as
 * `koppelwerk errors` lists them): an entry parked again keeps its place, and new ones go to the
 * end, so the pages before stay put while someone works through them.
 */
export interface ErrorPaging {
  /** Default: all. */
  limit?: number;
  /** Entries to skip; default 0. */
  offset?: number;
}

export type ActivityAction =
  | 'fetched'
  | 'mapped'
  | 'booked'
  | 'skipped'
  | 'failed'
  | 'warning'
  | 'pending'
  | 'acknowledged'
  | 'created'
  | 'existing'
  | 'rebook';

export interface ActivityInput {
  subject: 'document' | 'relation';
  action: ActivityAction;
  runId?: string;
  documentKey?: string;
  relationCode?: string;
  sinkRef?: string;
  /** In English. */
  message?: string;
  /** `message` by its catalogue code and params, for other languages. */
  code?: string;
  params?: MessageParams;
}

export interface ActivityEntry extends ActivityInput {
  id: number;
  at: string;
}

export interface ActivityFilter {
  documentKey?: string;
  relationCode?: string;
  runId?: string;
  /** Text in the document key, the relation code or the message, case-insensitively (as `ErrorFilter.text`). */
  search?: string;
  /** Only entries older than this one (paging back from the last id of a page). */
  beforeId?: number;
  /** Newest first; default 100. */
  limit?: number;
}

export type Side = 'source' | 'sink';

export interface CursorRecord {
  stream: string;
  cursor: string | null;
  updatedAt: string;
}

export interface CheckRecord extends CheckResult {
  side: Side;
  checkedAt: string;
}

export type RunMode = 'sync' | 'export' | 'retry' | 'rebook';

export interface RunCounts {
  read: number;
  booked: number;
  skipped: number;
  /** Parked in this run (newly, or again by a retry). */
  parked: number;
  /** Read again while still in the error queue from an earlier run: parked as before, not announced again. */
  stillParked: number;
  /** Left for a later run (writing stopped, sink unreachable, stop requested). */
  pending: number;
  /** In-doubt writes settled at the start of the run. */
  settled: number;
  acknowledged: number;
  relationsCreated: number;
}

export interface RunRecord {
  runId: string;
  mode: RunMode;
  startedAt: string;
  endedAt: string | null;
  counts: RunCounts | null;
  /** `ok`, `parked`, `authentication`, `transient`, `configuration`, `stopped`; null while running. */
  outcome: string | null;
  exitCode: number | null;
  message: string | null;
  /** `message` by its catalogue code and params, for other languages. */
  code?: string;
  params?: MessageParams;
}

/** What `finishRun` records of a finished run. */
export interface RunResult {
  counts: RunCounts;
  outcome: string;
  exitCode: number;
  message?: string;
  /** `message` by its catalogue code and params. */
  code?: string;
  params?: MessageParams;
}

export interface LockOwner {
  runId: string;
  pid: number;
  host: string;
}

export interface LockHolder extends LockOwner {
  acquiredAt: string;
  heartbeatAt: string;
  expiresAt: string;
}

/** What an overview of many tenants shows of each one (`PostgresStateStore.summaries` reads them all in one query). */
export interface TenantStateSummary {
  tenant: string;
  checks: CheckRecord[];
  lastRun: RunRecord | null;
  openErrors: number;
  lock: LockHolder | null;
}

export type LockAttempt =
  | { acquired: true; /** The crashed or expired run whose lock was taken over. */ takenOver?: LockHolder & { reason: string } }
  | { acquired: false; holder: LockHolder };

/**
 * The store's roles. The engine's parts each ask for the roles they use (the page reader for
 * cursors, the run frame for runs and the lock, ...); `StateStore` is all of them, for whoever
 * needs the whole state of a tenant (a front end, a store implementation).
 */

/** Where each stream's reading got to. */
export interface CursorStore {
  getCursor(stream: string): Promise<string | null>;
  /** Never called with a cursor of a page that still has unhandled documents. */
  saveCursor(stream: string, cursor: string | null): Promise<void>;
  /** Every stream's cursor, for a person deciding what to forget. */
  listCursors(): Promise<CursorRecord[]>;
  /** Forgets every cursor (a source disconnected): the next run starts from the beginning. Returns how many. */
  forgetCursors(): Promise<number>;
}

/** The booking ledger: one row per document, from pending through in-doubt to booked. */
export interface LedgerStore {
  getLedgerEntry(ref: DocumentRef): Promise<LedgerEntry | null>;
  listLedger(filter?: { state?: LedgerState; invoiceNumber?: string }): Promise<LedgerEntry[]>;
  /** Booked rows whose source still awaits an acknowledge. */
  listAwaitingAcknowledge(): Promise<LedgerEntry[]>;
  /** Upserts the row as pending (never downgrades a booked row). */
  recordPending(input: PendingInput): Promise<void>;
  /** Before a write: the row becomes in-doubt with what is about to be sent; attempts + 1. */
  recordIntent(input: IntentInput): Promise<void>;
  /** After a write (or a settlement): booked with the sink's id; resolves the document's open errors; logs `booked`. */
  recordBooked(input: BookedInput): Promise<void>;
  /**
   * A booked document whose booking was deleted from the books, to be booked again (`reconcile
   * --rebook`): the row becomes pending without its sink id, and `rebook` is logged with the old
   * one. False (nothing changed) when the row is not booked.
   */
  recordRebook(input: RebookInput): Promise<boolean>;
  recordAcknowledged(ref: DocumentRef): Promise<void>;
}

/** The error queue: parked documents with their reason, until booked, skipped or dismissed. */
export interface ErrorQueueStore {
  /** Parks a document: ledger row failed (when it has a kind), error queue entry opened or updated, `failed` logged. Returns the entry's id. */
  recordParked(input: ParkInput): Promise<number>;
  /** By id (see `ErrorPaging`). */
  listErrors(filter?: ErrorFilter & ErrorPaging): Promise<ErrorQueueEntry[]>;
  /** How many entries match, in all pages. */
  countErrors(filter?: ErrorFilter): Promise<number>;
  countOpenErrors(): Promise<number>;
  /** Closes an open entry: `dismissed` by a person, `skipped` when a retry found it already booked. */
  resolveError(id: number, resolution?: 'dismissed' | 'skipped'): Promise<boolean>;
}

/** The activity log: what happened to each document and relation. */
export interface ActivityStore {
  logActivity(entry: ActivityInput): Promise<void>;
  listActivity(filter?: ActivityFilter): Promise<ActivityEntry[]>;
}

/** Run history and the two dots (the last check of each side). */
export interface RunStore {
  saveCheck(side: Side, result: CheckResult): Promise<void>;
  getChecks(): Promise<CheckRecord[]>;
  /** Forgets a side's dot (that side disconnected): it shows as not checked yet. False when there was none. */
  forgetCheck(side: Side): Promise<boolean>;

  startRun(run: { runId: string; mode: RunMode }): Promise<void>;
  /** Records the run's outcome; a store with a retention period applies it after (see `RetentionStore`). */
  finishRun(runId: string, result: RunResult): Promise<void>;
  /** Newest first. */
  listRuns(limit?: number): Promise<RunRecord[]>;
}

/** The tenant's run lock: one run at a time, taken over when its holder crashed. */
export interface LockStore {
  /** Takes the tenant's run lock when free, expired, or held by a process on this host that is gone. */
  acquireLock(owner: LockOwner, ttlMs: number): Promise<LockAttempt>;
  /** Extends the lock; false when this run no longer holds it. */
  renewLock(runId: string, ttlMs: number): Promise<boolean>;
  releaseLock(runId: string): Promise<void>;
  getLock(): Promise<LockHolder | null>;
}

/** What a retention pass removed (see `RetentionStore`). */
export interface RetentionResult {
  /** Data older than this instant (ISO) was removed. */
  cutoff: string;
  /** Ledger rows whose booking was removed. */
  bookings: number;
  /** Resolved error-queue entries whose records and message were removed. */
  errorEntries: number;
  /** Activity rows whose message was removed. */
  activity: number;
}

/** Personal-data retention (`state.retainDays`); docs/engine.md says what goes and what stays. */
export interface RetentionStore {
  /** Removes what is older than the store's retention period; null when it has none. Every `finishRun` applies it too. */
  applyRetention(): Promise<RetentionResult | null>;
}

/** Everything a tenant's runs remember: every role above, and closing the store. */
export interface StateStore extends CursorStore, LedgerStore, ErrorQueueStore, ActivityStore, RunStore, LockStore, RetentionStore {
  close(): Promise<void>;
}
export const StateStore = Symbol.for('koppelwerk.StateStore');

export function emptyCounts(): RunCounts {
  return { read: 0, booked: 0, skipped: 0, parked: 0, stillParked: 0, pending: 0, settled: 0, acknowledged: 0, relationsCreated: 0 };
}
