import { nextRunAt, startOffsetMs } from '@koppelwerk/engine';
import { cadence, cadenceText, nextCadenceRun } from './tenant-cadence';

const MINUTE = 60_000;
const from = Date.parse('2025-03-29T00:00:00Z'); // across the night Amsterdam moves to summer time
const minutes = Array.from({ length: 3 * 1440 }, (_, i) => from + i * MINUTE);

/** Whether a cron field as `cadence` writes them (`*`, `*\/n`, `a-b/n`, a number) holds `value`. */
function fieldHolds(field: string, value: number): boolean {
  if (field === '*') return true;
  const stepped = /^(\*|(\d+)-(\d+))\/(\d+)$/.exec(field);
  if (stepped) {
    const [low, high] = stepped[1] === '*' ? [0, Infinity] : [Number(stepped[2]), Number(stepped[3])];
    return value >= low && value <= high && (value - low) % Number(stepped[4]) === 0;
  }
  return Number(field) === value;
}

/** The minutes (epoch ms) in the test window at which the schedule fires, read as the queue reads it in UTC. */
function firings(expression: string): number[] {
  const rule = /^DTSTART:(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)\nRRULE:FREQ=MINUTELY;INTERVAL=(\d+)$/.exec(expression);
  if (rule) {
    const [, y, mo, d, h, mi, s, interval] = rule.map(Number);
    const start = Date.UTC(y, mo - 1, d, h, mi, s);
    return minutes.filter((at) => (at - start) % (interval * MINUTE) === 0);
  }
  const [minute, hour, ...rest] = expression.split(' ');
  expect(rest).toEqual(['*', '*', '*']);
  return minutes.filter((at) => fieldHolds(minute, new Date(at).getUTCMinutes()) && fieldHolds(hour, new Date(at).getUTCHours()));
}

/** The embedded daemon's slots in the test window, at the start of their minute. */
function daemonSlots(tenant: string, everyMinutes: number): number[] {
  const slots: number[] = [];
  for (let at = nextRunAt({ tenant, intervalMinutes: everyMinutes }, new Date(from - 1)); at.getTime() < minutes[minutes.length - 1] + MINUTE; at = nextRunAt({ tenant, intervalMinutes: everyMinutes }, at)) {
    slots.push(Math.floor(at.getTime() / MINUTE) * MINUTE);
  }
  return slots;
}

describe("a service tenant's schedule", () => {
  const tenants = Array.from({ length: 40 }, (_, i) => `winkel-${i}`);

  it('gives hourly tenants their own minute, the one the embedded daemon starts them at', () => {
    const expressions = tenants.map((tenant) => cadence(tenant, 60));
    for (const [i, tenant] of tenants.entries()) expect(expressions[i]).toBe(`${Math.floor(startOffsetMs(tenant, 3_600_000) / MINUTE)} * * * *`);
    // Spread: not all on the hour (40 tenants over 60 minutes).
    expect(new Set(expressions).size).toBeGreaterThan(20);
    expect(expressions.filter((e) => e === '0 * * * *').length).toBeLessThan(5);
  });

  it.each([1, 2, 5, 15, 30, 60, 120, 180, 360, 720, 1440, 7, 45, 90, 2880])('fires every %i minutes exactly on the daemon grid, to the minute', (everyMinutes) => {
    for (const tenant of tenants.slice(0, 10)) {
      const expression = cadence(tenant, everyMinutes);
      expect(firings(expression)).toEqual(daemonSlots(tenant, everyMinutes));
    }
  });

  it('writes cron where a field can step the cadence evenly, else an RRULE from the first slot of the grid', () => {
    const tenant = 'winkel-3';
    const offset = (every: number) => Math.floor(startOffsetMs(tenant, every * MINUTE) / MINUTE);
    expect(cadence(tenant, 1)).toBe('* * * * *');
    expect(cadence(tenant, 15)).toBe(offset(15) === 0 ? '*/15 * * * *' : `${offset(15)}-59/15 * * * *`);
    expect(cadence(tenant, 1440)).toBe(`${offset(1440) % 60} ${Math.floor(offset(1440) / 60)} * * *`);
    expect(cadence(tenant, 45)).toMatch(/^DTSTART:19700101T\d{6}\nRRULE:FREQ=MINUTELY;INTERVAL=45$/);
    expect(cadenceText(cadence(tenant, 45))).toMatch(/^DTSTART:19700101T\d{6};RRULE:FREQ=MINUTELY;INTERVAL=45$/);
    expect(() => cadence(tenant, 0)).toThrow(/whole number of minutes/);
  });

  it('knows the next run strictly after a moment, as the schedule fires it', () => {
    for (const everyMinutes of [15, 60, 120, 45]) {
      for (const tenant of tenants.slice(0, 5)) {
        const fired = firings(cadence(tenant, everyMinutes));
        for (const after of [from + 7 * MINUTE + 30_000, fired[1], fired[1] - 1]) {
          expect(nextCadenceRun(tenant, everyMinutes, new Date(after)).getTime()).toBe(fired.find((at) => at > after));
        }
      }
    }
  });
});
