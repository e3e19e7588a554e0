/**
 * The PostgreSQL store's batched writes, each one statement (one round trip, atomic): a group of
 * intents and bookings with the activity rows waiting for them (group commit), a parked document,
 * and buffered activity on its own. Every row written carries the tenant ($1).
 */
import { paramsValue, parkedText, type BookedInput, type BufferedActivity, type IntentInput, type ParkInput } from '@koppelwerk/engine';

export type GroupedWrite = { type: 'intent'; input: IntentInput } | { type: 'booked'; input: BookedInput };

export interface Statement {
  text: string;
  values: unknown[];
}

/** The activity rows as one array per column, in the order of `ACTIVITY_INSERT`'s parameters. */
function activityColumns(rows: readonly BufferedActivity[]): unknown[] {
  const column = (pick: (row: BufferedActivity) => unknown) => rows.map(pick);
  return [
    column((row) => row.at),
    column((row) => row.entry.runId ?? null),
    column((row) => row.entry.subject),
    column((row) => row.entry.documentKey ?? null),
    column((row) => row.entry.relationCode ?? null),
    column((row) => row.entry.action),
    column((row) => row.entry.sinkRef ?? null),
    column((row) => row.entry.message ?? null),
    column((row) => row.entry.code ?? null),
    column((row) => paramsValue(row.entry.params)),
  ];
}

/** Inserts the activity rows bound at parameters $n..$n+9, in their logging order. */
function activityInsert(n: number): string {
  const p = (offset: number) => `$${n + offset}`;
  return `INSERT INTO activity (tenant, at, run_id, subject, document_key, relation_code, action, sink_ref, message, code, params)
    SELECT $1, a.at, a.run_id, a.subject, a.document_key, a.relation_code, a.action, a.sink_ref, a.message, a.code, a.params::jsonb
    FROM unnest(${p(0)}::timestamptz[], ${p(1)}::text[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::text[], ${p(6)}::text[], ${p(7)}::text[], ${p(8)}::text[], ${p(9)}::text[])
      WITH ORDINALITY AS a(at, run_id, subject, document_key, relation_code, action, sink_ref, message, code, params, n)
    ORDER BY a.n`;
}

export function activityStatement(tenant: string, rows: readonly BufferedActivity[]): Statement {
  return { text: activityInsert(2), values: [tenant, ...activityColumns(rows)] };
}

const GROUP_SQL = `
  WITH intents AS (
    INSERT INTO ledger AS l (tenant, document_key, kind, state, invoice_number, payload_hash, booking_json, mapping_version, attempts, created_at, updated_at)
    SELECT $1, i.document_key, i.kind, 'in-doubt', i.invoice_number, i.payload_hash, i.booking_json, i.mapping_version, 1, $2, $2
    FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
      AS i(document_key, kind, invoice_number, payload_hash, booking_json, mapping_version)
    ON CONFLICT (tenant, document_key, kind) DO UPDATE SET
      state = 'in-doubt', invoice_number = excluded.invoice_number, payload_hash = excluded.payload_hash,
      booking_json = excluded.booking_json, mapping_version = excluded.mapping_version,
      attempts = l.attempts + 1, updated_at = excluded.updated_at
    WHERE l.state <> 'booked'
    RETURNING l.document_key, l.kind
  ), booked_input AS (
    SELECT * FROM unnest($9::text[], $10::text[], $11::text[], $12::boolean[]) AS b(document_key, kind, sink_id, awaiting)
  ), booked AS (
    UPDATE ledger l SET state = 'booked', sink_id = b.sink_id, awaiting_acknowledge = b.awaiting, booked_at = $2, updated_at = $2
    FROM booked_input b WHERE l.tenant = $1 AND l.document_key = b.document_key AND l.kind = b.kind
    RETURNING 1
  ), resolved AS (
    UPDATE error_queue q SET resolved_at = $2, resolution = 'booked'
    FROM booked_input b WHERE q.tenant = $1 AND q.document_key = b.document_key AND q.resolved_at IS NULL
    RETURNING 1
  ), logged AS (
    ${activityInsert(13)}
    RETURNING 1
  )
  SELECT document_key, kind FROM intents`;

