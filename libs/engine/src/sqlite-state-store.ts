/**
 * The default StateStore: one SQLite file per tenant through better-sqlite3, in WAL mode.
 * `synchronous = NORMAL` keeps every committed transaction through a process kill (SIGKILL);
 * only a power loss can drop the last ones, and the protocol survives that too (see docs/engine.md).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  describeError,
  makePrivateFile,
  silentLogger,
  systemClock,
  tightenPrivateFile,
  type CheckResult,
  type Clock,
  type ErrorClass,
  type Logger,
} from '@koppelwerk/core';
import { STATE_MIGRATIONS, type Migration } from './state-migrations';
import { StateRetention, type RetentionResult } from './state-retention';
import type {
  ActivityEntry,
  ActivityFilter,
  ActivityInput,
  BookedInput,
  CheckRecord,
  CursorRecord,
  DocumentRef,
  ErrorFilter,
  ErrorQueueEntry,
  IntentInput,
  LedgerEntry,
  LedgerState,
  LockAttempt,
  LockHolder,
  LockOwner,
  ParkInput,
  PendingInput,
  RunCounts,
  RunMode,
  RunRecord,
  Side,
  StateStore,
} from './state-store';

export interface SqliteStateStoreOptions {
  /** A file path, or `:memory:` for tests. */
  path: string;
  clock?: Clock;
  /** Defaults to the engine's migrations; tests pass fewer to build an older database. */
  migrations?: readonly Migration[];
  /** Whether a process on this host is still running; lets a crashed run's lock be taken over at once. */
  isProcessAlive?: (pid: number) => boolean;
  /** How long a statement waits for another process's write transaction. */
  busyTimeoutMs?: number;
  /**
   * Days after which the personal data of finished documents is removed (state-retention.ts);
   * each finished run applies it. Left out: kept forever.
   */
  retainDays?: number;
  /** Where the retention pass reports what it removed (or why it could not). */
  logger?: Logger;
}

type Row = Record<string, unknown>;

export class SqliteStateStore implements StateStore {
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly isProcessAlive: (pid: number) => boolean;
  private readonly retention?: StateRetention;
  private readonly logger: Logger;

