/**
 * Before anything else, a run settles what earlier runs left unclear: every in-doubt write is
 * looked up in the sink (found: booked; not found: written again), and every booked document the
 * source still awaits an acknowledge for is acknowledged.
 */
import type { Booking } from '@koppelwerk/core';
import type { BookingWriter } from './booking-writer';
import type { EngineContext } from './engine-context';
import { decodeJson } from './json-codec';
import type { Run } from './run-state';
import type { LedgerStore } from './state-store';
import { worded } from './worded';

export class InDoubtSettlement {
  constructor(
    private readonly ctx: EngineContext,
    private readonly ledger: LedgerStore,
    private readonly writer: BookingWriter,
  ) {}

  async settleInDoubt(run: Run): Promise<void> {
    for (const entry of await this.ledger.listLedger({ state: 'in-doubt' })) {
      if (run.stopWriting || run.stopRequested) return;
      if (!entry.bookingJson) continue;
      const booking = decodeJson<Booking>(entry.bookingJson);
      let found;
      try {
        found = await this.writer.findInSink(run, booking);
      } catch (error) {
        this.ctx.writeStopped(run, error, entry.documentKey);
        if (run.stopWriting) return;
        continue;
      }
      if (found) {
        // An earlier run's write arrived: settled, and skipped (not booked) when the source lists it again.
        await this.writer.markBooked(run, { documentKey: entry.documentKey, kind: entry.kind }, found.sinkId, worded.text('ACT_SETTLED', {}));
        run.counts.settled++;
      } else {
        // The write never arrived: send the same booking again. It counts as read by this run, so
        // that read = booked + skipped + parked + pending holds.
        run.counts.read++;
        const outcome = await this.writer.write(run, { documentKey: entry.documentKey, kind: entry.kind, booking, raw: undefined, recordJson: () => null });
        if (outcome === 'booked') run.counts.settled++;
        run.count(outcome, entry.documentKey);
      }
    }
  }

  async acknowledgeAwaiting(run: Run): Promise<void> {
    if (!this.ctx.deps.source.acknowledge) return;
    for (const entry of await this.ledger.listAwaitingAcknowledge()) {
      if (run.stopRequested) return;
      await this.writer.acknowledge(run, entry.documentKey, entry.kind, entry.sinkId ?? '');
    }
  }
}