/**
 * One statement for a group whose documents are all different (the caller splits a group that
 * names one document twice): the intents (RETURNING the rows written; a missing one was already
 * booked), the bookings with their error-queue resolutions, and every activity row: the buffered
 * ones first, then each booking's.
 */
export function groupStatement(tenant: string, now: string, writes: readonly GroupedWrite[], buffered: readonly BufferedActivity[]): Statement {
  const intents = writes.flatMap((write) => (write.type === 'intent' ? [write.input] : []));
  const booked = writes.flatMap((write) => (write.type === 'booked' ? [write.input] : []));
  const activity: BufferedActivity[] = [
    ...buffered,
    ...booked.map((input) => ({
      at: now,
      entry: {
        subject: 'document' as const,
        action: 'booked' as const,
        runId: input.runId,
        documentKey: input.documentKey,
        sinkRef: input.sinkId,
        message: input.message,
        code: input.messageCode,
        params: input.messageParams,
      },
    })),
  ];
  return {
    text: GROUP_SQL,
    values: [
      tenant,
      now,
      intents.map((i) => i.documentKey),
      intents.map((i) => i.kind),
      intents.map((i) => i.invoiceNumber),
      intents.map((i) => i.payloadHash),
      intents.map((i) => i.bookingJson),
      intents.map((i) => i.mappingVersion),
      booked.map((b) => b.documentKey),
      booked.map((b) => b.kind),
      booked.map((b) => b.sinkId),
      booked.map((b) => b.acknowledgeRequired),
      ...activityColumns(activity),
    ],
  };
}

/** Splits writes into runs in which no document appears twice (one statement may touch a row once). */
export function splitByDocument(writes: readonly GroupedWrite[]): GroupedWrite[][] {
  const batches: { keys: Set<string>; writes: GroupedWrite[] }[] = [];
  for (const write of writes) {
    const key = `${write.input.documentKey}\u0000${write.input.kind}`;
    let batch = batches[batches.length - 1];
    if (!batch || batch.keys.has(key)) batches.push((batch = { keys: new Set(), writes: [] }));
    batch.keys.add(key);
    batch.writes.push(write);
  }
  return batches.map((batch) => batch.writes);
}

const PARK_SQL = `
  WITH ledger_row AS (
    INSERT INTO ledger AS l (tenant, document_key, kind, state, created_at, updated_at)
    SELECT $1, $2, $3, 'failed', $11, $11 WHERE $3::text IS NOT NULL
    ON CONFLICT (tenant, document_key, kind) DO UPDATE SET state = 'failed', updated_at = excluded.updated_at
    WHERE l.state <> 'booked'
    RETURNING 1
  ), logged AS (
    ${activityInsert(13)}
    RETURNING 1
  )
  INSERT INTO error_queue AS q (tenant, document_key, kind, raw_json, record_json, error_class, code, message, hint, field, params, attempts, first_seen, last_seen)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12::jsonb, 1, $11, $11)
  ON CONFLICT (tenant, document_key) WHERE resolved_at IS NULL DO UPDATE SET
    kind = COALESCE(excluded.kind, q.kind), raw_json = COALESCE(excluded.raw_json, q.raw_json),
    record_json = COALESCE(excluded.record_json, q.record_json), error_class = excluded.error_class, code = excluded.code,
    message = excluded.message, hint = excluded.hint, field = excluded.field, params = excluded.params, attempts = q.attempts + 1, last_seen = excluded.last_seen
  RETURNING id`;

/** Parks a document: ledger row failed (when it has a kind), the open error entry opened or updated, `failed` logged after the buffered rows. */
export function parkStatement(tenant: string, now: string, input: ParkInput, buffered: readonly BufferedActivity[]): Statement {
  const error = input.error;
  const failed: BufferedActivity = {
    at: now,
    entry: { subject: 'document', action: 'failed', runId: input.runId, documentKey: input.documentKey, ...parkedText(error) },
  };
  return {
    text: PARK_SQL,
    values: [
      tenant,
      input.documentKey,
      input.kind,
      input.raw === undefined ? null : JSON.stringify(input.raw),
      input.recordJson,
      error.errorClass,
      error.code ?? null,
      error.message,
      error.hint ?? null,
      error.field ?? null,
      now,
      paramsValue(error.params),
      ...activityColumns([...buffered, failed]),
    ],
  };
}
