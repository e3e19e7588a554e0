/**
 * The state database's schema, as numbered migrations. A database remembers its version in
 * `PRAGMA user_version`; opening it applies the missing ones in order, each in one transaction.
 * Never edit a released migration: add the next one.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
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
];
