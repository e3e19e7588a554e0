/**
 * The sync engine: one source, one mapper, one sink, one tenant's state. It books every document
 * exactly once or parks it with a reason; docs/engine.md describes the protocol step by step.
 *
 * `SyncEngine` is the one public class; it composes the parts of a run:
 * - `RunFrame` (run-frame.ts): lock and heartbeat, start and finish, outcome and summary;
 * - `InDoubtSettlement` (in-doubt-settlement.ts): in-doubt writes and missing acknowledges first;
 * - `PageReader` (page-reader.ts): reading pages, and the cursor rule;
 * - `DocumentProcessor` (document-processor.ts): one document, from the ledger check to the mapping;
 * - `BookingWriter` (booking-writer.ts): guard, relation, intent, write, booked, acknowledge;
 * - `DocumentParking` (document-parking.ts): parking a document in the error queue;
 * - `ErrorQueueWork` (error-queue-work.ts): retrying parked documents;
 * - `RebookWork` (rebook-work.ts): booking again what was deleted from the books;
 * - `EngineContext` (engine-context.ts) and `Run` (run-state.ts): what they all share.
 * Each part is given the store by the roles it uses (`CursorStore`, `LedgerStore`, ... in state-store.ts).
 */
import { BookingWriter } from './booking-writer';
import { DocumentParking } from './document-parking';
import { DocumentProcessor } from './document-processor';
import { EngineContext } from './engine-context';
import { ErrorQueueWork } from './error-queue-work';
import { InDoubtSettlement } from './in-doubt-settlement';
import { PageReader } from './page-reader';
import { RebookWork } from './rebook-work';
import { RunFrame } from './run-frame';
import type { DocumentRef } from './state-store';
import type { RetryRunOptions, RetrySelection, RunOptions, SyncEngineDependencies, SyncEngineOptions, SyncOptions } from './sync-options';
import type { SyncMode, SyncSummary } from './sync-summary';

export type { RetryRunOptions, RetrySelection, RunOptions, SyncEngineDependencies, SyncEngineOptions, SyncOptions } from './sync-options';
export { kindOf } from './document-processor';

export class SyncEngine {
  private readonly frame: RunFrame;
  private readonly pages: PageReader;
  private readonly errorQueue: ErrorQueueWork;
  private readonly rebooking: RebookWork;

  constructor(deps: SyncEngineDependencies, options: SyncEngineOptions = {}) {
    const { store, ...services } = deps;
    const ctx = new EngineContext(services, store, options);
    const parking = new DocumentParking(ctx, store);
    const writer = new BookingWriter(ctx, store, parking);
    const documents = new DocumentProcessor(ctx, store, writer, parking);
    this.frame = new RunFrame(ctx, store, new InDoubtSettlement(ctx, store, writer));
    this.pages = new PageReader(ctx, store, documents);
    this.errorQueue = new ErrorQueueWork(ctx, store, documents, writer, parking);
    this.rebooking = new RebookWork(ctx, store, documents, writer);
  }

  /** One batch since the cursor; or a date-range export; or a dry run. */
  async sync(options: SyncOptions = {}): Promise<SyncSummary> {
    const exporting = options.from !== undefined || options.to !== undefined;
    const mode: SyncMode = options.dryRun ? 'dry-run' : exporting ? 'export' : 'sync';
    return this.frame.execute(mode, options, (run) => this.pages.readPages(run, { from: options.from, to: options.to }));
  }

  /** Reprocesses parked documents through the same exactly-once path. The cursor is not touched. */
  async retry(selection: RetrySelection, options: RetryRunOptions = {}): Promise<SyncSummary> {
    return this.frame.execute('retry', options, (run) => this.errorQueue.retry(run, selection, options.refetch ?? false));
  }

  /** Books documents again whose bookings were deleted from the books (see rebook-work.ts). The cursor is not touched. */
  async rebook(documents: readonly DocumentRef[], options: RunOptions = {}): Promise<SyncSummary> {
    return this.frame.execute('rebook', options, (run) => this.rebooking.rebook(run, documents));
  }
}
