/**
 * A tenant's run lock in PostgreSQL: a session advisory lock (`pg_try_advisory_lock`) on a key
 * derived from the tenant's name, held on a connection of its own for as long as the run holds
 * it. The server gives the lock up when that connection ends, so a holder that dies (SIGKILL, a
 * lost host, a terminated backend) frees it at once: no expiry to wait for and no clocks to trust.
 *
 * The `run_lock` row only shows who holds it (run, pid, host, heartbeat) to `status` and to a
 * refused run's message; exclusion comes from the advisory lock alone. A row whose advisory lock is
 * not held is a dead holder's, and is neither shown nor obeyed.
 *
 * One store serialises its own lock calls. Two runs on the same store (one session, where the
 * advisory lock is re-entrant) follow the takeover rule shared with SQLite (`decideLock`: expired
 * heartbeat, or a dead process on this host).
 */
import { Client, type Pool } from 'pg';
import type { Clock, Logger } from '@koppelwerk/core';
import { describeError } from '@koppelwerk/core';
import { decideLock, isoAfter, toLockHolder, type LockAttempt, type LockHolder, type LockOwner } from '@koppelwerk/engine';
import { asStateError } from './postgres-unavailable';

/** The advisory lock key of a tenant's runs, for the SQL expression naming the tenant (64 bits of the name's hash, apart from any other use). */
export function runLockKey(tenantSql: string): string {
  return `hashtextextended('koppelwerk run lock:' || ${tenantSql}, 0)`;
}
const KEY = runLockKey('$1');

/** The server processes holding the advisory lock of the tenant named by `$1` (pg_locks splits a bigint key in two). */
export const RUN_LOCK_HOLDERS = `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
  AND classid = ((${KEY} >> 32) & 4294967295)::oid AND objid = (${KEY} & 4294967295)::oid`;

interface Held {
  runId: string;
  client: Client;
  /** The connection ended or failed: the server has released the advisory lock. */
  lost: boolean;
}

