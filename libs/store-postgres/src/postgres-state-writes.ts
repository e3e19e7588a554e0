/**
 * The PostgreSQL store's batched writes, each one statement (one round trip, atomic): a group of
 * intents and bookings with the activity rows waiting for them (postgres-group-commit.ts), a
 * parked document, and buffered activity on its own. Every row written carries the tenant ($1);
 * rows travel as one array per column (`unnest`), so a statement's text depends only on what kinds
 * of rows it holds, never on how many.
 */
import { paramsValue, parkedText, type BookedInput, type BufferedActivity, type IntentInput, type ParkInput } from '@koppelwerk/engine';

export type GroupedWrite = { type: 'intent'; input: IntentInput } | { type: 'booked'; input: BookedInput };

export interface Statement {
  text: string;
  values: unknown[];
}

/** Binds values as $1, $2, ... in the order asked: a statement holds only the parameters it uses (PostgreSQL cannot type an unused one). */
class Values {
  readonly list: unknown[] = [];

  bind(value: unknown): string {
    this.list.push(value);
    return `$${this.list.length}`;
  }
}

/** Inserts the activity rows, one array per column, in their logging order; the tenant is $1. */
function activityInsert(values: Values, rows: readonly BufferedActivity[]): string {
  const column = (pick: (row: BufferedActivity) => unknown, type: string) => `${values.bind(rows.map(pick))}::${type}[]`;
  const columns = [
    column((row) => row.at, 'timestamptz'),
    column((row) => row.entry.runId ?? null, 'text'),
    column((row) => row.entry.subject, 'text'),
    column((row) => row.entry.documentKey ?? null, 'text'),
    column((row) => row.entry.relationCode ?? null, 'text'),
    column((row) => row.entry.action, 'text'),
    column((row) => row.entry.sinkRef ?? null, 'text'),
    column((row) => row.entry.message ?? null, 'text'),
    column((row) => row.entry.code ?? null, 'text'),
    column((row) => paramsValue(row.entry.params), 'text'),
  ];
  return `INSERT INTO activity (tenant, at, run_id, subject, document_key, relation_code, action, sink_ref, message, code, params)
    SELECT $1, a.at, a.run_id, a.subject, a.document_key, a.relation_code, a.action, a.sink_ref, a.message, a.code, a.params::jsonb
    FROM unnest(${columns.join(', ')})
      WITH ORDINALITY AS a(at, run_id, subject, document_key, relation_code, action, sink_ref, message, code, params, n)
    ORDER BY a.n`;
}

export function activityStatement(tenant: string, rows: readonly BufferedActivity[]): Statement {
  const values = new Values();
  values.bind(tenant);
  return { text: activityInsert(values, rows), values: values.list };
}

/** The intents (`at`: the time's placeholder): each row written unless its document is booked; RETURNING the rows written. */
function intentsPart(values: Values, at: string, intents: readonly IntentInput[]): string {
  const columns = [
    intents.map((i) => i.documentKey),
    intents.map((i) => i.kind),
    intents.map((i) => i.invoiceNumber),
    intents.map((i) => i.payloadHash),
    intents.map((i) => i.bookingJson),
    intents.map((i) => i.mappingVersion),
  ].map((column) => `${values.bind(column)}::text[]`);
  return `intents AS (
    INSERT INTO ledger AS l (tenant, document_key, kind, state, invoice_number, payload_hash, booking_json, mapping_version, attempts, created_at, updated_at)
    SELECT $1, i.document_key, i.kind, 'in-doubt', i.invoice_number, i.payload_hash, i.booking_json, i.mapping_version, 1, ${at}, ${at}
    FROM unnest(${columns.join(', ')}) AS i(document_key, kind, invoice_number, payload_hash, booking_json, mapping_version)
    ON CONFLICT (tenant, document_key, kind) DO UPDATE SET
      state = 'in-doubt', invoice_number = excluded.invoice_number, payload_hash = excluded.payload_hash,
      booking_json = excluded.booking_json, mapping_version = excluded.mapping_version,
      attempts = l.attempts + 1, updated_at = excluded.updated_at
    WHERE l.state <> 'booked'
    RETURNING l.document_key, l.kind
  )`;
}

/**
 * The bookings, and their documents' open error entries resolved; both find their rows through an
 * index on the document's key (EXPLAIN: postgres-hot-plans.spec.ts, docs/performance.md).
 */
