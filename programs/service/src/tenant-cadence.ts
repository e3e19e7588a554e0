/**
 * A service tenant's schedule on the queue: the embedded daemon's grid, to the minute. The daemon
 * runs a tenant every interval, shifted by an offset derived from its name (`startOffsetMs` in
 * libs/engine/src/run-schedule.ts), so tenants do not all start on the hour; the queue's schedule
 * is the same grid written as a cron expression (or, for a cadence no cron field can step evenly,
 * an RRULE anchored on it), in UTC, like the daemon's. A tenant therefore starts at the same minute
 * under `koppelwerk daemon` and under the workers, and the minute stays put when a worker restarts.
 */
import { startOffsetMs } from '@koppelwerk/engine';

const MINUTE = 60_000;

/** The time zone of every tenant schedule: the daemon's grid is counted in UTC. */
export const SCHEDULE_TIME_ZONE = 'UTC';

/** The tenant's offset within its interval in whole minutes (the daemon's offset without its seconds). */
function offsetMinutes(tenant: string, everyMinutes: number): number {
  return Math.floor(startOffsetMs(tenant, everyMinutes * MINUTE) / MINUTE);
}

/** A cron field stepping from `first` by `step` up to `last` (the field's highest value). */
function stepping(first: number, step: number, last: number): string {
  if (step === 1) return '*';
  if (first + step > last) return String(first);
  return first === 0 ? `*/${step}` : `${first}-${last}/${step}`;
}

/** `YYYYMMDDTHHMMSS` of an instant, in UTC (an RRULE's floating DTSTART, read in the schedule's time zone). */
function icsTime(at: Date): string {
  return at.toISOString().slice(0, 19).replace(/[-:]/g, '');
}

/**
 * The schedule expression of a tenant that runs every `everyMinutes`: a cron expression when the
 * cadence divides an hour, or is whole hours dividing a day (`17 * * * *`, `2-59/15 * * * *`,
 * `41 3-23/4 * * *`); else an RRULE whose start is the first slot of the tenant's grid.
 */
export function cadence(tenant: string, everyMinutes: number): string {
  if (!(Number.isInteger(everyMinutes) && everyMinutes > 0)) throw new RangeError(`the cadence of ${tenant} must be a whole number of minutes, got ${everyMinutes}`);
  const offset = offsetMinutes(tenant, everyMinutes);
  if (60 % everyMinutes === 0) return `${stepping(offset, everyMinutes, 59)} * * * *`;
  const hours = everyMinutes / 60;
  if (Number.isInteger(hours) && 24 % hours === 0) return `${offset % 60} ${stepping(Math.floor(offset / 60), hours, 23)} * * *`;
  return `DTSTART:${icsTime(new Date(offset * MINUTE))}\nRRULE:FREQ=MINUTELY;INTERVAL=${everyMinutes}`;
}

/** The schedule expression on one line, for people (an RRULE's two lines joined by `;`). */
export function cadenceText(expression: string): string {
  return expression.replace(/\n/g, ';');
}

/**
 * The first run of the tenant's schedule strictly after `after`, as the queue fires it: the
 * daemon's grid (`nextRunAt`) at the start of each slot's minute.
 */
export function nextCadenceRun(tenant: string, everyMinutes: number, after: Date): Date {
  const interval = everyMinutes * MINUTE;
  const offset = offsetMinutes(tenant, everyMinutes) * MINUTE;
  const slots = Math.floor((after.getTime() - offset) / interval) + 1;
  return new Date(offset + slots * interval);
}
