/**
 * Calendar dates without time-zone surprises. A booking date is a day in Europe/Amsterdam,
 * written `YYYY-MM-DD`; an instant from an API (`2024-03-31T23:30:00Z`) becomes the Amsterdam day.
 */
export type LocalDate = string & { readonly __localDate: unique symbol };

export const BUSINESS_TIME_ZONE = 'Europe/Amsterdam';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

const amsterdamDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function isLocalDate(text: unknown): text is LocalDate {
  if (typeof text !== 'string') return false;
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/** `YYYY-MM-DD` as is; anything with a time becomes the calendar day in Amsterdam. Throws on nonsense. */
export function toLocalDate(value: string | Date): LocalDate {
  if (typeof value === 'string' && isLocalDate(value)) return value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value.trim())) {
    // A wall-clock time without zone, as several Dutch APIs send: it already is Amsterdam time.
    const day = value.trim().slice(0, 10);
    if (isLocalDate(day)) return day;
  }
  const instant = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`not a date: ${JSON.stringify(String(value))}`);
  return amsterdamDay.format(instant) as LocalDate;
}

export function tryLocalDate(value: unknown): LocalDate | undefined {
  if (typeof value !== 'string' && !(value instanceof Date)) return undefined;
  try {
    return toLocalDate(value);
  } catch {
    return undefined;
  }
}

export function todayInAmsterdam(now: Date = new Date()): LocalDate {
  return toLocalDate(now);
}

const amsterdamClock = new Intl.DateTimeFormat('sv-SE', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The Amsterdam wall clock of an instant, `2025-03-30 03:15:00`: what people read, and what some APIs send. */
export function toAmsterdamWallClock(instant: Date): string {
  return amsterdamClock.format(instant);
}

/** Adds whole days to a calendar date. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return next.toISOString().slice(0, 10) as LocalDate;
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
