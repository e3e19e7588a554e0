/**
 * When the service runs a tenant next. The workers schedule each tenant on the queue as a cron
 * expression in Europe/Amsterdam (`cadence` in service/tenant-queue.ts): every n minutes when n
 * divides an hour, every k hours when k divides a day. Other cadences become an RRULE whose start
 * the queue keeps to itself; for those the next run is not known here (null).
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const amsterdamHour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: 'numeric', hourCycle: 'h23' });

export function nextCadenceRun(everyMinutes: number, now: Date): Date | null {
  if (everyMinutes <= 60 && 60 % everyMinutes === 0) {
    // `*/n * * * *`: Amsterdam's offset from UTC is whole hours, so its minutes are UTC's.
    const step = everyMinutes * MINUTE;
    return new Date(Math.floor(now.getTime() / step) * step + step);
  }
  const hours = everyMinutes / 60;
  if (!Number.isInteger(hours) || 24 % hours !== 0) return null;
  // `0 */k * * *`: the next whole hour whose Amsterdam hour is a multiple of k.
  let candidate = Math.floor(now.getTime() / HOUR) * HOUR + HOUR;
  for (let step = 0; step < 26; step++, candidate += HOUR) {
    if (Number(amsterdamHour.format(new Date(candidate))) % hours === 0) return new Date(candidate);
  }
  return null;
}
