/**
 * Mijnwebwinkel gives times as Europe/Amsterdam wall-clock text without a zone
 * (`yyyy-mm-dd hh:mm:ss`); its status-change filter expects the same.
 */
import { toAmsterdamWallClock } from '@koppelwerk/core';

export { toAmsterdamWallClock };

export const WALL_CLOCK = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** The instant of an Amsterdam wall-clock time, as ISO text (a time skipped by DST resolves forward). */
export function amsterdamWallClockToIso(wallClock: string): string {
  const asUtc = Date.parse(wallClock.replace(' ', 'T') + 'Z');
  if (!WALL_CLOCK.test(wallClock) || Number.isNaN(asUtc)) throw new RangeError(`not a wall-clock time: ${wallClock}`);
  let instant = asUtc - offsetAt(asUtc);
  instant = asUtc - offsetAt(instant);
  return new Date(instant).toISOString();
}

function offsetAt(instant: number): number {
  const wall = Date.parse(toAmsterdamWallClock(new Date(instant)).replace(' ', 'T') + 'Z');
  return wall - Math.floor(instant / 1000) * 1000;
}

/** Wall-clock arithmetic: minutes added on the clock face. */
export function addMinutesToWallClock(wallClock: string, minutes: number): string {
  const millis = Date.parse(wallClock.replace(' ', 'T') + 'Z') + minutes * 60_000;
  return new Date(millis).toISOString().slice(0, 19).replace('T', ' ');
}
