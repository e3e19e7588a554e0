/**
 * When each tenant runs next, for the daemon. Every tenant runs on a grid of its interval, shifted
 * by a fixed offset derived from its name: deterministic (the same tenant always starts at the same
 * minute past), and spread (tenants do not all start on the hour). Missed slots are not caught up.
 */
import { createHash } from 'node:crypto';

export interface ScheduledTenant {
  tenant: string;
  intervalMinutes: number;
}

export interface PlannedRun {
  tenant: string;
  at: Date;
}

/** The tenant's offset within its interval, in whole seconds (as milliseconds). */
export function startOffsetMs(tenant: string, intervalMs: number): number {
  const fraction = createHash('sha256').update(tenant).digest().readUInt32BE(0) / 2 ** 32;
  return Math.floor((fraction * intervalMs) / 1000) * 1000;
}

/** The first slot of the tenant's grid strictly after `after`. */
export function nextRunAt(schedule: ScheduledTenant, after: Date): Date {
  if (!(schedule.intervalMinutes > 0)) throw new RangeError(`interval of ${schedule.tenant} must be positive, got ${schedule.intervalMinutes}`);
  const interval = Math.round(schedule.intervalMinutes * 60_000);
  const offset = startOffsetMs(schedule.tenant, interval);
  const slots = Math.floor((after.getTime() - offset) / interval) + 1;
  return new Date(offset + slots * interval);
}

/** Every tenant's next run, soonest first. */
export function planNextRuns(tenants: readonly ScheduledTenant[], after: Date): PlannedRun[] {
  return tenants
    .map((schedule) => ({ tenant: schedule.tenant, at: nextRunAt(schedule, after) }))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.tenant.localeCompare(b.tenant));
}
