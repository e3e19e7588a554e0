/**
 * The default StateStore: one SQLite file per tenant through better-sqlite3, in WAL mode.
 * `synchronous = NORMAL` keeps every committed transaction through a process kill (SIGKILL);
 * only a power loss can drop the last ones, and the protocol survives that too (see docs/engine.md).
 */
import type Database from 'better-sqlite3';
import { describeError, silentLogger, systemClock, type CheckResult, type Clock, type Logger } from '@koppelwerk/core';
import { ActivityBuffer, activityConditions, GroupCommit, ledgerConditions, Params, paramsValue, parkedText, processIsAlive, toActivityEntry, toLedgerEntry, whereClause } from '@koppelwerk/engine';
import type { ActivityEntry, ActivityFilter, ActivityInput, BookedInput, CheckRecord, CursorRecord, DocumentRef, ErrorFilter } from '@koppelwerk/engine';
import type { ErrorPaging, ErrorQueueEntry, GroupFailures, IntentInput, LedgerEntry, LedgerState, LockAttempt, LockHolder } from '@koppelwerk/engine';
import type { LockOwner, ParkInput, PendingInput, RebookInput, RetentionResult, Row, RunMode, RunRecord, RunResult, Side, StateStore } from '@koppelwerk/engine';
import { SqliteLockTable } from './sqlite-lock-table';
import { SqliteErrorQueue } from './sqlite-error-queue';
import { SqliteRunTable } from './sqlite-run-table';
import { openStateDatabase, stateFilePath } from './sqlite-state-file';
import { STATE_MIGRATIONS, type Migration } from './sqlite-state-migrations';
import { SqliteStateRetention } from './sqlite-state-retention';

export interface SqliteStateStoreOptions {
  /** A file path, or `:memory:` for tests. */
  path: string;
  clock?: Clock;
  /** Defaults to STATE_MIGRATIONS; tests pass fewer to build an older database. */
  migrations?: readonly Migration[];
  /** Whether a process on this host is still running; lets a crashed run's lock be taken over at once. */
  isProcessAlive?: (pid: number) => boolean;
  /** How long a statement waits for another process's write transaction. */
  busyTimeoutMs?: number;
  /**
   * Days after which the personal data of finished documents is removed (sqlite-state-retention.ts);
   * each finished run applies it. Left out: kept forever.
   */
  retainDays?: number;
  /** Where the retention pass reports what it removed (or why it could not). */
  logger?: Logger;
}

export class SqliteStateStore implements StateStore {
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly lock: SqliteLockTable;
  private readonly errors: SqliteErrorQueue;
  private readonly runTable: SqliteRunTable;
  private readonly retention?: SqliteStateRetention;
  private readonly logger: Logger;

  /** The default location: one file per tenant in the state directory. */
  static pathFor(stateDirectory: string, tenant: string): string {
    return stateFilePath(stateDirectory, tenant);
  }

  constructor(options: SqliteStateStoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.db = openStateDatabase({
      path: options.path,
      migrations: options.migrations ?? STATE_MIGRATIONS,
      busyTimeoutMs: options.busyTimeoutMs ?? 10_000,
      logger: this.logger,
    });
    this.errors = new SqliteErrorQueue((sql) => this.statement(sql));
    this.runTable = new SqliteRunTable((sql) => this.statement(sql));
    this.lock = new SqliteLockTable(this.db, this.clock, options.isProcessAlive ?? processIsAlive);
    if (options.retainDays !== undefined) this.retention = new SqliteStateRetention(this.db, options.retainDays);
  }

  /** The schema version of the open database. */
  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private readonly statements = new Map<string, Database.Statement>();
  /** Activity rows not written yet: they go into the next write transaction (group-commit.ts). */
  private readonly unwritten = new ActivityBuffer();
  /** Intents and bookings of the same turn share one transaction, each in a savepoint of its own. */
  private readonly group = new GroupCommit<() => void>((works) => this.commitGroup(works));

