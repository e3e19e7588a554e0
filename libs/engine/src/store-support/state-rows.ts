/**
 * What every StateStore implementation shares: turning database rows into the contract's records
 * (whichever driver returned them: SQLite's 0/1 and text, PostgreSQL's booleans, bigint ids as text
 * and timestamps as Date), the activity message of a parked document, and the run lock's takeover
 * rule. A store keeps only its SQL.
 */
import { nestedParams, type ErrorClass, type MessageParams } from '@koppelwerk/core';
import { worded } from '../worded';
import { emptyCounts } from '../state-store';
import type {
  ActivityEntry,
  CheckRecord,
  ErrorInfo,
  ErrorQueueEntry,
  LedgerEntry,
  LedgerState,
  LockHolder,
  LockOwner,
  RunCounts,
  RunMode,
  RunRecord,
  Side,
} from '../state-store';

export type Row = Record<string, unknown>;

/** Null or undefined as undefined; anything else as text. */
export function optional(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

export function nullable(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** A timestamp column as ISO text: SQLite stores the text, PostgreSQL returns a Date. */
export function isoTime(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

export function isoTimeOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : isoTime(value);
}

/** An integer column: PostgreSQL returns bigint (ids, counts) as text. */
export function integer(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

/** A boolean column: SQLite's 0/1 or PostgreSQL's boolean. */
export function flag(value: unknown): boolean {
  return value === true || value === 1;
}

/** A JSON column: text (SQLite) or already parsed (PostgreSQL jsonb). */
export function jsonColumn<T>(value: unknown): T | null {
  if (value === null || value === undefined) return null;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A params column (JSON text in SQLite, jsonb in PostgreSQL); undefined when the row has none (written before params were kept). */
export function paramsColumn(value: unknown): MessageParams | undefined {
  const params = jsonColumn<MessageParams>(value);
  return params === null || typeof params !== 'object' ? undefined : params;
}

/** Params as a column value: JSON text, or null. */
export function paramsValue(params: MessageParams | undefined | null): string | null {
  return params && Object.keys(params).length > 0 ? JSON.stringify(params) : null;
}

/** The instant `ms` after `now`, as ISO text (lock expiry). */
export function isoAfter(now: Date, ms: number): string {
  return new Date(now.getTime() + ms).toISOString();
}

export function toLedgerEntry(row: Row): LedgerEntry {
  return {
    documentKey: String(row.document_key),
    kind: String(row.kind),
    state: row.state as LedgerState,
    invoiceNumber: nullable(row.invoice_number),
    sinkId: nullable(row.sink_id),
    payloadHash: nullable(row.payload_hash),
    bookingJson: nullable(row.booking_json),
    mappingVersion: nullable(row.mapping_version),
    attempts: integer(row.attempts),
    awaitingAcknowledge: flag(row.awaiting_acknowledge),
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
    bookedAt: isoTimeOrNull(row.booked_at),
  };
}

export function toErrorEntry(row: Row): ErrorQueueEntry {
  return {
    id: integer(row.id),
    documentKey: String(row.document_key),
    kind: nullable(row.kind),
    rawJson: nullable(row.raw_json),
    recordJson: nullable(row.record_json),
    errorClass: row.error_class as ErrorClass,
    code: optional(row.code),
    message: String(row.message),
    hint: optional(row.hint),
    field: optional(row.field),
    ...(paramsColumn(row.params) ? { params: paramsColumn(row.params) } : {}),
    attempts: integer(row.attempts),
    firstSeen: isoTime(row.first_seen),
    lastSeen: isoTime(row.last_seen),
    resolvedAt: isoTimeOrNull(row.resolved_at),
    resolution: nullable(row.resolution),
  };
}

export function toActivityEntry(row: Row): ActivityEntry {
  return {
    id: integer(row.id),
    at: isoTime(row.at),
    subject: row.subject as ActivityEntry['subject'],
    action: row.action as ActivityEntry['action'],
    runId: optional(row.run_id),
    documentKey: optional(row.document_key),
    relationCode: optional(row.relation_code),
    sinkRef: optional(row.sink_ref),
    message: optional(row.message),
    ...coded(row),
  };
}

/** A row's `code` and `params` columns (activity, checks, runs), when it has them. */
function coded(row: Row): { code?: string; params?: MessageParams } {
  const code = optional(row.code);
  const params = paramsColumn(row.params);
  return { ...(code !== undefined ? { code } : {}), ...(params ? { params } : {}) };
}

/** `details` is the check's detail lines, stored as JSON (`details_json` in SQLite, `details` jsonb in PostgreSQL). */
export function toCheckRecord(row: Row): CheckRecord {
  const details = jsonColumn<string[]>(row.details_json ?? row.details);
  return {
    side: row.side as Side,
    ok: flag(row.ok),
    reason: optional(row.reason),
    hint: optional(row.hint),
    details: details ?? undefined,
    errorClass: optional(row.error_class) as ErrorClass | undefined,
    ...coded(row),
    checkedAt: isoTime(row.checked_at),
  };
}

/** A run's counts; a count added later reads 0 in the runs recorded before it. */
function countsColumn(value: unknown): RunCounts | null {
  const counts = jsonColumn<Partial<RunCounts>>(value);
  return counts === null ? null : { ...emptyCounts(), ...counts };
}

export function toRunRecord(row: Row): RunRecord {
  return {
    runId: String(row.run_id),
    mode: row.mode as RunMode,
    startedAt: isoTime(row.started_at),
    endedAt: isoTimeOrNull(row.ended_at),
    counts: countsColumn(row.counts_json ?? row.counts),
    outcome: nullable(row.outcome),
    exitCode: row.exit_code === null || row.exit_code === undefined ? null : integer(row.exit_code),
    message: nullable(row.message),
    ...coded(row),
  };
}

export function toLockHolder(row: Row): LockHolder {
  return {
    runId: String(row.run_id),
    pid: integer(row.pid),
    host: String(row.host),
    acquiredAt: isoTime(row.acquired_at),
    heartbeatAt: isoTime(row.heartbeat_at),
    expiresAt: isoTime(row.expires_at),
  };
}

/** The `failed` activity line of a parked document: its English message, code and params. */
export function parkedText(error: ErrorInfo): { message: string; code: string; params: MessageParams } {
  const cause = nestedParams('cause', { code: error.code, params: error.params, text: error.message });
  return worded.text('ACT_PARKED', { errorClass: error.errorClass, errorCode: error.code, ...cause });
}

/** The `failed` activity message of a parked document. */
export function parkedMessage(error: ErrorInfo): string {
  return parkedText(error).message;
}

export type LockDecision =
  | { take: true; /** The run whose lock is taken over, and why. */ takenOver?: LockHolder & { reason: string }; acquiredAt: string }
  | { take: false };

/**
 * The run lock's rule, the same in every store: a free lock, or one this run already holds, is
 * taken; another run's lock is taken over when its heartbeat expired, or when it runs on this
 * host and its process is gone; otherwise the attempt is refused.
 */
export function decideLock(holder: LockHolder | null, owner: LockOwner, now: Date, isProcessAlive: (pid: number) => boolean): LockDecision {
  const iso = now.toISOString();
  if (!holder) return { take: true, acquiredAt: iso };
  if (holder.runId === owner.runId) return { take: true, acquiredAt: holder.acquiredAt };
  if (Date.parse(holder.expiresAt) <= now.getTime()) {
    return { take: true, acquiredAt: iso, takenOver: { ...holder, reason: 'its lock expired (no heartbeat)' } };
  }
  if (holder.host === owner.host && !isProcessAlive(holder.pid)) {
    return { take: true, acquiredAt: iso, takenOver: { ...holder, reason: `process ${holder.pid} on this host is gone` } };
  }
  return { take: false };
}

/** Whether a process of this host still runs (signal 0). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
