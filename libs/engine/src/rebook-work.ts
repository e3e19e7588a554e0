/**
 * Booking a document again whose booking was deleted from the books (`reconcile --rebook`), under
 * the tenant's run lock and through the same exactly-once path as any write: the sink is asked
 * first (a booking it still holds is never written twice), the ledger row goes from booked to
 * pending with `rebook` logged, and the document (fetched again from the source where it can be,
 * else what was booked before) is mapped and written like a new one. A crash after the row is
 * pending leaves it for the next rebook; one after the write is settled as any in-doubt write.
 */
import type { BookedReference, Booking, SourceItem } from '@koppelwerk/core';
import type { BookingWriter } from './booking-writer';
import type { DocumentProcessor } from './document-processor';
import type { EngineContext } from './engine-context';
import { decodeJson } from './json-codec';
import type { Run } from './run-state';
import type { ActivityStore, DocumentRef, LedgerStore } from './state-store';
import type { DocumentOutcome } from './sync-summary';
import { worded } from './worded';

export class RebookWork {
  constructor(
    private readonly ctx: EngineContext,
    private readonly store: LedgerStore & ActivityStore,
    private readonly documents: DocumentProcessor,
    private readonly writer: BookingWriter,
  ) {}

  async rebook(run: Run, documents: readonly DocumentRef[]): Promise<void> {
    run.counts.read += documents.length;
    run.progress('read');
    await run.runBounded(documents.map((ref) => ({ key: ref.documentKey, perform: () => this.rebookOne(run, ref) })));
  }

  private async rebookOne(run: Run, ref: DocumentRef): Promise<DocumentOutcome> {
    const ledger = await this.store.getLedgerEntry(ref);
    // Only what Koppelwerk booked before (or began to book again) can be booked again.
    if (!ledger?.bookingJson || ledger.state === 'in-doubt') return 'skipped';
    const before = decodeJson<Booking>(ledger.bookingJson);
    let found: BookedReference | null;
    try {
      found = await this.writer.findInSink(run, before);
    } catch (error) {
      this.ctx.writeStopped(run, error, ref.documentKey);
      return 'pending';
    }
    if (found) {
      // Still (or again) in the books: it is booked, and stays as it is.
      if (ledger.state !== 'booked') await this.store.recordBooked({ ...ref, sinkId: found.sinkId, acknowledgeRequired: false, runId: run.runId });
      return 'skipped';
    }
    if (ledger.state === 'booked') {
      const said = worded.text('ACT_REBOOK', { sinkId: ledger.sinkId ?? '', invoiceNumber: before.entry.invoiceNumber });
      await this.store.recordRebook({ ...ref, runId: run.runId, message: said.message, messageCode: said.code, messageParams: said.params });
    }
    const source = this.ctx.deps.source;
    if (!source.fetch) return this.writer.write(run, { documentKey: ref.documentKey, kind: ref.kind, booking: before, raw: undefined, recordJson: () => null });
    let item: SourceItem;
    try {
      item = await this.ctx.withRetry(() => source.fetch!(ref.documentKey));
      run.reached.source = true;
    } catch (error) {
      // Pending, not booked: the next rebook of this document tries again.
      this.ctx.writeStopped(run, error, ref.documentKey, 'source');
      return 'pending';
    }
    return this.documents.processItem(run, item);
  }
}
