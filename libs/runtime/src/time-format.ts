/**
 * Times people read (status, log, listings) are Europe/Amsterdam wall-clock time, as
 * `2026-12-02 14:05:09`; JSON output keeps the ISO instants.
 */
import { toAmsterdamWallClock } from '@koppelwerk/core';

/** An instant (ISO text or Date) as Amsterdam local time; text that is no instant is returned as is. */
export function amsterdamTime(instant: string | Date | null | undefined): string {
  if (instant === null || instant === undefined || instant === '') return '-';
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) return String(instant);
  return toAmsterdamWallClock(date);
}