export class PostgresRunLock {
  private held: Held | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: Pool,
    private readonly tenant: string,
    private readonly clock: Clock,
    private readonly isProcessAlive: (pid: number) => boolean,
    private readonly logger: Logger,
  ) {}

  /** One lock call at a time per store (two runs racing on one store see each other's result). */
  private serial<T>(call: () => Promise<T>): Promise<T> {
    const next = this.queue.then(call, call);
    this.queue = next.catch(() => undefined);
    return next;
  }

  acquire(owner: LockOwner, ttlMs: number): Promise<LockAttempt> {
    return this.serial(async () => {
      if (this.held?.lost) await this.drop();
      if (this.held) return this.acquireInSession(this.held, owner, ttlMs);
      const client = await this.connect();
      try {
        const { rows } = await client.query(`SELECT pg_try_advisory_lock(${KEY}) AS locked`, [this.tenant]);
        if (!rows[0].locked) {
          await client.end().catch(() => undefined);
          const holder = await this.readRow(this.pool);
          // Held by a session that has not written its row yet: show it as busy without details.
          return { acquired: false, holder: holder ?? { runId: 'unknown', pid: 0, host: 'another host', acquiredAt: this.now(), heartbeatAt: this.now(), expiresAt: this.now() } };
        }
        const held: Held = { runId: owner.runId, client, lost: false };
        this.held = held;
        client.on('end', () => (held.lost = true));
        // A row left by a holder whose session ended (its advisory lock was free): taken over.
        const stale = await this.readRow(client);
        await this.writeRow(client, owner, this.now(), ttlMs);
        if (stale && stale.runId !== owner.runId) return { acquired: true, takenOver: { ...stale, reason: 'its connection to the database ended (process gone or host lost)' } };
        return { acquired: true };
      } catch (error) {
        await this.drop(client);
        throw asStateError(error);
      }
    });
  }

  /** This store's session already holds the advisory lock: the row decides between its runs. */
  private async acquireInSession(held: Held, owner: LockOwner, ttlMs: number): Promise<LockAttempt> {
    const holder = await this.readRow(held.client);
    const now = this.clock.now();
    const decision = decideLock(holder && holder.runId === held.runId ? holder : null, owner, now, this.isProcessAlive);
    if (!decision.take) return { acquired: false, holder: holder! };
    await this.writeRow(held.client, owner, decision.acquiredAt, ttlMs);
    held.runId = owner.runId;
    return decision.takenOver ? { acquired: true, takenOver: decision.takenOver } : { acquired: true };
  }

  /** Extends the shown heartbeat; false when this store no longer holds the lock for the run (or its session ended). */
  renew(runId: string, ttlMs: number): Promise<boolean> {
    return this.serial(async () => {
      const held = this.held;
      if (!held || held.runId !== runId || held.lost) return false;
      const now = this.clock.now();
      try {
        await held.client.query('UPDATE run_lock SET heartbeat_at = $3, expires_at = $4 WHERE tenant = $1 AND run_id = $2', [
          this.tenant,
          runId,
          now.toISOString(),
          isoAfter(now, ttlMs),
        ]);
        return true;
      } catch (error) {
        // The lock's connection failed: the server may have released the lock to another run.
        this.logger.warn(`the run lock's database connection failed: ${describeError(error)}`);
        held.lost = true;
        return false;
      }
    });
  }

  release(runId: string): Promise<void> {
    return this.serial(async () => {
      if (this.held?.runId !== runId) return;
      const { client, lost } = this.held;
      if (!lost) {
        try {
          await client.query('DELETE FROM run_lock WHERE tenant = $1 AND run_id = $2', [this.tenant, runId]);
          await client.query(`SELECT pg_advisory_unlock(${KEY})`, [this.tenant]);
        } catch (error) {
          this.logger.warn(`releasing the run lock failed; ending its connection releases it: ${describeError(error)}`);
        }
      }
      await this.drop();
    });
  }

  /** The holder as shown in `run_lock`, when some session holds the tenant's advisory lock. */
  async read(): Promise<LockHolder | null> {
    const { rows } = await this.pool.query(`SELECT * FROM run_lock WHERE tenant = $1 AND EXISTS (${RUN_LOCK_HOLDERS})`, [this.tenant]);
    return rows.length ? toLockHolder(rows[0]) : null;
  }

  /** Releases what this store still holds (its run ended without releasing). */
  async close(): Promise<void> {
    const runId = this.held?.runId;
    if (runId !== undefined) await this.release(runId);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  /** A connection of its own, outside the pool: held for the whole run, it must not take a pool slot. */
  private async connect(): Promise<Client> {
    const client = new Client(this.pool.options);
    // A broken connection is reported by the next call on it (renew says the lock is lost).
    client.on('error', (error) => this.logger.warn(`the run lock's database connection was lost: ${describeError(error)}`));
    await client.connect().catch((error: unknown) => {
      throw asStateError(error);
    });
    return client;
  }

  private async drop(client = this.held?.client): Promise<void> {
    if (client === this.held?.client) this.held = null;
    await client?.end().catch(() => undefined);
  }

  private async readRow(on: Pool | Client): Promise<LockHolder | null> {
    const { rows } = await on.query('SELECT * FROM run_lock WHERE tenant = $1', [this.tenant]);
    return rows.length ? toLockHolder(rows[0]) : null;
  }

  private async writeRow(client: Client, owner: LockOwner, acquiredAt: string, ttlMs: number): Promise<void> {
    const now = this.clock.now();
    await client.query(
      `INSERT INTO run_lock (tenant, run_id, pid, host, acquired_at, heartbeat_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (tenant) DO UPDATE SET run_id = $2, pid = $3, host = $4, acquired_at = $5, heartbeat_at = $6, expires_at = $7`,
      [this.tenant, owner.runId, owner.pid, owner.host, acquiredAt, now.toISOString(), isoAfter(now, ttlMs)],
    );
  }
}
