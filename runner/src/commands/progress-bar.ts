/** A one-line progress display on a terminal (stderr); silent when stderr is not a TTY. */
import type { ProgressEvent } from '@koppelwerk/engine';

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): { onProgress: (event: ProgressEvent) => void; done: () => void } {
  if (!stream.isTTY) return { onProgress: () => undefined, done: () => undefined };
  let last = 0;
  let shown = false;
  const onProgress = (event: ProgressEvent) => {
    const now = Date.now();
    if (now - last < 100 && event.type !== 'read') return;
    last = now;
    const c = event.counts;
    const handled = c.booked + c.skipped + c.parked + c.stillParked + c.pending;
    const width = 24;
    const filled = c.read ? Math.min(width, Math.round((handled / c.read) * width)) : 0;
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] read ${c.read}  booked ${c.booked}  skipped ${c.skipped}  parked ${c.parked}  `);
    shown = true;
  };
  return { onProgress, done: () => shown && stream.write('\n') };
}