function bookedParts(values: Values, at: string, booked: readonly BookedInput[]): string[] {
  const keys = values.bind(booked.map((b) => b.documentKey));
  return [
    `booked AS (
    UPDATE ledger l SET state = 'booked', sink_id = b.sink_id, awaiting_acknowledge = b.awaiting, booked_at = ${at}, updated_at = ${at}
    FROM unnest(${keys}::text[], ${values.bind(booked.map((b) => b.kind))}::text[], ${values.bind(booked.map((b) => b.sinkId))}::text[], ${values.bind(booked.map((b) => b.acknowledgeRequired))}::boolean[])
      AS b(document_key, kind, sink_id, awaiting)
    WHERE l.tenant = $1 AND l.document_key = b.document_key AND l.kind = b.kind
    RETURNING 1
  )`,
    `resolved AS (
    UPDATE error_queue SET resolved_at = ${at}, resolution = 'booked'
    WHERE tenant = $1 AND document_key = ANY(${keys}::text[]) AND resolved_at IS NULL
    RETURNING 1
  )`,
  ];
}

/** Each booking's activity row: `booked`, with the text beside it (settled, booked elsewhere). */
function bookedActivity(now: string, booked: readonly BookedInput[]): BufferedActivity[] {
  return booked.map((input) => ({
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
  }));
}

/**
 * One statement for a group whose documents are all different (the caller splits a group that
 * names one document twice), holding only the parts the group needs (less for the server to plan):
 * the intents (RETURNING the rows written; a missing one was already booked), the bookings with
 * their error-queue resolutions, and every activity row: the buffered ones first, then each
 * booking's.
 */
export function groupStatement(tenant: string, now: string, writes: readonly GroupedWrite[], buffered: readonly BufferedActivity[]): Statement {
  const intents = writes.flatMap((write) => (write.type === 'intent' ? [write.input] : []));
  const booked = writes.flatMap((write) => (write.type === 'booked' ? [write.input] : []));
  const values = new Values();
  values.bind(tenant);
  const at = `${values.bind(now)}::timestamptz`;
  const parts: string[] = [];
  if (intents.length) parts.push(intentsPart(values, at, intents));
  if (booked.length) parts.push(...bookedParts(values, at, booked));
  const activity = [...buffered, ...bookedActivity(now, booked)];
  if (activity.length) parts.push(`logged AS (\n    ${activityInsert(values, activity)}\n    RETURNING 1\n  )`);
  const result = intents.length ? 'SELECT document_key, kind FROM intents' : 'SELECT NULL::text AS document_key, NULL::text AS kind WHERE false';
  return { text: `WITH ${parts.join(', ')}\n  ${result}`, values: values.list };
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

/** Parks a document: ledger row failed (when it has a kind), the open error entry opened or updated, `failed` logged after the buffered rows. */
export function parkStatement(tenant: string, now: string, input: ParkInput, buffered: readonly BufferedActivity[]): Statement {
  const error = input.error;
  const failed: BufferedActivity = {
    at: now,
    entry: { subject: 'document', action: 'failed', runId: input.runId, documentKey: input.documentKey, ...parkedText(error) },
  };
  const values = new Values();
  const [, key, kind, raw, record, errorClass, code, message, hint, field, at, params] = [
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
  ].map((value) => values.bind(value));
  const logged = activityInsert(values, [...buffered, failed]);
  return {
    text: `
  WITH ledger_row AS (
    INSERT INTO ledger AS l (tenant, document_key, kind, state, created_at, updated_at)
    SELECT $1, ${key}, ${kind}, 'failed', ${at}, ${at} WHERE ${kind}::text IS NOT NULL
    ON CONFLICT (tenant, document_key, kind) DO UPDATE SET state = 'failed', updated_at = excluded.updated_at
    WHERE l.state <> 'booked'
    RETURNING 1
  ), logged AS (
    ${logged}
    RETURNING 1
  )
  INSERT INTO error_queue AS q (tenant, document_key, kind, raw_json, record_json, error_class, code, message, hint, field, params, attempts, first_seen, last_seen)
  VALUES ($1, ${key}, ${kind}, ${raw}, ${record}, ${errorClass}, ${code}, ${message}, ${hint}, ${field}, ${params}::jsonb, 1, ${at}, ${at})
  ON CONFLICT (tenant, document_key) WHERE resolved_at IS NULL DO UPDATE SET
    kind = COALESCE(excluded.kind, q.kind), raw_json = COALESCE(excluded.raw_json, q.raw_json),
    record_json = COALESCE(excluded.record_json, q.record_json), error_class = excluded.error_class, code = excluded.code,
    message = excluded.message, hint = excluded.hint, field = excluded.field, params = excluded.params, attempts = q.attempts + 1, last_seen = excluded.last_seen
  RETURNING id`,
    values: values.list,
  };
}
