/**
 * A tenant's run lock in PostgreSQL: one row per tenant in `run_lock` with the holder, its
 * heartbeat and expiry. A free lock is taken by an INSERT that no concurrent taker can also win
 * (ON CONFLICT DO NOTHING); a held one is read FOR UPDATE and taken over under state-rows.ts's
 * `decideLock` rule, in the same transaction. Any number of workers on any number of hosts can
 * race for it: one wins.
 */
import type { Pool } from 'pg';
import type { Clock } from '@koppelwerk/core';
import { decideLock, isoAfter, toLockHolder } from './state-rows';
import type { LockAttempt, LockHolder, LockOwner } from './state-store';

export class PostgresLockTable {
  constructor(
    private readonly pool: Pool,
    private readonly tenant: string,
    private readonly clock: Clock,
    private readonly isProcessAlive: (pid: number) => boolean,
  ) {}

  async acquire(owner: LockOwner, ttlMs: number): Promise<LockAttempt> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      for (;;) {
        const now = this.clock.now();
        const fresh = await client.query(
          `INSERT INTO run_lock (tenant, run_id, pid, host, acquired_at, heartbeat_at, expires_at) VALUES ($1, $2, $3, $4, $5, $5, $6)
           ON CONFLICT (tenant) DO NOTHING`,
          [this.tenant, owner.runId, owner.pid, owner.host, now.toISOString(), isoAfter(now, ttlMs)],
        );
        if (fresh.rowCount === 1) {
          await client.query('COMMIT');
          return { acquired: true };
        }
        const held = await client.query('SELECT * FROM run_lock WHERE tenant = $1 FOR UPDATE', [this.tenant]);
        if (held.rows.length === 0) continue; // released in between: try the insert again
        const holder = toLockHolder(held.rows[0]);
        const decision = decideLock(holder, owner, now, this.isProcessAlive);
        if (!decision.take) {
          await client.query('COMMIT');
          return { acquired: false, holder };
        }
        await client.query(
          `UPDATE run_lock SET run_id = $2, pid = $3, host = $4, acquired_at = $5, heartbeat_at = $6, expires_at = $7 WHERE tenant = $1`,
          [this.tenant, owner.runId, owner.pid, owner.host, decision.acquiredAt, now.toISOString(), isoAfter(now, ttlMs)],
        );
        await client.query('COMMIT');
        return decision.takenOver ? { acquired: true, takenOver: decision.takenOver } : { acquired: true };
      }
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async renew(runId: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const result = await this.pool.query('UPDATE run_lock SET heartbeat_at = $3, expires_at = $4 WHERE tenant = $1 AND run_id = $2', [
      this.tenant,
      runId,
      now.toISOString(),
      isoAfter(now, ttlMs),
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async release(runId: string): Promise<void> {
    await this.pool.query('DELETE FROM run_lock WHERE tenant = $1 AND run_id = $2', [this.tenant, runId]);
  }

  async read(): Promise<LockHolder | null> {
    const { rows } = await this.pool.query('SELECT * FROM run_lock WHERE tenant = $1', [this.tenant]);
    return rows.length ? toLockHolder(rows[0]) : null;
  }
}
