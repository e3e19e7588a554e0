/**
 * FactuurSturen's hourly call quota. Every answer carries `X-RateLimit-Remaining` (calls left this
 * hour); at 0 the API answers 403. Once the quota is spent no call goes out until the hour turns,
 * and every attempt meanwhile is a TransientError saying how long to wait.
 */
import { TransientError } from '@koppelwerk/core';
import { worded } from './factuursturen-messages';

const HOUR_MS = 3_600_000;
export const QUOTA_CODE = 'FS_QUOTA' as const;

export class HourlyQuota {
  private blockedUntil = 0;
  /** Calls left this hour, as last reported. */
  remaining: number | undefined;

  constructor(private readonly now: () => Date) {}

  /** Reads the header of an answer; at 0 the quota is spent until the next hour. */
  observe(header: unknown): void {
    const text = Array.isArray(header) ? header[0] : header;
    if (text === undefined || text === null || String(text).trim() === '') return;
    const value = Number(String(text).trim());
    if (!Number.isInteger(value)) return;
    this.remaining = value;
    if (value <= 0) this.spend();
  }

  /** The quota is spent (a 403 at 0): no calls until the hour turns. */
  spend(): void {
    const now = this.now().getTime();
    this.blockedUntil = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
  }

  /** Throws while the quota is spent. */
  assertAvailable(what: string): void {
    const waitMs = this.blockedUntil - this.now().getTime();
    if (waitMs > 0) throw this.exhausted(what, waitMs);
  }

  exhausted(what: string, waitMs = Math.max(0, this.blockedUntil - this.now().getTime())): TransientError {
    const at = new Date(this.now().getTime() + waitMs).toISOString().slice(11, 16);
    return new TransientError(...worded(QUOTA_CODE, { what, at }, { retryAfterMs: waitMs }));
  }
}
