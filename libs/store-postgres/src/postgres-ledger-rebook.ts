/**
 * A booked document whose booking was deleted from the books, made pending again to be booked
 * once more (`reconcile --rebook`), in one statement: the row loses its sink id, and `rebook` is
 * logged with the old one. Nothing changes (0 rows) when the row is not booked.
 */
import { paramsValue, type RebookInput } from '@koppelwerk/engine';
import type { Statement } from './postgres-state-writes';

export function rebookStatement(tenant: string, now: string, input: RebookInput): Statement {
  return {
    // The old sink id from the row as it was before this statement (the subquery reads the statement's snapshot).
    text: `WITH rebooked AS (
        UPDATE ledger l SET state = 'pending', sink_id = NULL, booked_at = NULL, awaiting_acknowledge = false, updated_at = $4
        FROM (SELECT document_key, kind, sink_id FROM ledger WHERE tenant = $1 AND document_key = $2 AND kind = $3) AS before
        WHERE l.tenant = $1 AND l.document_key = before.document_key AND l.kind = before.kind AND l.state = 'booked'
        RETURNING before.sink_id
      ), logged AS (
        INSERT INTO activity (tenant, at, run_id, subject, document_key, action, sink_ref, message, code, params)
        SELECT $1, $4, $5, 'document', $2, 'rebook', rebooked.sink_id, $6, $7, $8::jsonb FROM rebooked
      )
      SELECT count(*)::int AS rebooked FROM rebooked`,
    values: [tenant, input.documentKey, input.kind, now, input.runId, input.message, input.messageCode, paramsValue(input.messageParams)],
  };
}
