/**
 * The error queue's side of a run: sending parked documents through the same exactly-once path
 * again (retry). Parking itself is document-parking.ts.
 */
import { ERROR_POLICY, RecordError, classifyError, type Booking, type SourceItem, type SourceRecord } from '@koppelwerk/core';
import type { BookingWriter } from './booking-writer';
import type { DocumentParking } from './document-parking';
import type { DocumentProcessor } from './document-processor';
import type { EngineContext } from './engine-context';
import { decodeJson } from './json-codec';
import type { Run } from './run-state';
import type { ErrorQueueEntry, ErrorQueueStore, LedgerStore } from './state-store';
import type { RetrySelection } from './sync-options';
import type { DocumentOutcome } from './sync-summary';
import { worded } from './worded';

export class ErrorQueueWork {
  constructor(
    private readonly ctx: EngineContext,
    private readonly store: ErrorQueueStore & LedgerStore,
    private readonly documents: DocumentProcessor,
    private readonly writer: BookingWriter,
    private readonly parking: DocumentParking,
  ) {}

  /** Sends each selected open entry through the run's pool. The cursor is not touched. */
  async retry(run: Run, selection: RetrySelection, refetch: boolean): Promise<void> {
    const entries = await this.store.listErrors(
      selection.all ? { errorClass: selection.errorClass } : { ids: selection.ids ?? [], errorClass: selection.errorClass },
    );
    run.counts.read += entries.length;
    run.progress('read');
    await run.runBounded(entries.map((entry) => ({ key: entry.documentKey, perform: () => this.retryEntry(run, entry, refetch) })));
  }

  private async retryEntry(run: Run, entry: ErrorQueueEntry, refetch: boolean): Promise<DocumentOutcome> {
    const ctx = this.ctx;
    const source = ctx.deps.source;
    if ((refetch || !entry.recordJson) && source.fetch) {
      let item: SourceItem;
      try {
        item = await ctx.withRetry(() => source.fetch!(entry.documentKey));
        run.reached.source = true;
      } catch (error) {
        if (ERROR_POLICY[classifyError(error)].parkDocument) return this.parking.park(run, entry.documentKey, entry.kind, parseRaw(entry.rawJson), entry.recordJson, error);
        ctx.writeStopped(run, error, entry.documentKey, 'source');
        return 'pending';
      }
      return this.documents.processItem(run, item, entry.id);
    }
    if (entry.recordJson) {
      const record = decodeJson<SourceRecord>(entry.recordJson);
      return this.documents.processItem(run, { ok: true, key: entry.documentKey, record, raw: parseRaw(entry.rawJson) }, entry.id);
    }
    const ledger = entry.kind ? await this.store.getLedgerEntry({ documentKey: entry.documentKey, kind: entry.kind }) : null;
    if (ledger?.bookingJson && entry.kind) {
      const booking = decodeJson<Booking>(ledger.bookingJson);
      return this.writer.write(run, { documentKey: entry.documentKey, kind: entry.kind, booking, raw: parseRaw(entry.rawJson), recordJson: () => null });
    }
    const error = new RecordError(...worded('RETRY_NEEDS_REFETCH', {}, { documentKey: entry.documentKey }));
    return this.parking.park(run, entry.documentKey, entry.kind, parseRaw(entry.rawJson), null, error);
  }
}

function parseRaw(rawJson: string | null): unknown {
  return rawJson === null ? undefined : JSON.parse(rawJson);
}
