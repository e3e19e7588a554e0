/**
 * The StateStore on PostgreSQL (node-postgres), for the service mode: one database holds every
 * tenant; a store is bound to one tenant and every statement names it, so a tenant never reads or
 * changes another's rows. The schema is versioned (postgres-state-migrations.ts) and brought up to
 * date when a store opens. A run's hot path costs few statements: the intents and bookings of one
 * turn (and of every turn while the last commit was on its way), with the activity rows waiting for
 * them, are one statement (postgres-group-commit.ts), and the ledger reads every document makes are
 * batched the same way (postgres-ledger-reads.ts).
 *
 *   const store = await PostgresStateStore.open({ connectionString: url, tenant: 'bakkerij' });
 *   const shared = await PostgresStateStore.open({ pool, tenant }); // many tenants, one pool
 */
import { Pool, type QueryResultRow } from 'pg';
import { checkParams, describeError, silentLogger, systemClock, type CheckResult, type Clock, type Logger } from '@koppelwerk/core';
import { ActivityBuffer, activityConditions, checkRetainDays, errorConditions, isoTime, ledgerConditions, Params, paramsValue, processIsAlive, toActivityEntry, toCheckRecord, toErrorEntry, toLedgerEntry, toRunRecord, whereClause } from '@koppelwerk/engine';
import type { ActivityEntry, ActivityFilter, ActivityInput, BookedInput, CheckRecord, CursorRecord, DocumentRef, ErrorFilter } from '@koppelwerk/engine';
import type { ErrorPaging, ErrorQueueEntry, IntentInput, LedgerEntry, LedgerState, LockAttempt, LockHolder } from '@koppelwerk/engine';
import type { LockOwner, ParkInput, PendingInput, RebookInput, RetentionResult, RunMode, RunRecord, RunResult, Side, StateStore } from '@koppelwerk/engine';
import type { TenantStateSummary } from '@koppelwerk/engine';
import { PostgresGroupCommit } from './postgres-group-commit';
import { PostgresLedgerReads } from './postgres-ledger-reads';
import { PostgresRunLock } from './postgres-run-lock';
import { migrateOnce, type PostgresMigration } from './postgres-state-migrations';
import { applyPostgresRetention } from './postgres-state-retention';
import { readTenantSummaries } from './postgres-state-summaries';
import { reportingUnavailable } from './postgres-unavailable';
import { activityStatement, parkStatement } from './postgres-state-writes';
import { rebookStatement } from './postgres-ledger-rebook';

export interface PostgresStateStoreOptions {
  /** A pool shared by many tenants' stores (closing a store leaves it open)... */
  pool?: Pool;
  /** ...or a URL (`postgres://user@host:port/database`): the store makes its own pool and closes it. */
  connectionString?: string;
  /** The tenant this store reads and writes; its name is stored in every row. */
  tenant: string;
  clock?: Clock;
  /** Days after which the personal data of finished documents is removed (each finished run applies it). */
  retainDays?: number;
  logger?: Logger;
  /** Whether a process on this host is still running; lets a crashed run's lock be taken over at once. */
  isProcessAlive?: (pid: number) => boolean;
  /** Defaults to POSTGRES_STATE_MIGRATIONS; tests pass others. */
  migrations?: readonly PostgresMigration[];
}

export class PostgresStateStore implements StateStore {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly lock: PostgresRunLock;
  private readonly retainDays?: number;
  private readonly unwritten = new ActivityBuffer();
  private readonly group: PostgresGroupCommit;
  private readonly reads: PostgresLedgerReads;
  private closed = false;

  /** Opens a tenant's store, bringing the database's schema up to date first. */
  static async open(options: PostgresStateStoreOptions): Promise<PostgresStateStore> {
    if (!options.tenant || options.tenant.trim() !== options.tenant) throw new Error(`tenant name "${options.tenant}" is empty or has surrounding spaces`);
    if (options.retainDays !== undefined) checkRetainDays(options.retainDays);
    if (!options.pool && !options.connectionString) throw new Error('PostgresStateStore.open needs a pool or a connectionString');
    const logger = options.logger ?? silentLogger;
    const ownPool = options.pool ? undefined : new Pool({ connectionString: options.connectionString, max: 4 });
    // An idle connection that breaks (a restarted server) must not crash the process; the next query reconnects.
    ownPool?.on('error', (error) => logger.warn(`state database connection lost: ${describeError(error)}`));
    const pool = options.pool ?? ownPool!;
    try {
      await migrateOnce(pool, options.migrations);
    } catch (error) {
      await ownPool?.end();
      throw error;
    }
    // A database away for a moment ends the run transient (and it is run again), not as a bug.
    return new PostgresStateStore(reportingUnavailable(pool), ownPool !== undefined, options);
  }