  /** The default location: one file per tenant in the state directory. */
  static pathFor(stateDirectory: string, tenant: string): string {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(tenant)) {
      throw new Error(`tenant name "${tenant}" cannot be a file name: use letters, digits, '.', '_' and '-'`);
    }
    return join(stateDirectory, `${tenant}.sqlite`);
  }

  constructor(options: SqliteStateStoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.isProcessAlive = options.isProcessAlive ?? processIsAlive;
    this.logger = options.logger ?? silentLogger;
    if (options.path !== ':memory:') makePrivateFiles(options.path);
    this.db = new Database(options.path);
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
    if (options.path !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    // Deleted and overwritten content is zeroed, so removed personal data leaves no copy in free space.
    this.db.pragma('secure_delete = ON');
    if (migrate(this.db, options.migrations ?? STATE_MIGRATIONS)) this.vacuumOnce(options.path);
    if (options.retainDays !== undefined) this.retention = new StateRetention(this.db, options.retainDays);
  }

  /** The one rewrite after an upgrade that asks for it; the store works without it, so a failure is reported, not thrown. */
  private vacuumOnce(path: string): void {
    try {
      this.db.exec('VACUUM');
    } catch (error) {
      this.logger.warn(
        `could not rewrite the upgraded state database (${describeError(error)}); data deleted before the upgrade may remain in its free space until you run VACUUM on ${path} once while no run is busy`,
      );
    }
  }

  /** The schema version of the open database. */
  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private readonly statements = new Map<string, Database.Statement>();
  /**
   * Activity rows not written yet: they go into the next write transaction (a document's intent,
   * its booking), so a booked order costs two commits instead of five. A crash can lose the last
   * rows logged before it, never a ledger or error-queue change.
   */
  private readonly unwritten: { entry: ActivityInput; at: string }[] = [];
  /** Intents and bookings waiting for their group's commit (see inGroupCommit). */
  private readonly grouped: { work: () => void; resolve: () => void; reject: (error: unknown) => void }[] = [];

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
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.state) {
      where.push('state = ?');
      args.push(filter.state);
    }
    if (filter.invoiceNumber !== undefined) {
      where.push('invoice_number = ?');
      args.push(filter.invoiceNumber);
    }
    const sql = `SELECT * FROM ledger ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id`;
    return (this.statement(sql).all(...args) as Row[]).map(toLedgerEntry);
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
    return this.inGroupCommit(() => this.writeIntent(input));
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
    return this.inGroupCommit(() => {
      this.statement(
          `UPDATE ledger SET state = 'booked', sink_id = ?, awaiting_acknowledge = ?, booked_at = ?, updated_at = ?
           WHERE document_key = ? AND kind = ?`,
        )
        .run(input.sinkId, input.acknowledgeRequired ? 1 : 0, now, now, input.documentKey, input.kind);
      this.resolveOpenErrors(input.documentKey, 'booked', now);
      this.insertActivity({
        subject: 'document',
        action: 'booked',
        runId: input.runId,
        documentKey: input.documentKey,
        sinkRef: input.sinkId,
        message: input.message,
      }, now);
    });
  }

  /**
   * Group commit for the two writes every booking makes (its intent, its booking): the ones asked
   * for in the same turn of the event loop share one transaction, committed before any of their
   * promises resolves, so an intent is still on disk before its write is sent. Each runs in a
   * savepoint of its own: one that throws is rolled back alone and rejects alone.
   */
  private inGroupCommit(work: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.grouped.push({ work, resolve, reject });
      if (this.grouped.length === 1) setImmediate(() => this.commitGroup());
    });
  }

  private commitGroup(): void {
    const group = this.grouped.splice(0);
    if (group.length === 0) return;
    const failures = new Map<number, unknown>();
    try {
      this.db.transaction(() => {
        this.writeActivity();
        group.forEach((entry, index) => {
          try {
            this.db.transaction(entry.work)();
          } catch (error) {
            failures.set(index, error);
          }
        });
      })();
    } catch (error) {
      for (const entry of group) entry.reject(error);
      return;
    }
    group.forEach((entry, index) => (failures.has(index) ? entry.reject(failures.get(index)) : entry.resolve()));
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
      const rawJson = input.raw === undefined ? null : JSON.stringify(input.raw);
      const error = input.error;
      const open = this.statement('SELECT id FROM error_queue WHERE document_key = ? AND resolved_at IS NULL')
        .get(input.documentKey) as Row | undefined;
      let id: number;
      if (open) {
        id = open.id as number;
        this.statement(
            `UPDATE error_queue SET kind = COALESCE(?, kind), raw_json = COALESCE(?, raw_json), record_json = COALESCE(?, record_json),
               error_class = ?, code = ?, message = ?, hint = ?, field = ?, attempts = attempts + 1, last_seen = ?
             WHERE id = ?`,
          )
          .run(input.kind, rawJson, input.recordJson, error.errorClass, error.code ?? null, error.message, error.hint ?? null, error.field ?? null, now, id);
      } else {
        id = Number(
          this.statement(
              `INSERT INTO error_queue (document_key, kind, raw_json, record_json, error_class, code, message, hint, field, attempts, first_seen, last_seen)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
            )
            .run(input.documentKey, input.kind, rawJson, input.recordJson, error.errorClass, error.code ?? null, error.message, error.hint ?? null, error.field ?? null, now, now)
            .lastInsertRowid,
        );
      }
      this.insertActivity({
        subject: 'document',
        action: 'failed',
        runId: input.runId,
        documentKey: input.documentKey,
        message: `${error.errorClass}${error.code ? ' ' + error.code : ''}: ${error.message}`,
      }, now);
      return id;
    })();
  }

  private resolveOpenErrors(documentKey: string, resolution: string, now: string): void {
    this.statement('UPDATE error_queue SET resolved_at = ?, resolution = ? WHERE document_key = ? AND resolved_at IS NULL')
      .run(now, resolution, documentKey);
  }

  // Error queue

  async listErrors(filter: ErrorFilter = {}): Promise<ErrorQueueEntry[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (!filter.includeResolved) where.push('resolved_at IS NULL');
    if (filter.errorClass) {
      where.push('error_class = ?');
      args.push(filter.errorClass);
    }
    if (filter.documentKey !== undefined) {
      where.push('document_key = ?');
      args.push(filter.documentKey);
    }
    if (filter.ids) {
      if (filter.ids.length === 0) return [];
      where.push(`id IN (${filter.ids.map(() => '?').join(', ')})`);
      args.push(...filter.ids);
    }
    const sql = `SELECT * FROM error_queue ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id`;
    return (this.statement(sql).all(...args) as Row[]).map(toErrorEntry);
  }

  async countOpenErrors(): Promise<number> {
    return (this.statement('SELECT COUNT(*) AS n FROM error_queue WHERE resolved_at IS NULL').get() as Row).n as number;
  }

  async resolveError(id: number, resolution: 'dismissed' | 'skipped' = 'dismissed'): Promise<boolean> {
    this.writeActivity();
    const result = this.statement('UPDATE error_queue SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL')
      .run(this.now(), resolution, id);
    return result.changes > 0;
  }

  // Activity log

  async logActivity(entry: ActivityInput): Promise<void> {
    this.unwritten.push({ entry, at: this.now() });
    if (this.unwritten.length >= MAX_UNWRITTEN_ACTIVITY) this.writeActivity();
  }

  /** Writes the buffered activity rows: inside the caller's transaction, or as one of its own. */
  private writeActivity(): void {
    if (this.unwritten.length === 0) return;
    const rows = this.unwritten.splice(0);
    const write = () => {
      for (const row of rows) this.insertActivity(row.entry, row.at);
    };
    if (this.db.inTransaction) write();
    else this.db.transaction(write)();
  }

  private insertActivity(entry: ActivityInput, at: string): void {
    this.statement(
        `INSERT INTO activity (at, run_id, subject, document_key, relation_code, action, sink_ref, message)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
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
      );
  }

  async listActivity(filter: ActivityFilter = {}): Promise<ActivityEntry[]> {
    this.writeActivity();
    const where: string[] = [];
    const args: unknown[] = [];
    for (const [column, value] of [
      ['document_key', filter.documentKey],
      ['relation_code', filter.relationCode],
      ['run_id', filter.runId],
    ] as const) {
      if (value !== undefined) {
        where.push(`${column} = ?`);
        args.push(value);
      }
    }
    const sql = `SELECT * FROM activity ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`;
    const rows = this.statement(sql).all(...args, filter.limit ?? 100) as Row[];
    return rows.map((row) => ({
      id: row.id as number,
      at: row.at as string,
      subject: row.subject as ActivityEntry['subject'],
      action: row.action as ActivityEntry['action'],
      runId: optional(row.run_id),
      documentKey: optional(row.document_key),
      relationCode: optional(row.relation_code),
      sinkRef: optional(row.sink_ref),
      message: optional(row.message),
    }));
  }

  // Checks (the dots)

  async saveCheck(side: Side, result: CheckResult): Promise<void> {
    this.writeActivity();
    this.statement(
        `INSERT INTO checks (side, ok, reason, hint, details_json, error_class, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (side) DO UPDATE SET ok = excluded.ok, reason = excluded.reason, hint = excluded.hint,
           details_json = excluded.details_json, error_class = excluded.error_class, checked_at = excluded.checked_at`,
      )
      .run(
        side,
        result.ok ? 1 : 0,
        result.reason ?? null,
        result.hint ?? null,
        result.details ? JSON.stringify(result.details) : null,
        result.errorClass ?? null,
        this.now(),
      );
  }

  async getChecks(): Promise<CheckRecord[]> {
    const rows = this.statement('SELECT * FROM checks ORDER BY side').all() as Row[];
    return rows.map((row) => ({
      side: row.side as Side,
      ok: row.ok === 1,
      reason: optional(row.reason),
      hint: optional(row.hint),
      details: row.details_json ? (JSON.parse(row.details_json as string) as string[]) : undefined,
      errorClass: optional(row.error_class) as ErrorClass | undefined,
      checkedAt: row.checked_at as string,
    }));
  }

  async forgetCheck(side: Side): Promise<boolean> {
    return this.statement('DELETE FROM checks WHERE side = ?').run(side).changes > 0;
  }

  // Runs

  async startRun(run: { runId: string; mode: RunMode }): Promise<void> {
    this.statement('INSERT INTO runs (run_id, mode, started_at) VALUES (?, ?, ?)').run(run.runId, run.mode, this.now());
  }

  /** Records the run's end, then applies the retention period (when set): every finished run ends with it. */
  async finishRun(runId: string, result: { counts: RunCounts; outcome: string; exitCode: number; message?: string }): Promise<void> {
    this.writeActivity();
    this.statement('UPDATE runs SET ended_at = ?, counts_json = ?, outcome = ?, exit_code = ?, message = ? WHERE run_id = ?')
      .run(this.now(), JSON.stringify(result.counts), result.outcome, result.exitCode, result.message ?? null, runId);
    try {
      await this.applyRetention();
    } catch (error) {
      // The run itself is recorded; the next run's pass removes what this one could not.
      this.logger.warn(`removing personal data past state.retainDays failed; the next run tries again: ${describeError(error)}`);
    }
  }

  /**
   * Removes the personal data of finished documents older than `retainDays` (state-retention.ts).
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
    const rows = this.statement('SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit) as Row[];
    return rows.map((row) => ({
      runId: row.run_id as string,
      mode: row.mode as RunMode,
      startedAt: row.started_at as string,
      endedAt: (row.ended_at as string | null) ?? null,
      counts: row.counts_json ? (JSON.parse(row.counts_json as string) as RunCounts) : null,
      outcome: (row.outcome as string | null) ?? null,
      exitCode: (row.exit_code as number | null) ?? null,
      message: (row.message as string | null) ?? null,
    }));
  }

  // Run lock

  async acquireLock(owner: LockOwner, ttlMs: number): Promise<LockAttempt> {
    const take = this.db.transaction((): LockAttempt => {
      const now = this.clock.now();
      const holder = this.readLock();
      let takenOver: (LockHolder & { reason: string }) | undefined;
      if (holder && holder.runId !== owner.runId) {
        if (Date.parse(holder.expiresAt) <= now.getTime()) {
          takenOver = { ...holder, reason: 'its lock expired (no heartbeat)' };
        } else if (holder.host === owner.host && !this.isProcessAlive(holder.pid)) {
          takenOver = { ...holder, reason: `process ${holder.pid} on this host is gone` };
        } else {
          return { acquired: false, holder };
        }
      }
      const iso = now.toISOString();
      const acquiredAt = holder && holder.runId === owner.runId ? holder.acquiredAt : iso;
      this.statement(
          `INSERT INTO run_lock (id, run_id, pid, host, acquired_at, heartbeat_at, expires_at) VALUES (1, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET run_id = excluded.run_id, pid = excluded.pid, host = excluded.host,
             acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at`,
        )
        .run(owner.runId, owner.pid, owner.host, acquiredAt, iso, new Date(now.getTime() + ttlMs).toISOString());
      return takenOver ? { acquired: true, takenOver } : { acquired: true };
    });
    return take.immediate();
  }

  async renewLock(runId: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const result = this.statement('UPDATE run_lock SET heartbeat_at = ?, expires_at = ? WHERE id = 1 AND run_id = ?')
      .run(now.toISOString(), new Date(now.getTime() + ttlMs).toISOString(), runId);
    return result.changes > 0;
  }

  async releaseLock(runId: string): Promise<void> {
    this.statement('DELETE FROM run_lock WHERE id = 1 AND run_id = ?').run(runId);
  }

  async getLock(): Promise<LockHolder | null> {
    return this.readLock();
  }

  private readLock(): LockHolder | null {
    const row = this.statement('SELECT * FROM run_lock WHERE id = 1').get() as Row | undefined;
    if (!row) return null;
    return {
      runId: row.run_id as string,
      pid: row.pid as number,
      host: row.host as string,
      acquiredAt: row.acquired_at as string,
      heartbeatAt: row.heartbeat_at as string,
      expiresAt: row.expires_at as string,
    };
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    this.commitGroup();
    this.writeActivity();
    this.db.close();
  }
}

/** Buffered activity rows written at once, at the latest. */
const MAX_UNWRITTEN_ACTIVITY = 200;

/**
 * The database file and its companions hold personal data: the file is created 0600 in a 0700
 * folder before SQLite opens it (SQLite gives its -wal, -shm and -journal files the database
 * file's mode), and existing files with a looser mode are tightened.
 */
function makePrivateFiles(path: string): void {
  makePrivateFile(path);
  for (const suffix of ['-wal', '-shm', '-journal']) tightenPrivateFile(path + suffix);
}

/**
 * Applies the missing migrations in one write transaction; refuses a database from a newer version.
 * True when an applied migration asks for one VACUUM afterwards (never for a new database: it has
 * nothing to clean).
 */
function migrate(db: Database.Database, migrations: readonly Migration[]): boolean {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const apply = db.transaction((): boolean => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > latest) {
      throw new Error(
        `the state database has schema version ${current}, newer than this version of Koppelwerk knows (${latest}); upgrade Koppelwerk`,
      );
    }
    let vacuum = false;
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
      vacuum ||= current > 0 && migration.vacuumAfter === true;
    }
    return vacuum;
  });
  return apply.immediate();
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function optional(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : (value as string);
}

