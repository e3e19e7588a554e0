/**
 * The error queue's side of a run: parking a document with its reason, and sending parked
 * documents through the same exactly-once path again (retry).
 */
import { ERROR_POLICY, RecordError, classifyError, type Booking, type SourceItem, type SourceRecord } from '@koppelwerk/core';
import type { BookingWriter } from './booking-writer';
import type { DocumentProcessor } from './document-processor';
import type { EngineContext } from './engine-context';
import { decodeJson } from './json-codec';
import type { Run } from './run-state';
import type { ErrorQueueEntry } from './state-store';
import type { RetrySelection } from './sync-options';
import type { DocumentOutcome } from './sync-summary';

/** Parks a document in the error queue (a dry run only reports it as a gap). */
export async function park(
  ctx: EngineContext,
  run: Run,
  documentKey: string,
  kind: string | null,
  raw: unknown,
  recordJson: string | null,
  error: unknown,
): Promise<DocumentOutcome> {
  const info = ctx.errorInfo(error);
  if (run.dry) {
    run.dryRun!.gaps.push({ documentKey, ...info });
    return 'parked';
  }
  // Read again by a sync or export while its entry is still open: it stays parked (the entry is updated),
  // but it was announced when it was first parked. A retry's failure is that retry's result.
  const stillOpen = run.mode !== 'retry' && (await ctx.deps.store.countErrors({ documentKey })) > 0;
  await ctx.deps.store.recordParked({ documentKey, kind, raw, recordJson, error: info, runId: run.runId });
  ctx.logger.warn(`${stillOpen ? 'still parked' : 'parked'} ${documentKey}: ${info.message}`, { runId: run.runId, errorClass: info.errorClass, code: info.code });
  return stillOpen ? 'stillParked' : 'parked';
}

export class ErrorQueueWork {
  constructor(
    private readonly ctx: EngineContext,
    private readonly documents: DocumentProcessor,
    private readonly writer: BookingWriter,
  ) {}

  /** Sends each selected open entry through the run's pool. The cursor is not touched. */
  async retry(run: Run, selection: RetrySelection, refetch: boolean): Promise<void> {
    const entries = await this.ctx.deps.store.listErrors(
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
        if (ERROR_POLICY[classifyError(error)].parkDocument) return park(ctx, run, entry.documentKey, entry.kind, parseRaw(entry.rawJson), entry.recordJson, error);
        ctx.writeStopped(run, error, entry.documentKey, 'source');
        return 'pending';
      }
      return this.documents.processItem(run, item, entry.id);
    }
    if (entry.recordJson) {
      const record = decodeJson<SourceRecord>(entry.recordJson);
      return this.documents.processItem(run, { ok: true, key: entry.documentKey, record, raw: parseRaw(entry.rawJson) }, entry.id);
    }
    const ledger = entry.kind ? await ctx.deps.store.getLedgerEntry({ documentKey: entry.documentKey, kind: entry.kind }) : null;
    if (ledger?.bookingJson && entry.kind) {
      const booking = decodeJson<Booking>(ledger.bookingJson);
      return this.writer.write(run, { documentKey: entry.documentKey, kind: entry.kind, booking, raw: parseRaw(entry.rawJson), recordJson: () => null });
    }
    const error = new RecordError('the source returned this record unreadable and cannot fetch it again; fix it in the source, then export its date range', {
      code: 'RETRY_NEEDS_REFETCH',
      documentKey: entry.documentKey,
    });
    return park(ctx, run, entry.documentKey, entry.kind, parseRaw(entry.rawJson), null, error);
  }
}

function parseRaw(rawJson: string | null): unknown {
  return rawJson === null ? undefined : JSON.parse(rawJson);
}
