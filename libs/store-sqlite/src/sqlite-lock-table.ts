/**
 * The tenant's run lock in its SQLite file: one row (`run_lock`, id 1) with the holder, its
 * heartbeat and expiry. Taking it reads and writes in one IMMEDIATE transaction, so two processes
 * on the same file never both win; the takeover rule is state-rows.ts's `decideLock`.
 */
import type Database from 'better-sqlite3';
import type { Clock } from '@koppelwerk/core';
import { decideLock, isoAfter, toLockHolder, type LockAttempt, type LockHolder, type LockOwner, type Row } from '@koppelwerk/engine';

export class SqliteLockTable {
  private readonly take: Database.Transaction<(owner: LockOwner, ttlMs: number) => LockAttempt>;
  private readonly select: Database.Statement;
  private readonly heartbeat: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly clock: Clock,
    private readonly isProcessAlive: (pid: number) => boolean,
  ) {
    this.select = db.prepare('SELECT * FROM run_lock WHERE id = 1');
    this.heartbeat = db.prepare('UPDATE run_lock SET heartbeat_at = ?, expires_at = ? WHERE id = 1 AND run_id = ?');
    this.remove = db.prepare('DELETE FROM run_lock WHERE id = 1 AND run_id = ?');
    const upsert = db.prepare(
      `INSERT INTO run_lock (id, run_id, pid, host, acquired_at, heartbeat_at, expires_at) VALUES (1, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET run_id = excluded.run_id, pid = excluded.pid, host = excluded.host,
         acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at`,
    );
    this.take = db.transaction((owner: LockOwner, ttlMs: number): LockAttempt => {
      const now = this.clock.now();
      const holder = this.read();
      const decision = decideLock(holder, owner, now, this.isProcessAlive);
      if (!decision.take) return { acquired: false, holder: holder! };
      upsert.run(owner.runId, owner.pid, owner.host, decision.acquiredAt, now.toISOString(), isoAfter(now, ttlMs));
      return decision.takenOver ? { acquired: true, takenOver: decision.takenOver } : { acquired: true };
    });
  }

  acquire(owner: LockOwner, ttlMs: number): LockAttempt {
    return this.take.immediate(owner, ttlMs);
  }

  renew(runId: string, ttlMs: number): boolean {
    const now = this.clock.now();
    return this.heartbeat.run(now.toISOString(), isoAfter(now, ttlMs), runId).changes > 0;
  }

  release(runId: string): void {
    this.remove.run(runId);
  }

  read(): LockHolder | null {
    const row = this.select.get() as Row | undefined;
    return row ? toLockHolder(row) : null;
  }
}
