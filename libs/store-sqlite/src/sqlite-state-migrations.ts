/**
 * The state database's schema, as numbered migrations. A database remembers its version in
 * `PRAGMA user_version`; opening it applies the missing ones in order, each in one transaction.
 * Never edit a released migration: add the next one.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
  /**
   * Rewrite the whole file once after this migration (`VACUUM`, outside its transaction), so that
   * nothing deleted before it lingers in the file's free space.
   */
  vacuumAfter?: boolean;
}

export const STATE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'cursors, ledger, error queue, activity log, checks, runs, run lock',
    sql: `
      CREATE TABLE cursors (
        stream TEXT PRIMARY KEY,
        cursor TEXT,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE ledger (
        id INTEGER PRIMARY KEY,
        document_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'in-doubt', 'booked', 'failed')),
        invoice_number TEXT,
        sink_id TEXT,
        payload_hash TEXT,
        booking_json TEXT,
        mapping_version TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        awaiting_acknowledge INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        booked_at TEXT,
        UNIQUE (document_key, kind)
      );
      CREATE INDEX ledger_state ON ledger (state);
      CREATE INDEX ledger_invoice_number ON ledger (invoice_number);

      CREATE TABLE error_queue (
        id INTEGER PRIMARY KEY,
        document_key TEXT NOT NULL,
        kind TEXT,
        raw_json TEXT,
        record_json TEXT,
        error_class TEXT NOT NULL,
        code TEXT,
        message TEXT NOT NULL,
        hint TEXT,
        field TEXT,
        attempts INTEGER NOT NULL DEFAULT 1,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        resolved_at TEXT,
        resolution TEXT
      );
      CREATE UNIQUE INDEX error_queue_open_document ON error_queue (document_key) WHERE resolved_at IS NULL;
      CREATE INDEX error_queue_class ON error_queue (error_class);

      CREATE TABLE activity (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        run_id TEXT,
        subject TEXT NOT NULL CHECK (subject IN ('document', 'relation')),
        document_key TEXT,
        relation_code TEXT,
        action TEXT NOT NULL,
        sink_ref TEXT,
        message TEXT
      );
      CREATE INDEX activity_document ON activity (document_key);
      CREATE INDEX activity_relation ON activity (relation_code);

      CREATE TABLE checks (
        side TEXT PRIMARY KEY CHECK (side IN ('source', 'sink')),
        ok INTEGER NOT NULL,
        reason TEXT,
        hint TEXT,
        details_json TEXT,
        error_class TEXT,
        checked_at TEXT NOT NULL
      );

      CREATE TABLE runs (
        run_id TEXT PRIMARY KEY,
        mode TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        counts_json TEXT,
        outcome TEXT,
        exit_code INTEGER,
        message TEXT
      );

      CREATE TABLE run_lock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        run_id TEXT NOT NULL,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        acquired_at TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'personal-data retention: erased marker on error entries, indexes for the retention pass',
    // Databases of version 1 were written without secure_delete: old copies of rows may sit in free pages.
    vacuumAfter: true,
    sql: `
      ALTER TABLE error_queue ADD COLUMN erased_at TEXT;

      -- Booked (and given-up) rows that still carry their booking, by age.
      CREATE INDEX ledger_retention ON ledger (state, booked_at) WHERE booking_json IS NOT NULL;
      -- Resolved error entries whose record and raw payload are still there, by resolution time.
      CREATE INDEX error_queue_retention ON error_queue (resolved_at) WHERE resolved_at IS NOT NULL AND erased_at IS NULL;
      -- Activity rows that still carry a message, by age.
      CREATE INDEX activity_retention ON activity (at) WHERE message IS NOT NULL;
      -- Every entry of one document (open or resolved), for the retention pass's checks.
      CREATE INDEX error_queue_document ON error_queue (document_key);
    `,
  },
  {
    version: 3,
    description: "the dashboard's errors tab: pages of the open entries by id, all of them and per class",
    sql: `
      -- Counting the open entries and skipping to a deep page read these small indexes, not the rows.
      CREATE INDEX error_queue_open_page ON error_queue (id) WHERE resolved_at IS NULL;
      CREATE INDEX error_queue_open_class_page ON error_queue (error_class, id) WHERE resolved_at IS NULL;
    `,
  },
  {
    version: 4,
    description: 'texts in every language: the params (JSON) of parked errors, and the code and params of activity lines, dots and run messages',
    sql: `
      -- The values a message is made of; the message catalogue words its code with them. Null in rows from before.
      ALTER TABLE error_queue ADD COLUMN params TEXT;
      ALTER TABLE activity ADD COLUMN code TEXT;
      ALTER TABLE activity ADD COLUMN params TEXT;
      ALTER TABLE checks ADD COLUMN code TEXT;
      ALTER TABLE checks ADD COLUMN params TEXT;
      ALTER TABLE runs ADD COLUMN code TEXT;
      ALTER TABLE runs ADD COLUMN params TEXT;
    `,
  },
];