  private constructor(
    private readonly pool: Pool,
    private readonly ownsPool: boolean,
    options: PostgresStateStoreOptions,
  ) {
    this.tenant = options.tenant;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.retainDays = options.retainDays;
    this.lock = new PostgresRunLock(pool, this.tenant, this.clock, options.isProcessAlive ?? processIsAlive, this.logger);
    this.group = new PostgresGroupCommit(pool, this.tenant, () => this.now(), this.unwritten);
    this.reads = new PostgresLedgerReads(pool, this.tenant);
  }

  readonly tenant: string;

  /**
   * The dots, last run, open errors and lock of many tenants in one query (the service's overview),
   * in the order asked; a tenant without state has empty ones.
   */
  static async summaries(pool: Pool, tenants: readonly string[]): Promise<TenantStateSummary[]> {
    await migrateOnce(pool);
    return readTenantSummaries(pool, tenants);
  }

  /** The schema version of the database. */
  async schemaVersion(): Promise<number> {
    return (await this.rows<{ v: number | null }>('SELECT max(version) AS v FROM koppelwerk_schema_migrations'))[0].v ?? 0;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private async rows<T extends QueryResultRow = QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.pool.query<T>(text, values)).rows;
  }

  private async changed(text: string, values: unknown[]): Promise<number> {
    return (await this.pool.query(text, values)).rowCount ?? 0;
  }

  /** A write that first stores the activity rows waiting for a write. */
  private async write(text: string, values: unknown[]): Promise<number> {
    await this.writeActivity();
    return this.changed(text, values);
  }

  // Cursors

  async getCursor(stream: string): Promise<string | null> {
    return (await this.rows('SELECT cursor FROM cursors WHERE tenant = $1 AND stream = $2', [this.tenant, stream]))[0]?.cursor ?? null;
  }

  async saveCursor(stream: string, cursor: string | null): Promise<void> {
    await this.write(
      `INSERT INTO cursors (tenant, stream, cursor, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant, stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
      [this.tenant, stream, cursor, this.now()],
    );
  }

  async listCursors(): Promise<CursorRecord[]> {
    const rows = await this.rows('SELECT stream, cursor, updated_at FROM cursors WHERE tenant = $1 ORDER BY stream', [this.tenant]);
    return rows.map((row) => ({ stream: row.stream, cursor: row.cursor ?? null, updatedAt: isoTime(row.updated_at) }));
  }

  async forgetCursors(): Promise<number> {
    return this.changed('DELETE FROM cursors WHERE tenant = $1', [this.tenant]);
  }

  // Ledger

  /** Read with the other documents' reads of the same turn (postgres-ledger-reads.ts). */
  getLedgerEntry(ref: DocumentRef): Promise<LedgerEntry | null> {
    return this.reads.entry(ref);
  }

  async listLedger(filter: { state?: LedgerState; invoiceNumber?: string } = {}): Promise<LedgerEntry[]> {
    // Every booking asks by its invoice number: read with the other documents' reads of the same turn.
    if (filter.invoiceNumber !== undefined && filter.state === undefined) return this.reads.withInvoiceNumber(filter.invoiceNumber);
    const params = new Params('postgres');
    const where = [`tenant = ${params.bind(this.tenant)}`, ...ledgerConditions(filter, params)];
    return (await this.rows(`SELECT * FROM ledger ${whereClause(where)} ORDER BY id`, params.values)).map(toLedgerEntry);
  }

  async listAwaitingAcknowledge(): Promise<LedgerEntry[]> {
    const rows = await this.rows(`SELECT * FROM ledger WHERE tenant = $1 AND state = 'booked' AND awaiting_acknowledge ORDER BY id`, [this.tenant]);
    return rows.map(toLedgerEntry);
  }

  async recordPending(input: PendingInput): Promise<void> {
    await this.write(
      `INSERT INTO ledger AS l (tenant, document_key, kind, state, invoice_number, payload_hash, booking_json, mapping_version, created_at, updated_at)
       VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $8)
       ON CONFLICT (tenant, document_key, kind) DO UPDATE SET
         state = 'pending',
         invoice_number = COALESCE(excluded.invoice_number, l.invoice_number),
         payload_hash = COALESCE(excluded.payload_hash, l.payload_hash),
         booking_json = COALESCE(excluded.booking_json, l.booking_json),
         mapping_version = COALESCE(excluded.mapping_version, l.mapping_version),
         updated_at = excluded.updated_at
       WHERE l.state <> 'booked'`,
      [
        this.tenant,
        input.documentKey,
        input.kind,
        input.invoiceNumber ?? null,
        input.payloadHash ?? null,
        input.bookingJson ?? null,
        input.mappingVersion ?? null,
        this.now(),
      ],
    );
  }

  async recordIntent(input: IntentInput): Promise<void> {
    return this.group.add({ type: 'intent', input });
  }

  async recordBooked(input: BookedInput): Promise<void> {
    return this.group.add({ type: 'booked', input });
  }

  async recordRebook(input: RebookInput): Promise<boolean> {
    await this.writeActivity();
    const statement = rebookStatement(this.tenant, this.now(), input);
    return Number((await this.pool.query(statement.text, statement.values)).rows[0].rebooked) > 0;
  }

  async recordAcknowledged(ref: DocumentRef): Promise<void> {
    await this.write('UPDATE ledger SET awaiting_acknowledge = false, updated_at = $4 WHERE tenant = $1 AND document_key = $2 AND kind = $3', [
      this.tenant,
      ref.documentKey,
      ref.kind,
      this.now(),
    ]);
  }

  async recordParked(input: ParkInput): Promise<number> {
    const statement = parkStatement(this.tenant, this.now(), input, this.unwritten.take());
    return Number((await this.pool.query(statement.text, statement.values)).rows[0].id);
  }

  // Error queue

  async listErrors(filter: ErrorFilter & ErrorPaging = {}): Promise<ErrorQueueEntry[]> {
    const params = new Params('postgres');
    const tenant = `tenant = ${params.bind(this.tenant)}`;
    const where = errorConditions(filter, params);
    if (!where) return [];
    // The page's ids first (an index-only scan for the open entries), then just those rows: a deep page skips index entries, not rows.
    const ids = `SELECT id FROM error_queue ${whereClause([tenant, ...where])} ORDER BY id ${params.page(filter)}`;
    return (await this.rows(`SELECT * FROM error_queue WHERE id IN (${ids}) ORDER BY id`, params.values)).map(toErrorEntry);
  }

  async countErrors(filter: ErrorFilter = {}): Promise<number> {
    const params = new Params('postgres');
    const tenant = `tenant = ${params.bind(this.tenant)}`;
    const where = errorConditions(filter, params);
    if (!where) return 0;
    return (await this.rows(`SELECT count(*)::int AS n FROM error_queue ${whereClause([tenant, ...where])}`, params.values))[0].n;
  }

  async countOpenErrors(): Promise<number> {
    return (await this.rows('SELECT count(*)::int AS n FROM error_queue WHERE tenant = $1 AND resolved_at IS NULL', [this.tenant]))[0].n;
  }

  async resolveError(id: number, resolution: 'dismissed' | 'skipped' = 'dismissed'): Promise<boolean> {
    const sql = 'UPDATE error_queue SET resolved_at = $3, resolution = $4 WHERE tenant = $1 AND id = $2 AND resolved_at IS NULL';
    return (await this.write(sql, [this.tenant, id, this.now(), resolution])) > 0;
  }

  // Activity log

  async logActivity(entry: ActivityInput): Promise<void> {
    if (this.unwritten.add(entry, this.now())) await this.writeActivity();
  }

  private async writeActivity(): Promise<void> {
    if (this.unwritten.size === 0) return;
    const statement = activityStatement(this.tenant, this.unwritten.take());
    await this.pool.query(statement.text, statement.values);
  }

  async listActivity(filter: ActivityFilter = {}): Promise<ActivityEntry[]> {
    await this.writeActivity();
    const params = new Params('postgres');
    const where = [`tenant = ${params.bind(this.tenant)}`, ...activityConditions(filter, params)];
    const sql = `SELECT * FROM activity ${whereClause(where)} ORDER BY id DESC LIMIT ${params.bind(filter.limit ?? 100)}`;
    return (await this.rows(sql, params.values)).map(toActivityEntry);
  }

  // Checks (the dots)

  async saveCheck(side: Side, result: CheckResult): Promise<void> {
    await this.write(
      `INSERT INTO checks (tenant, side, ok, reason, hint, details, error_class, code, params, checked_at) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9::jsonb, $10)
       ON CONFLICT (tenant, side) DO UPDATE SET ok = excluded.ok, reason = excluded.reason, hint = excluded.hint, details = excluded.details,
         error_class = excluded.error_class, code = excluded.code, params = excluded.params, checked_at = excluded.checked_at`,
      [
        this.tenant,
        side,
        result.ok,
        result.reason ?? null,
        result.hint ?? null,
        result.details ? JSON.stringify(result.details) : null,
        result.errorClass ?? null,
        result.code ?? null,
        paramsValue(checkParams(result)),
        this.now(),
      ],
    );
  }

  async getChecks(): Promise<CheckRecord[]> {
    return (await this.rows('SELECT * FROM checks WHERE tenant = $1 ORDER BY side', [this.tenant])).map(toCheckRecord);
  }

  async forgetCheck(side: Side): Promise<boolean> {
    return (await this.changed('DELETE FROM checks WHERE tenant = $1 AND side = $2', [this.tenant, side])) > 0;
  }

  // Runs

  async startRun(run: { runId: string; mode: RunMode }): Promise<void> {
    await this.changed('INSERT INTO runs (tenant, run_id, mode, started_at) VALUES ($1, $2, $3, $4)', [this.tenant, run.runId, run.mode, this.now()]);
  }

  /** Records the run's end, then applies the retention period (when set): every finished run ends with it. */
  async finishRun(runId: string, result: RunResult): Promise<void> {
    await this.write(
      'UPDATE runs SET ended_at = $3, counts = $4::jsonb, outcome = $5, exit_code = $6, message = $7, code = $8, params = $9::jsonb WHERE tenant = $1 AND run_id = $2',
      [this.tenant, runId, this.now(), JSON.stringify(result.counts), result.outcome, result.exitCode, result.message ?? null, result.code ?? null, paramsValue(result.params)],
    );
    try {
      await this.applyRetention();
    } catch (error) {
      // The run itself is recorded; the next run's pass removes what this one could not.
      this.logger.warn(`removing personal data past state.retainDays failed; the next run tries again: ${describeError(error)}`);
    }
  }

  /** Removes this tenant's personal data of finished documents older than `retainDays`; null when no period is set. */
  async applyRetention(): Promise<RetentionResult | null> {
    if (this.retainDays === undefined) return null;
    await this.writeActivity();
    const result = await applyPostgresRetention(this.pool, this.tenant, this.clock.now(), this.retainDays);
    if (result.bookings + result.errorEntries + result.activity > 0) {
      this.logger.info(`removed personal data older than ${this.retainDays} days (state.retainDays)`, { ...result });
    }
    return result;
  }

  async listRuns(limit = 20): Promise<RunRecord[]> {
    const rows = await this.rows('SELECT * FROM runs WHERE tenant = $1 ORDER BY started_at DESC, seq DESC LIMIT $2', [this.tenant, limit]);
    return rows.map(toRunRecord);
  }

  // Run lock

  async acquireLock(owner: LockOwner, ttlMs: number): Promise<LockAttempt> {
    return this.lock.acquire(owner, ttlMs);
  }

  async renewLock(runId: string, ttlMs: number): Promise<boolean> {
    return this.lock.renew(runId, ttlMs);
  }

  async releaseLock(runId: string): Promise<void> {
    return this.lock.release(runId);
  }

  async getLock(): Promise<LockHolder | null> {
    return this.lock.read();
  }

  /** Writes what is still waiting, releases a run lock still held; ends the pool when the store made it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.group.flush();
      await this.writeActivity();
    } finally {
      await this.lock.close();
      if (this.ownsPool) await this.pool.end();
    }
  }
}