  /** Prepared once per SQL text: a run executes the same few statements thousands of times. */
  private statement(sql: string): Database.Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  // Cursors

  async getCursor(stream: string): Promise<string | null> {
    const row = this.statement('SELECT cursor FROM cursors WHERE stream = ?').get(stream) as Row | undefined;
    return (row?.cursor as string | null | undefined) ?? null;
  }

  async saveCursor(stream: string, cursor: string | null): Promise<void> {
    this.writeActivity();
    this.statement(
        `INSERT INTO cursors (stream, cursor, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
      )
      .run(stream, cursor, this.now());
  }

  async listCursors(): Promise<CursorRecord[]> {
    const rows = this.statement('SELECT stream, cursor, updated_at FROM cursors ORDER BY stream').all() as Row[];
    return rows.map((row) => ({ stream: row.stream as string, cursor: (row.cursor as string | null) ?? null, updatedAt: row.updated_at as string }));
  }

  async forgetCursors(): Promise<number> {
    return this.statement('DELETE FROM cursors').run().changes;
  }

  // Ledger

  async getLedgerEntry(ref: DocumentRef): Promise<LedgerEntry | null> {
    const row = this.statement('SELECT * FROM ledger WHERE document_key = ? AND kind = ?').get(ref.documentKey, ref.kind) as
      | Row
      | undefined;
    return row ? toLedgerEntry(row) : null;
  }

  async listLedger(filter: { state?: LedgerState; invoiceNumber?: string } = {}): Promise<LedgerEntry[]> {
    const params = new Params('sqlite');
    const sql = `SELECT * FROM ledger ${whereClause(ledgerConditions(filter, params))} ORDER BY id`;
    return (this.statement(sql).all(...params.values) as Row[]).map(toLedgerEntry);
  }

  async listAwaitingAcknowledge(): Promise<LedgerEntry[]> {
    const rows = this.statement(`SELECT * FROM ledger WHERE state = 'booked' AND awaiting_acknowledge = 1 ORDER BY id`).all() as Row[];
    return rows.map(toLedgerEntry);
  }

  async recordPending(input: PendingInput): Promise<void> {
    this.writeActivity();
    const now = this.now();
    this.statement(
        `INSERT INTO ledger (document_key, kind, state, invoice_number, payload_hash, booking_json, mapping_version, created_at, updated_at)
         VALUES (@documentKey, @kind, 'pending', @invoiceNumber, @payloadHash, @bookingJson, @mappingVersion, @now, @now)
         ON CONFLICT (document_key, kind) DO UPDATE SET
           state = 'pending',
           invoice_number = COALESCE(excluded.invoice_number, invoice_number),
           payload_hash = COALESCE(excluded.payload_hash, payload_hash),
           booking_json = COALESCE(excluded.booking_json, booking_json),
           mapping_version = COALESCE(excluded.mapping_version, mapping_version),
           updated_at = excluded.updated_at
         WHERE state <> 'booked'`,
      )
      .run({
        documentKey: input.documentKey,
        kind: input.kind,
        invoiceNumber: input.invoiceNumber ?? null,
        payloadHash: input.payloadHash ?? null,
        bookingJson: input.bookingJson ?? null,
        mappingVersion: input.mappingVersion ?? null,
        now,
      });
  }

  async recordIntent(input: IntentInput): Promise<void> {
    return this.group.add(() => this.writeIntent(input));
  }

  private writeIntent(input: IntentInput): void {
    const now = this.now();
    const result = this.statement(
        `INSERT INTO ledger (document_key, kind, state, invoice_number, payload_hash, booking_json, mapping_version, attempts, created_at, updated_at)
         VALUES (@documentKey, @kind, 'in-doubt', @invoiceNumber, @payloadHash, @bookingJson, @mappingVersion, 1, @now, @now)
         ON CONFLICT (document_key, kind) DO UPDATE SET
           state = 'in-doubt',
           invoice_number = excluded.invoice_number,
           payload_hash = excluded.payload_hash,
           booking_json = excluded.booking_json,
           mapping_version = excluded.mapping_version,
           attempts = attempts + 1,
           updated_at = excluded.updated_at
         WHERE state <> 'booked'`,
      )
      .run({ ...input, now });
    if (result.changes === 0) {
      throw new Error(`document ${input.documentKey} is already booked; refusing to record a new write intent`);
    }
  }

  async recordBooked(input: BookedInput): Promise<void> {
    const now = this.now();
    return this.group.add(() => {
      this.statement(
          `UPDATE ledger SET state = 'booked', sink_id = ?, awaiting_acknowledge = ?, booked_at = ?, updated_at = ?
           WHERE document_key = ? AND kind = ?`,
        )
        .run(input.sinkId, input.acknowledgeRequired ? 1 : 0, now, now, input.documentKey, input.kind);
      this.errors.resolveOpen(input.documentKey, 'booked', now);
      this.insertActivity({
        subject: 'document',
        action: 'booked',
        runId: input.runId,
        documentKey: input.documentKey,
        sinkRef: input.sinkId,
        message: input.message,
        code: input.messageCode,
        params: input.messageParams,
      }, now);
    });
  }

  async recordRebook(input: RebookInput): Promise<boolean> {
    this.writeActivity();
    const now = this.now();
    return this.db.transaction(() => {
      const row = this.statement(`SELECT sink_id FROM ledger WHERE document_key = ? AND kind = ? AND state = 'booked'`).get(input.documentKey, input.kind) as { sink_id: string | null } | undefined;
      if (!row) return false;
      this.statement(`UPDATE ledger SET state = 'pending', sink_id = NULL, booked_at = NULL, awaiting_acknowledge = 0, updated_at = ? WHERE document_key = ? AND kind = ?`).run(now, input.documentKey, input.kind);
      this.insertActivity(
        { subject: 'document', action: 'rebook', runId: input.runId, documentKey: input.documentKey, sinkRef: row.sink_id ?? undefined, message: input.message, code: input.messageCode, params: input.messageParams },
        now,
      );
      return true;
    })();
  }

  private commitGroup(works: (() => void)[]): GroupFailures {
    const failures: GroupFailures = new Map();
    this.db.transaction(() => {
      this.writeActivity();
      works.forEach((work, index) => {
        try {
          this.db.transaction(work)();
        } catch (error) {
          failures.set(index, error);
        }
      });
    })();
    return failures;
  }

  async recordAcknowledged(ref: DocumentRef): Promise<void> {
    this.writeActivity();
    this.statement('UPDATE ledger SET awaiting_acknowledge = 0, updated_at = ? WHERE document_key = ? AND kind = ?')
      .run(this.now(), ref.documentKey, ref.kind);
  }

  async recordParked(input: ParkInput): Promise<number> {
    const now = this.now();
    return this.db.transaction(() => {
      this.writeActivity();
      if (input.kind !== null) {
        this.statement(
            `INSERT INTO ledger (document_key, kind, state, created_at, updated_at) VALUES (?, ?, 'failed', ?, ?)
             ON CONFLICT (document_key, kind) DO UPDATE SET state = 'failed', updated_at = excluded.updated_at
             WHERE state <> 'booked'`,
          )
          .run(input.documentKey, input.kind, now, now);
      }
      const id = this.errors.park(input, now);
      this.insertActivity({
        subject: 'document',
        action: 'failed',
        runId: input.runId,
        documentKey: input.documentKey,
        ...parkedText(input.error),
      }, now);
      return id;
    })();
  }

  // Error queue

  async listErrors(filter: ErrorFilter & ErrorPaging = {}): Promise<ErrorQueueEntry[]> {
    return this.errors.list(filter);
  }

  async countErrors(filter: ErrorFilter = {}): Promise<number> {
    return this.errors.count(filter);
  }

  async countOpenErrors(): Promise<number> {
    return this.errors.countOpen();
  }

  async resolveError(id: number, resolution: 'dismissed' | 'skipped' = 'dismissed'): Promise<boolean> {
    this.writeActivity();
    return this.errors.resolve(id, resolution, this.now());
  }

  // Activity log

  async logActivity(entry: ActivityInput): Promise<void> {
    if (this.unwritten.add(entry, this.now())) this.writeActivity();
  }

  /** Writes the buffered activity rows: inside the caller's transaction, or as one of its own. */
  private writeActivity(): void {
    if (this.unwritten.size === 0) return;
    const rows = this.unwritten.take();
    const write = () => {
      for (const row of rows) this.insertActivity(row.entry, row.at);
    };
    if (this.db.inTransaction) write();
    else this.db.transaction(write)();
  }

  private insertActivity(entry: ActivityInput, at: string): void {
    this.statement(
        `INSERT INTO activity (at, run_id, subject, document_key, relation_code, action, sink_ref, message, code, params)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        at,
        entry.runId ?? null,
        entry.subject,
        entry.documentKey ?? null,
        entry.relationCode ?? null,
        entry.action,
        entry.sinkRef ?? null,
        entry.message ?? null,
        entry.code ?? null,
        paramsValue(entry.params),
      );
  }

