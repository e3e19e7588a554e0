/**
 * The PostgreSQL state schema, as numbered migrations: one database holds every tenant, and every
 * row carries its `tenant`. `koppelwerk_schema_migrations` remembers what was applied; opening a
 * store applies the missing ones in one transaction under an advisory lock, so any number of
 * workers may start at once. Never edit a released migration: add the next one.
 */
import type { Pool } from 'pg';

export interface PostgresMigration {
  version: number;
  description: string;
  sql: string;
}

export const POSTGRES_STATE_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    description: 'cursors, ledger, error queue, activity log, checks, runs, run lock; every row per tenant',
    sql: `
      CREATE TABLE cursors (
        tenant text NOT NULL,
        stream text NOT NULL,
        cursor text,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant, stream)
      );

      CREATE TABLE ledger (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant text NOT NULL,
        document_key text NOT NULL,
        kind text NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'in-doubt', 'booked', 'failed')),
        invoice_number text,
        sink_id text,
        payload_hash text,
        booking_json text,
        mapping_version text,
        attempts integer NOT NULL DEFAULT 0,
        awaiting_acknowledge boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        booked_at timestamptz,
        UNIQUE (tenant, document_key, kind)
      );
      CREATE INDEX ledger_state ON ledger (tenant, state);
      CREATE INDEX ledger_invoice_number ON ledger (tenant, invoice_number);
      CREATE INDEX ledger_retention ON ledger (tenant, state, booked_at) WHERE booking_json IS NOT NULL;

      CREATE TABLE error_queue (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant text NOT NULL,
        document_key text NOT NULL,
        kind text,
        raw_json text,
        record_json text,
        error_class text NOT NULL,
        code text,
        message text NOT NULL,
        hint text,
        field text,
        attempts integer NOT NULL DEFAULT 1,
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL,
        resolved_at timestamptz,
        resolution text,
        erased_at timestamptz
      );
      CREATE UNIQUE INDEX error_queue_open_document ON error_queue (tenant, document_key) WHERE resolved_at IS NULL;
      CREATE INDEX error_queue_document ON error_queue (tenant, document_key);
      CREATE INDEX error_queue_class ON error_queue (tenant, error_class);
      CREATE INDEX error_queue_retention ON error_queue (tenant, resolved_at) WHERE resolved_at IS NOT NULL AND erased_at IS NULL;

      CREATE TABLE activity (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant text NOT NULL,
        at timestamptz NOT NULL,
        run_id text,
        subject text NOT NULL CHECK (subject IN ('document', 'relation')),
        document_key text,
        relation_code text,
        action text NOT NULL,
        sink_ref text,
        message text
      );
      CREATE INDEX activity_tenant ON activity (tenant, id);
      CREATE INDEX activity_document ON activity (tenant, document_key);
      CREATE INDEX activity_relation ON activity (tenant, relation_code);
      CREATE INDEX activity_run ON activity (tenant, run_id);
      CREATE INDEX activity_retention ON activity (tenant, at) WHERE message IS NOT NULL;

      CREATE TABLE checks (
        tenant text NOT NULL,
        side text NOT NULL CHECK (side IN ('source', 'sink')),
        ok boolean NOT NULL,
        reason text,
        hint text,
        details jsonb,
        error_class text,
        checked_at timestamptz NOT NULL,
        PRIMARY KEY (tenant, side)
      );

      CREATE TABLE runs (
        seq bigint GENERATED ALWAYS AS IDENTITY,
        tenant text NOT NULL,
        run_id text NOT NULL,
        mode text NOT NULL,
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        counts jsonb,
        outcome text,
        exit_code integer,
        message text,
        PRIMARY KEY (tenant, run_id)
      );
      CREATE INDEX runs_started ON runs (tenant, started_at DESC, seq DESC);

      CREATE TABLE run_lock (
        tenant text PRIMARY KEY,
        run_id text NOT NULL,
        pid integer NOT NULL,
        host text NOT NULL,
        acquired_at timestamptz NOT NULL,
        heartbeat_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'tenants of the service mode: the tenant file as written (secrets stay references) and its cadence',
    sql: `
      CREATE TABLE tenants (
        tenant text PRIMARY KEY,
        config_yaml text NOT NULL,
        every_minutes integer NOT NULL CHECK (every_minutes BETWEEN 1 AND 1440),
        schedule_enabled boolean NOT NULL DEFAULT true,
        added_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 3,
    description: "the dashboard's errors tab: pages of a tenant's error queue by id, open ones and per class",
    sql: `
      CREATE INDEX error_queue_open_page ON error_queue (tenant, id) WHERE resolved_at IS NULL;
      CREATE INDEX error_queue_open_class_page ON error_queue (tenant, error_class, id) WHERE resolved_at IS NULL;
      CREATE INDEX error_queue_page ON error_queue (tenant, id);
      DROP INDEX error_queue_class;
    `,
  },
  {
    version: 4,
    description: 'texts in every language: the params of parked errors, and the code and params of activity lines, dots and run messages',
    sql: `
      -- The values a message is made of; the message catalogue words its code with them. Null in rows from before.
      ALTER TABLE error_queue ADD COLUMN params jsonb;
      ALTER TABLE activity ADD COLUMN code text, ADD COLUMN params jsonb;
      ALTER TABLE checks ADD COLUMN code text, ADD COLUMN params jsonb;
      ALTER TABLE runs ADD COLUMN code text, ADD COLUMN params jsonb;
    `,
  },
];

/** The advisory lock every migrating opener takes (an arbitrary constant: "KW" and 1). */
const MIGRATION_LOCK = 0x4b57_0001;

/**
 * Applies the missing migrations in one transaction, serialised between processes by an advisory
 * transaction lock; refuses a database from a newer version. Returns the schema version.
 */
export async function migratePostgres(pool: Pool, migrations: readonly PostgresMigration[] = POSTGRES_STATE_MIGRATIONS): Promise<number> {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS koppelwerk_schema_migrations (
         version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM koppelwerk_schema_migrations');
    const current = rows[0].version ?? 0;
    if (current > latest) {
      throw new Error(
        `the state database has schema version ${current}, newer than this version of Koppelwerk knows (${latest}); upgrade Koppelwerk`,
      );
    }
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (migration.version <= current) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO koppelwerk_schema_migrations (version, description) VALUES ($1, $2)', [migration.version, migration.description]);
    }
    await client.query('COMMIT');
    return Math.max(current, latest);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** One migration pass per pool (the default migrations): a worker opening a thousand tenants migrates once. */
const migrated = new WeakMap<Pool, Promise<number>>();

/** Brings the schema up to date once per pool for the default migrations; other migrations (tests) every time. */
export function migrateOnce(pool: Pool, migrations?: readonly PostgresMigration[]): Promise<number> {
  if (migrations && migrations !== POSTGRES_STATE_MIGRATIONS) return migratePostgres(pool, migrations);
  let pass = migrated.get(pool);
  if (!pass) {
    pass = migratePostgres(pool);
    migrated.set(pool, pass);
    pass.catch(() => migrated.delete(pool));
  }
  return pass;
}
