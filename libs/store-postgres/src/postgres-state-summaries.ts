/**
 * Many tenants' overview in one query (the service's dashboard and status): each tenant's dots,
 * last run, open errors, and who holds its run lock — the lock row counts only while its advisory
 * lock is held (postgres-run-lock.ts computes the same key).
 */
import type { Pool, QueryResultRow } from 'pg';
import { toCheckRecord, toLockHolder, toRunRecord, type TenantStateSummary } from '@koppelwerk/engine';
import { runLockKey } from './postgres-run-lock';

const SUMMARIES_SQL = `
  WITH held AS MATERIALIZED (SELECT classid, objid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1)
  SELECT t.tenant,
    COALESCE((SELECT json_agg(c ORDER BY c.side) FROM checks c WHERE c.tenant = t.tenant), '[]'::json) AS checks,
    (SELECT row_to_json(r) FROM runs r WHERE r.tenant = t.tenant ORDER BY r.started_at DESC, r.seq DESC LIMIT 1) AS last_run,
    (SELECT count(*)::int FROM error_queue q WHERE q.tenant = t.tenant AND q.resolved_at IS NULL) AS open_errors,
    (SELECT row_to_json(l) FROM run_lock l, ${runLockKey('l.tenant')} AS k(key)
      WHERE l.tenant = t.tenant AND EXISTS (SELECT 1 FROM held h WHERE h.classid = ((k.key >> 32) & 4294967295)::oid AND h.objid = (k.key & 4294967295)::oid)) AS lock
  FROM unnest($1::text[]) WITH ORDINALITY AS t(tenant, n)
  ORDER BY t.n`;

/** In the order asked; a tenant without state has empty ones. The schema must be migrated. */
export async function readTenantSummaries(pool: Pool, tenants: readonly string[]): Promise<TenantStateSummary[]> {
  const { rows } = await pool.query(SUMMARIES_SQL, [tenants]);
  // row_to_json gives timestamps as text with an offset: as Dates they read like the store's own.
  const times = (row: QueryResultRow | null, ...columns: string[]) =>
    row && { ...row, ...Object.fromEntries(columns.map((c) => [c, row[c] === null ? null : new Date(row[c])])) };
  return rows.map((row) => ({
    tenant: row.tenant,
    checks: (row.checks as QueryResultRow[]).map((check) => toCheckRecord(times(check, 'checked_at')!)),
    lastRun: row.last_run ? toRunRecord(times(row.last_run, 'started_at', 'ended_at')!) : null,
    openErrors: row.open_errors,
    lock: row.lock ? toLockHolder(times(row.lock, 'acquired_at', 'heartbeat_at', 'expires_at')!) : null,
  }));
}
