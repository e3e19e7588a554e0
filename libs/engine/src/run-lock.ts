/**
 * Waiting for a tenant's run lock: try, and while another live run holds it, poll until
 * `waitMs` has passed. A crashed run's lock is taken over by the store (expired heartbeat, or
 * its process gone on this host).
 */
import { hostname } from 'node:os';
import { sleep as realSleep, systemClock, type Clock } from '@koppelwerk/core';
import type { LockAttempt, LockHolder, LockOwner, LockStore } from './state-store';

export interface RunLockOptions {
  /** How long to wait for another run to finish; 0 refuses at once. Default 0. */
  waitMs?: number;
  /** A lock without a heartbeat for this long counts as abandoned. Default 2 minutes. */
  ttlMs?: number;
  pollMs?: number;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_LOCK_TTL_MS = 120_000;

export function currentProcessOwner(runId: string): LockOwner {
  return { runId, pid: process.pid, host: hostname() };
}

export async function acquireRunLock(store: LockStore, owner: LockOwner, options: RunLockOptions = {}): Promise<LockAttempt> {
  const clock = options.clock ?? systemClock;
  const wait = options.sleep ?? realSleep;
  const ttlMs = options.ttlMs ?? DEFAULT_LOCK_TTL_MS;
  const deadline = clock.now().getTime() + (options.waitMs ?? 0);
  for (;;) {
    const attempt = await store.acquireLock(owner, ttlMs);
    if (attempt.acquired) return attempt;
    const left = deadline - clock.now().getTime();
    if (left <= 0) return attempt;
    await wait(Math.min(options.pollMs ?? 1_000, left));
  }
}

/** The message a person sees when a second run refuses to start. */
export function describeLockHolder(holder: LockHolder): string {
  return (
    `another run of this tenant is busy (run ${holder.runId}, process ${holder.pid} on ${holder.host}, ` +
    `started ${holder.acquiredAt}, last heartbeat ${holder.heartbeatAt}); ` +
    `try again when it has finished, or after ${holder.expiresAt} if it crashed`
  );
}