  async listActivity(filter: ActivityFilter = {}): Promise<ActivityEntry[]> {
    this.writeActivity();
    const params = new Params('sqlite');
    const sql = `SELECT * FROM activity ${whereClause(activityConditions(filter, params))} ORDER BY id DESC LIMIT ?`;
    return (this.statement(sql).all(...params.values, filter.limit ?? 100) as Row[]).map(toActivityEntry);
  }

  // Checks (the dots)

  async saveCheck(side: Side, result: CheckResult): Promise<void> {
    this.writeActivity();
    this.runTable.saveCheck(side, result, this.now());
  }

  async getChecks(): Promise<CheckRecord[]> {
    return this.runTable.checks();
  }

  async forgetCheck(side: Side): Promise<boolean> {
    return this.runTable.forgetCheck(side);
  }

  // Runs

  async startRun(run: { runId: string; mode: RunMode }): Promise<void> {
    this.runTable.startRun(run, this.now());
  }

  /** Records the run's end, then applies the retention period (when set): every finished run ends with it. */
  async finishRun(runId: string, result: RunResult): Promise<void> {
    this.writeActivity();
    this.runTable.finishRun(runId, result, this.now());
    try {
      await this.applyRetention();
    } catch (error) {
      // The run itself is recorded; the next run's pass removes what this one could not.
      this.logger.warn(`removing personal data past state.retainDays failed; the next run tries again: ${describeError(error)}`);
    }
  }

  /**
   * Removes the personal data of finished documents older than `retainDays` (sqlite-state-retention.ts).
   * Null when no retention period is set.
   */
  async applyRetention(): Promise<RetentionResult | null> {
    if (!this.retention) return null;
    this.writeActivity();
    const result = this.retention.apply(this.clock.now());
    if (result.bookings + result.errorEntries + result.activity > 0) {
      this.logger.info(`removed personal data older than ${this.retention.retainDays} days (state.retainDays)`, { ...result });
    }
    return result;
  }

  async listRuns(limit = 20): Promise<RunRecord[]> {
    return this.runTable.runs(limit);
  }

  // Run lock

  async acquireLock(owner: LockOwner, ttlMs: number): Promise<LockAttempt> {
    return this.lock.acquire(owner, ttlMs);
  }

  async renewLock(runId: string, ttlMs: number): Promise<boolean> {
    return this.lock.renew(runId, ttlMs);
  }

  async releaseLock(runId: string): Promise<void> {
    this.lock.release(runId);
  }

  async getLock(): Promise<LockHolder | null> {
    return this.lock.read();
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    void this.group.flush();
    this.writeActivity();
    this.db.close();
  }
}