function toLedgerEntry(row: Row): LedgerEntry {
  return {
    documentKey: row.document_key as string,
    kind: row.kind as string,
    state: row.state as LedgerState,
    invoiceNumber: (row.invoice_number as string | null) ?? null,
    sinkId: (row.sink_id as string | null) ?? null,
    payloadHash: (row.payload_hash as string | null) ?? null,
    bookingJson: (row.booking_json as string | null) ?? null,
    mappingVersion: (row.mapping_version as string | null) ?? null,
    attempts: row.attempts as number,
    awaitingAcknowledge: row.awaiting_acknowledge === 1,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
    bookedAt: (row.booked_at as string | null) ?? null,
  };
}

function toErrorEntry(row: Row): ErrorQueueEntry {
  return {
    id: row.id as number,
    documentKey: row.document_key as string,
    kind: (row.kind as string | null) ?? null,
    rawJson: (row.raw_json as string | null) ?? null,
    recordJson: (row.record_json as string | null) ?? null,
    errorClass: row.error_class as ErrorClass,
    code: optional(row.code),
    message: row.message as string,
    hint: optional(row.hint),
    field: optional(row.field),
    attempts: row.attempts as number,
    firstSeen: row.first_seen as string,
    lastSeen: row.last_seen as string,
    resolvedAt: (row.resolved_at as string | null) ?? null,
    resolution: (row.resolution as string | null) ?? null,
  };
}
