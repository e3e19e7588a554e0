/**
 * The personal-data retention pass (`state.retainDays`) on PostgreSQL, for one tenant: the rules
 * of the engine's store-support/retention-period.ts (what goes, what stays), as one statement, so a
 * pass is atomic and costs one round trip. The partial indexes of the schema hold only rows that still carry data.
 */
import type { Pool } from 'pg';
import { erasedErrorMessage, erasedErrorParams, retentionCutoff, type RetentionResult } from '@koppelwerk/engine';

const RETENTION_SQL = `
  WITH booked AS (
    UPDATE ledger SET booking_json = NULL
    WHERE tenant = $1 AND state = 'booked' AND booking_json IS NOT NULL AND booked_at < $2
    RETURNING 1
  ), given_up AS (
    UPDATE ledger l SET booking_json = NULL
    WHERE l.tenant = $1 AND l.state = 'failed' AND l.booking_json IS NOT NULL AND l.updated_at < $2
      AND NOT EXISTS (
        SELECT 1 FROM error_queue q
        WHERE q.tenant = $1 AND q.document_key = l.document_key AND (q.resolved_at IS NULL OR q.resolved_at >= $2)
      )
    RETURNING 1
  ), erased AS (
    UPDATE error_queue SET raw_json = NULL, record_json = NULL, hint = NULL, message = $4, params = $5::jsonb, erased_at = $3
    WHERE tenant = $1 AND resolved_at IS NOT NULL AND erased_at IS NULL AND resolved_at < $2
    RETURNING 1
  ), messages AS (
    UPDATE activity a SET message = NULL, params = NULL
    WHERE a.tenant = $1 AND a.message IS NOT NULL AND a.at < $2
      AND (a.document_key IS NULL OR NOT EXISTS (
        SELECT 1 FROM error_queue q WHERE q.tenant = $1 AND q.document_key = a.document_key AND q.resolved_at IS NULL
      ))
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM booked)::int + (SELECT count(*) FROM given_up)::int AS bookings,
         (SELECT count(*) FROM erased)::int AS error_entries,
         (SELECT count(*) FROM messages)::int AS activity`;

export async function applyPostgresRetention(pool: Pool, tenant: string, now: Date, retainDays: number): Promise<RetentionResult> {
  const cutoff = retentionCutoff(now, retainDays);
  const { rows } = await pool.query(RETENTION_SQL, [tenant, cutoff, now.toISOString(), erasedErrorMessage(retainDays), erasedErrorParams(retainDays)]);
  return { cutoff, bookings: rows[0].bookings, errorEntries: rows[0].error_entries, activity: rows[0].activity };
}
