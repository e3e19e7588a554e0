import { nextRunAt, planNextRuns, startOffsetMs } from './run-schedule';

const now = new Date('2025-03-01T10:00:00Z');
const hour = 3_600_000;

describe('run schedule', () => {
  it('gives each tenant its own fixed minute within the interval', () => {
    const tenants = Array.from({ length: 20 }, (_, i) => `shop-${i}`);
    const offsets = tenants.map((t) => startOffsetMs(t, hour));
    expect(offsets.every((o) => o >= 0 && o < hour && o % 1000 === 0)).toBe(true);
    expect(new Set(offsets).size).toBeGreaterThan(15);
    expect(startOffsetMs('shop-1', hour)).toBe(offsets[1]);
  });

  it('runs hourly tenants once an hour at their own minute, strictly after the given time', () => {
    const first = nextRunAt({ tenant: 'bakker', intervalMinutes: 60 }, now);
    expect(first.getTime()).toBeGreaterThan(now.getTime());
    expect(first.getTime() - now.getTime()).toBeLessThanOrEqual(hour);
    expect(nextRunAt({ tenant: 'bakker', intervalMinutes: 60 }, first).getTime() - first.getTime()).toBe(hour);
    // A run that overran does not cause a burst of catch-up runs.
    const late = new Date(first.getTime() + 2.5 * hour);
    expect(nextRunAt({ tenant: 'bakker', intervalMinutes: 60 }, late).getTime()).toBe(first.getTime() + 3 * hour);
  });

  it('plans every tenant on its own cadence, soonest first', () => {
    const plan = planNextRuns(
      [
        { tenant: 'webshop', intervalMinutes: 60 },
        { tenant: 'werkbon', intervalMinutes: 15 },
        { tenant: 'stella', intervalMinutes: 2 },
      ],
      now,
    );
    expect(plan[0].tenant).toBe('stella');
    expect(plan[0].at.getTime() - now.getTime()).toBeLessThanOrEqual(2 * 60_000);
    expect(plan.map((p) => p.at.getTime())).toEqual([...plan.map((p) => p.at.getTime())].sort((a, b) => a - b));
  });

  it('refuses an interval that is not positive', () => {
    expect(() => nextRunAt({ tenant: 'x', intervalMinutes: 0 }, now)).toThrow(/must be positive/);
  });
});
