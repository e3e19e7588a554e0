/**
 * The sync engine: one source, one mapper, one sink, one tenant's state. It books every document
 * exactly once or parks it with a reason; docs/engine.md describes the protocol step by step.
 */
import { randomUUID } from 'node:crypto';
import {
  ConfigurationError,
  ERROR_POLICY,
  KoppelwerkError,
  RecordError,
  RejectedError,
  classifyError,
  describeError,
  isWorkOrder,
  systemClock,
  withRetry,
  type AccountingSink,
  type Booking,
  type BookingMapper,
  type Clock,
  type LocalDate,
  type Logger,
  type MappingContext,
  type Redactor,
  type RetryOptions,
  type ShopSource,
  type SourceItem,
  type SourcePage,
  type SourceRecord,
} from '@koppelwerk/core';
import { decodeJson, encodeJson } from './json-codec';
import { encodeBooking, payloadHash } from './payload-hash';
import { DEFAULT_LOCK_TTL_MS, acquireRunLock, currentProcessOwner, describeLockHolder, type RunLockOptions } from './run-lock';
import { emptyCounts, type ErrorInfo, type ErrorQueueEntry, type LockOwner, type RunCounts, type StateStore } from './state-store';
import {
  OUTCOME_EXIT_CODE,
  type DocumentOutcome,
  type DryRunReport,
  type ProgressEvent,
  type SyncMode,
  type SyncOutcome,
  type SyncSummary,
} from './sync-summary';
import { WorkPool } from './work-pool';

export interface SyncEngineDependencies {
  source: ShopSource;
  sink: AccountingSink;
  mapper: BookingMapper;
  store: StateStore;
  logger: Logger;
  /** Every message that reaches the store passes through it. */
  redactor: Redactor;
  clock?: Clock;
  /** Reference data for the mapper (the sink's articles, for work orders); loaded once per run, when a work order first needs it. */
  loadMappingContext?: () => Promise<MappingContext>;
}

export interface SyncEngineOptions {
  /** The cursor's name in the store. Default `documents`. */
  stream?: string;
  /** Sink calls in flight at once (documents in flight: twice that, above 1). Default 4. */
  concurrency?: number;
  /** Asked of the source per page. */
  pageSize?: number;
  /** Backoff for transient errors (core `withRetry`); tests pass `sleep`. */
  retry?: RetryOptions;
  lock?: RunLockOptions & { owner?: Omit<LockOwner, 'runId'>; /** Heartbeat interval; default a third of the TTL. */ heartbeatMs?: number };
}

export interface RunOptions {
  runId?: string;
  /** Finish the documents in flight, then stop. */
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
}

export interface SyncOptions extends RunOptions {
  /** Fetch and map, report what would be sent; write nothing anywhere. */
  dryRun?: boolean;
  /** A date-range export: reads [from, to] whatever the cursor, and leaves the cursor alone. */
  from?: LocalDate;
  to?: LocalDate;
}

export interface RetrySelection {
  ids?: number[];
  all?: boolean;
  errorClass?: ErrorQueueEntry['errorClass'];
}

export interface RetryRunOptions extends RunOptions {
  /** Fetch each document from the source again instead of using the stored record. */
  refetch?: boolean;
}

/** Thrown inside a write's call slot when writing stopped meanwhile: the write was never sent. */
class WriteHeld extends Error {}

/** A document on its way through the engine. */
interface WorkItem {
  documentKey: string;
  kind: string;
  booking: Booking;
  raw: unknown;
  /** The canonical record as stored with a parked document; encoded only when one is parked. */
  recordJson: () => string | null;
}

interface Task {
  key: string;
  perform: () => Promise<DocumentOutcome>;
}

const OUTCOME_RANK: readonly SyncOutcome[] = ['locked', 'internal', 'configuration', 'authentication', 'transient', 'parked', 'ok'];
/** The settled promise every ensured relation code of a run shares (see ensureRelation). */
const ENSURED: Promise<void> = Promise.resolve();

/** The state of one run. */
class Run {
  readonly counts: RunCounts = emptyCounts();
  readonly startedAt: string;
  /** Writing stopped (authentication, configuration, lock lost): everything not yet written stays pending. */
  stopWriting = false;
  outcome: SyncOutcome = 'ok';
  message?: string;
  stopped = false;
  readonly relations = new Map<string, Promise<void>>();
  /** Documents in flight: twice the call slots, so a document waiting for another's relation leaves no slot idle. */
  readonly pool: WorkPool;
  /** Sink calls in flight: at most `concurrency`. */
  readonly sinkCalls: WorkPool;
  /** Invoice numbers of documents between their duplicate check and their intent. */
  readonly invoiceClaims = new Map<string, string>();
  /** The first unexpected error of a task: the tasks after it leave their documents pending. */
  failure?: { error: unknown };
  mappingContext?: Promise<MappingContext>;
  sinkWasRed = false;
  cursor?: { before: string | null; after: string | null };
  dryRun?: DryRunReport;

  constructor(
    readonly runId: string,
    readonly mode: SyncMode,
    readonly options: RunOptions,
    clock: Clock,
    concurrency: number,
  ) {
    this.startedAt = clock.now().toISOString();
    // Concurrency 1 stays strictly one document after the other.
    this.pool = new WorkPool(concurrency === 1 ? 1 : concurrency * 2);
    this.sinkCalls = new WorkPool(concurrency);
  }

  get dry(): boolean {
    return this.mode === 'dry-run';
  }

  get stopRequested(): boolean {
    if (this.options.signal?.aborted) this.stopped = true;
    return this.stopped;
  }

  /** Keeps the worst outcome; the first message of the worst outcome wins. */
  raise(outcome: SyncOutcome, message?: string): void {
    if (OUTCOME_RANK.indexOf(outcome) < OUTCOME_RANK.indexOf(this.outcome)) {
      this.outcome = outcome;
      this.message = message;
    } else if (outcome === this.outcome && this.message === undefined) {
      this.message = message;
    }
  }

  progress(type: ProgressEvent['type'], documentKey?: string): void {
    this.options.onProgress?.({ type, documentKey, counts: { ...this.counts } });
  }
}

export class SyncEngine {
  private readonly clock: Clock;
  private readonly stream: string;
  private readonly concurrency: number;
  private readonly logger: Logger;

  constructor(
    private readonly deps: SyncEngineDependencies,
    private readonly options: SyncEngineOptions = {},
  ) {
    this.clock = deps.clock ?? systemClock;
    this.stream = options.stream ?? 'documents';
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.logger = deps.logger;
  }

  /** One batch since the cursor; or a date-range export; or a dry run. */
  async sync(options: SyncOptions = {}): Promise<SyncSummary> {
    const exporting = options.from !== undefined || options.to !== undefined;
    const mode: SyncMode = options.dryRun ? 'dry-run' : exporting ? 'export' : 'sync';
    return this.execute(mode, options, (run) => this.readPages(run, { from: options.from, to: options.to }));
  }

  /** Reprocesses parked documents through the same exactly-once path. The cursor is not touched. */
  async retry(selection: RetrySelection, options: RetryRunOptions = {}): Promise<SyncSummary> {
    return this.execute('retry', options, (run) => this.retryParked(run, selection, options.refetch ?? false));
  }

  // The run frame: lock, settle, body, summary.

  private async execute(mode: SyncMode, options: RunOptions, body: (run: Run) => Promise<void>): Promise<SyncSummary> {
    const run = new Run(options.runId ?? randomUUID(), mode, options, this.clock, this.concurrency);
    const log = this.logger.child({ runId: run.runId, mode });
    if (run.dry) {
      run.dryRun = { wouldSend: [], gaps: [], alreadyBooked: [], inDoubt: [] };
      try {
        await body(run);
      } catch (error) {
        this.fail(run, error, log);
      } finally {
        await this.closeSink(log);
      }
      return this.summarize(run);
    }

    const owner = { ...(this.options.lock?.owner ?? currentProcessOwner(run.runId)), runId: run.runId };
    const ttlMs = this.options.lock?.ttlMs ?? DEFAULT_LOCK_TTL_MS;
    const lock = await acquireRunLock(this.deps.store, owner, { clock: this.clock, ...this.options.lock, ttlMs });
    if (!lock.acquired) {
      run.raise('locked', describeLockHolder(lock.holder));
      log.warn('run refused: tenant is locked', { holder: lock.holder });
      return this.summarize(run);
    }
    if (lock.takenOver) log.warn(`took over the run lock of run ${lock.takenOver.runId}: ${lock.takenOver.reason}`);
    const heartbeat = setInterval(() => void this.heartbeat(run, ttlMs, log), this.options.lock?.heartbeatMs ?? ttlMs / 3);
    heartbeat.unref();

    log.info(`${mode} started`);
    try {
      await this.deps.store.startRun({ runId: run.runId, mode: mode as 'sync' | 'export' | 'retry' });
      run.sinkWasRed = (await this.deps.store.getChecks()).some((c) => c.side === 'sink' && !c.ok);
      await this.settleInDoubt(run);
      await this.acknowledgeAwaiting(run);
      if (!run.stopWriting && !run.stopRequested) await body(run);
    } catch (error) {
      this.fail(run, error, log);
    } finally {
      clearInterval(heartbeat);
      await this.closeSink(log);
    }
    const summary = this.summarize(run);
    try {
      await this.deps.store.finishRun(run.runId, { counts: summary.counts, outcome: summary.outcome, exitCode: summary.exitCode, message: summary.message });
    } finally {
      await this.deps.store.releaseLock(run.runId);
    }
    log.info(`${mode} finished: ${summary.outcome}`, { counts: summary.counts });
    return summary;
  }

  private async heartbeat(run: Run, ttlMs: number, log: Logger): Promise<void> {
    try {
      if (!(await this.deps.store.renewLock(run.runId, ttlMs))) {
        run.stopWriting = true;
        run.raise('internal', 'another run took over the run lock; this run stopped writing');
        log.error('run lock lost; writing stopped');
      }
    } catch (error) {
      log.warn('could not renew the run lock', { error: this.deps.redactor.redactText(describeError(error)) });
    }
  }

  private fail(run: Run, error: unknown, log: Logger): void {
    const message = this.deps.redactor.redactText(describeError(error));
    if (KoppelwerkError.is(error) && (error.errorClass === 'authentication' || error.errorClass === 'configuration' || error.errorClass === 'transient')) {
      run.raise(error.errorClass, message);
      log.warn(`run ended early: ${message}`);
    } else {
      run.raise('internal', message);
      log.error(`run failed: ${message}`, { error: this.deps.redactor.redact(error) });
    }
    run.stopWriting = true;
  }

  private async closeSink(log: Logger): Promise<void> {
    try {
      await this.deps.sink.close();
    } catch (error) {
      log.warn('closing the sink session failed', { error: this.deps.redactor.redactText(describeError(error)) });
    }
  }

  private summarize(run: Run): SyncSummary {
    const outcome = run.outcome === 'ok' && run.counts.parked > 0 ? 'parked' : run.outcome;
    return {
      runId: run.runId,
      mode: run.mode,
      counts: { ...run.counts },
      outcome,
      exitCode: OUTCOME_EXIT_CODE[outcome],
      message: run.message ?? (outcome === 'parked' ? `${run.counts.parked} document(s) parked in the error queue` : undefined),
      stopped: run.stopped,
      cursor: run.cursor,
      startedAt: run.startedAt,
      endedAt: this.clock.now().toISOString(),
      dryRun: run.dryRun,
    };
  }

  // Before anything else: settle in-doubt writes, deliver missing acknowledges.

  private async settleInDoubt(run: Run): Promise<void> {
    for (const entry of await this.deps.store.listLedger({ state: 'in-doubt' })) {
      if (run.stopWriting || run.stopRequested) return;
      if (!entry.bookingJson) continue;
      const booking = decodeJson<Booking>(entry.bookingJson);
      let found;
      try {
        found = await this.withRetry(() => this.sinkCall(run, (sink) => sink.findBooked(booking)));
      } catch (error) {
        this.writeStopped(run, error, entry.documentKey);
        if (run.stopWriting) return;
        continue;
      }
      if (found) {
        // An earlier run's write arrived: settled, and skipped (not booked) when the source lists it again.
        await this.markBooked(run, { documentKey: entry.documentKey, kind: entry.kind }, found.sinkId, 'settled: found in the bookkeeping');
        run.counts.settled++;
      } else {
        // The write never arrived: send the same booking again. It counts as read by this run, so
        // that read = booked + skipped + parked + pending holds.
        run.counts.read++;
        const outcome = await this.write(run, { documentKey: entry.documentKey, kind: entry.kind, booking, raw: undefined, recordJson: () => null });
        if (outcome === 'booked') run.counts.settled++;
        this.count(run, outcome, entry.documentKey);
      }
    }
  }

  private async acknowledgeAwaiting(run: Run): Promise<void> {
    if (!this.deps.source.acknowledge) return;
    for (const entry of await this.deps.store.listAwaitingAcknowledge()) {
      if (run.stopRequested) return;
      await this.acknowledge(run, entry.documentKey, entry.kind, entry.sinkId ?? '');
    }
  }

  // Reading pages; the cursor rule.

  /**
   * Reads page after page and hands each page's documents to the run's pool, reading one page
   * ahead so the sink stays busy at page ends. The cursor moves past a page only when every
   * document of it, and of every page before it, is booked or parked.
   */
  private async readPages(run: Run, range: { from?: LocalDate; to?: LocalDate }): Promise<void> {
    const exporting = run.mode === 'export' || range.from !== undefined || range.to !== undefined;
    const before = exporting ? null : await this.deps.store.getCursor(this.stream);
    if (!exporting) run.cursor = { before, after: before };
    const inFlight: { outcomes: Promise<DocumentOutcome[]>; nextCursor: string | null }[] = [];
    let blocked = false;
    const settleOldest = async (): Promise<void> => {
      const page = inFlight.shift()!;
      const outcomes = await page.outcomes;
      if (!outcomes.every((o) => o !== 'pending')) blocked = true;
      if (!blocked && !exporting && !run.dry) {
        await this.deps.store.saveCursor(this.stream, page.nextCursor);
        run.cursor = { before, after: page.nextCursor };
      }
    };
    const pages = this.deps.source.read({ cursor: before, pageSize: this.options.pageSize, from: range.from, to: range.to })[Symbol.asyncIterator]();
    let readError: unknown;
    try {
      while (!blocked && !run.stopWriting && !run.stopRequested) {
        let next: IteratorResult<SourcePage>;
        try {
          next = await pages.next();
        } catch (error) {
          readError = error;
          break;
        }
        if (next.done) break;
        const page = next.value;
        run.counts.read += page.items.length;
        run.progress('read');
        const outcomes = this.runBounded(run, page.items.map((item) => ({ key: item.key, perform: () => this.processItem(run, item) })));
        outcomes.catch(() => undefined); // awaited in order below; this only keeps a failure from being "unhandled" meanwhile
        inFlight.push({ outcomes, nextCursor: page.nextCursor });
        while (inFlight.length > 1) await settleOldest();
      }
      while (inFlight.length > 0) await settleOldest();
    } catch (error) {
      await Promise.allSettled(inFlight.map((page) => page.outcomes));
      throw error;
    } finally {
      if (readError === undefined) await pages.return?.().catch(() => undefined);
    }
    if (readError !== undefined) {
      if (classifyError(readError) === 'authentication' && !run.dry) await this.saveRed('source', readError);
      throw readError;
    }
  }

  private async retryParked(run: Run, selection: RetrySelection, refetch: boolean): Promise<void> {
    const entries = await this.deps.store.listErrors(
      selection.all ? { errorClass: selection.errorClass } : { ids: selection.ids ?? [], errorClass: selection.errorClass },
    );
    run.counts.read += entries.length;
    run.progress('read');
    await this.runBounded(
      run,
      entries.map((entry) => ({ key: entry.documentKey, perform: () => this.retryEntry(run, entry, refetch) })),
    );
  }

  private async retryEntry(run: Run, entry: ErrorQueueEntry, refetch: boolean): Promise<DocumentOutcome> {
    const source = this.deps.source;
    if ((refetch || !entry.recordJson) && source.fetch) {
      let item: SourceItem;
      try {
        item = await this.withRetry(() => source.fetch!(entry.documentKey));
      } catch (error) {
        if (ERROR_POLICY[classifyError(error)].parkDocument) return this.park(run, entry.documentKey, entry.kind, parseRaw(entry.rawJson), entry.recordJson, error);
        this.writeStopped(run, error, entry.documentKey, 'source');
        return 'pending';
      }
      return this.processItem(run, item, entry.id);
    }
    if (entry.recordJson) {
      const record = decodeJson<SourceRecord>(entry.recordJson);
      return this.processItem(run, { ok: true, key: entry.documentKey, record, raw: parseRaw(entry.rawJson) }, entry.id);
    }
    const ledger = entry.kind ? await this.deps.store.getLedgerEntry({ documentKey: entry.documentKey, kind: entry.kind }) : null;
    if (ledger?.bookingJson && entry.kind) {
      const booking = decodeJson<Booking>(ledger.bookingJson);
      return this.write(run, { documentKey: entry.documentKey, kind: entry.kind, booking, raw: parseRaw(entry.rawJson), recordJson: () => null });
    }
    const error = new RecordError('the source returned this record unreadable and cannot fetch it again; fix it in the source, then export its date range', {
      code: 'RETRY_NEEDS_REFETCH',
      documentKey: entry.documentKey,
    });
    return this.park(run, entry.documentKey, entry.kind, parseRaw(entry.rawJson), null, error);
  }

  /**
   * Runs a batch in the run's pool (at most `concurrency` in flight across batches). A task that
   * starts after writing stopped, or after another task failed, leaves its document pending. The
   * batch settles only when every task of it has ended.
   */
  private async runBounded(run: Run, tasks: Task[]): Promise<DocumentOutcome[]> {
    const settled = await Promise.allSettled(
      tasks.map((task) =>
        run.pool.run(task.key, async (): Promise<DocumentOutcome> => {
          if (run.stopWriting || run.stopRequested || run.failure) {
            this.count(run, 'pending', task.key);
            return 'pending';
          }
          try {
            return await task.perform();
          } catch (error) {
            run.failure ??= { error };
            throw error;
          }
        }),
      ),
    );
    const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((result) => (result as PromiseFulfilledResult<DocumentOutcome>).value);
  }

  // One document.

  private async processItem(run: Run, item: SourceItem, retryOf?: number): Promise<DocumentOutcome> {
    const outcome = await this.handleItem(run, item, retryOf);
    this.count(run, outcome, item.key);
    return outcome;
  }

  private count(run: Run, outcome: DocumentOutcome, documentKey: string): void {
    run.counts[outcome]++;
    run.progress(outcome, documentKey);
  }

  private async handleItem(run: Run, item: SourceItem, retryOf?: number): Promise<DocumentOutcome> {
    const store = this.deps.store;
    if (!run.dry) await store.logActivity({ subject: 'document', action: 'fetched', runId: run.runId, documentKey: item.key });
    if (!item.ok) return this.park(run, item.key, null, item.raw, null, item.error);

    const kind = kindOf(item.record);
    const recordJson = () => encodeJson(item.record);
    const ledger = await store.getLedgerEntry({ documentKey: item.key, kind });
    if (ledger?.state === 'booked') {
      if (run.dry) {
        run.dryRun!.alreadyBooked.push(item.key);
        return 'skipped';
      }
      await store.logActivity({ subject: 'document', action: 'skipped', runId: run.runId, documentKey: item.key, sinkRef: ledger.sinkId ?? undefined, message: 'already booked' });
      if (retryOf !== undefined) await store.resolveError(retryOf, 'skipped');
      if (ledger.awaitingAcknowledge) await this.acknowledge(run, item.key, kind, ledger.sinkId ?? '');
      return 'skipped';
    }
    if (ledger?.state === 'in-doubt') {
      // Not settled at the start of this run (sink unreachable): never write it blind.
      if (run.dry) run.dryRun!.inDoubt.push(item.key);
      else run.raise('transient', `the outcome of an earlier write of ${item.key} is still unknown`);
      return 'pending';
    }

    let booking: Booking;
    try {
      // Reference data is for work orders (their articles); other documents cost the sink no call for it.
      if (this.deps.loadMappingContext && isWorkOrder(item.record)) run.mappingContext ??= this.deps.loadMappingContext();
      booking = this.deps.mapper.map(item.record, run.mappingContext ? await run.mappingContext : undefined);
    } catch (error) {
      if (ERROR_POLICY[classifyError(error)].parkDocument) return this.park(run, item.key, kind, item.raw, recordJson(), error);
      run.mappingContext = undefined;
      this.writeStopped(run, error, item.key);
      return 'pending';
    }

    if (run.dry) {
      run.dryRun!.wouldSend.push({ documentKey: item.key, kind, payloadHash: payloadHash(booking), booking });
      return 'booked';
    }
    await store.logActivity({ subject: 'document', action: 'mapped', runId: run.runId, documentKey: item.key, message: `${booking.entry.type} ${booking.entry.invoiceNumber} (mapping ${this.deps.mapper.version})` });
    for (const warning of booking.warnings) {
      await store.logActivity({ subject: 'document', action: 'warning', runId: run.runId, documentKey: item.key, message: this.deps.redactor.redactText(warning) });
    }
    return this.write(run, { documentKey: item.key, kind, booking, raw: item.raw, recordJson });
  }

  /** Relation, duplicate guard, intent, write, booked (or parked / left pending). */
  private async write(run: Run, work: WorkItem): Promise<DocumentOutcome> {
    const store = this.deps.store;
    const { booking } = work;
    const { bookingJson, hash } = encodeBooking(booking);
    if (run.stopWriting || run.stopRequested) {
      await store.recordPending({ documentKey: work.documentKey, kind: work.kind, invoiceNumber: booking.entry.invoiceNumber, payloadHash: hash, bookingJson, mappingVersion: this.deps.mapper.version });
      return 'pending';
    }

    if (booking.entry.type === 'invoice' && !this.deps.sink.createInvoice) {
      const error = new ConfigurationError([{ path: 'sink', message: 'this sink cannot create invoices, but the mapping produces invoices' }]);
      this.writeStopped(run, error, work.documentKey);
      await store.recordPending({ documentKey: work.documentKey, kind: work.kind, invoiceNumber: booking.entry.invoiceNumber, payloadHash: hash, bookingJson, mappingVersion: this.deps.mapper.version });
      return 'pending';
    }

    // An invoice number is claimed by one document from here to its intent: a second document with
    // the same number, in flight at the same time, is parked like one booked before.
    const invoiceNumber = booking.entry.invoiceNumber;
    const claimedBy = run.invoiceClaims.get(invoiceNumber);
    if (claimedBy !== undefined && claimedBy !== work.documentKey) return this.parkDuplicateNumber(run, work, claimedBy);
    run.invoiceClaims.set(invoiceNumber, work.documentKey);
    try {
      const sameNumber = (await store.listLedger({ invoiceNumber })).find(
        (other) => other.documentKey !== work.documentKey && (other.state === 'booked' || other.state === 'in-doubt'),
      );
      if (sameNumber) return await this.parkDuplicateNumber(run, work, sameNumber.documentKey);

      try {
        await this.ensureRelation(run, work);
      } catch (error) {
        if (error instanceof WriteHeld) {
          await store.recordPending({ documentKey: work.documentKey, kind: work.kind, invoiceNumber, payloadHash: hash, bookingJson, mappingVersion: this.deps.mapper.version });
          return 'pending';
        }
        if (ERROR_POLICY[classifyError(error)].parkDocument) return await this.park(run, work.documentKey, work.kind, work.raw, work.recordJson(), error);
        this.writeStopped(run, error, work.documentKey);
        await store.recordPending({ documentKey: work.documentKey, kind: work.kind, invoiceNumber, payloadHash: hash, bookingJson, mappingVersion: this.deps.mapper.version });
        return 'pending';
      }
      // Writing may have stopped while this document waited for its relation.
      if (run.stopWriting || run.stopRequested) {
        await store.recordPending({ documentKey: work.documentKey, kind: work.kind, invoiceNumber, payloadHash: hash, bookingJson, mappingVersion: this.deps.mapper.version });
        return 'pending';
      }

      await store.recordIntent({
        documentKey: work.documentKey,
        kind: work.kind,
        invoiceNumber,
        payloadHash: hash,
        bookingJson,
        mappingVersion: this.deps.mapper.version,
        runId: run.runId,
      });
    } finally {
      if (run.invoiceClaims.get(invoiceNumber) === work.documentKey) run.invoiceClaims.delete(invoiceNumber);
    }
    let sinkId: string;
    let message: string | undefined;
    // The administration already held this invoice number (a lost state, a booking by hand): the
    // document is marked booked so it is never sent again, and counted as skipped, not booked.
    let bookedElsewhere = false;
    try {
      const result = await this.send(run, booking);
      sinkId = result.sinkId;
      message = result.settled ? 'settled: found in the bookkeeping after an unclear write' : undefined;
    } catch (error) {
      if (error instanceof WriteHeld) {
        // Writing stopped while this document waited for a call slot: nothing was sent.
        await store.recordPending({ documentKey: work.documentKey, kind: work.kind, invoiceNumber, payloadHash: hash, bookingJson, mappingVersion: this.deps.mapper.version });
        return 'pending';
      }
      if (error instanceof RejectedError && error.alreadyBooked) {
        let found;
        try {
          found = await this.withRetry(() => this.sinkCall(run, (sink) => sink.findBooked(booking)));
        } catch (lookupError) {
          this.writeStopped(run, lookupError, work.documentKey);
          return 'pending'; // stays in doubt
        }
        if (!found) return this.park(run, work.documentKey, work.kind, work.raw, work.recordJson(), error);
        sinkId = found.sinkId;
        bookedElsewhere = true;
        // Every write of ours was asked about first (in-doubt settlement, send's retries): this one is not ours.
        message = `already booked elsewhere: the administration already had invoice number ${booking.entry.invoiceNumber}; not booked again`;
      } else if (ERROR_POLICY[classifyError(error)].parkDocument) {
        return this.park(run, work.documentKey, work.kind, work.raw, work.recordJson(), error);
      } else {
        // Authentication, configuration or transient after the intent: the row stays in doubt and is settled next run.
        this.writeStopped(run, error, work.documentKey);
        return 'pending';
      }
    }
    await this.markBooked(run, work, sinkId, message);
    return bookedElsewhere ? 'skipped' : 'booked';
  }

  /** Sends the booking; a retry after a transient failure first asks the sink whether the last try arrived. */
  private async send(run: Run, booking: Booking): Promise<{ sinkId: string; settled: boolean }> {
    return this.withRetry(async (attempt) => {
      if (attempt > 1) {
        const found = await this.sinkCall(run, (sink) => sink.findBooked(booking));
        if (found) return { sinkId: found.sinkId, settled: true };
      }
      const entry = booking.entry;
      const reference = await this.sinkCall(run, (sink) => {
        // The first try only: a retry's write follows its own look-up, and the row is in doubt then anyway.
        if (attempt === 1 && (run.stopWriting || run.stopRequested)) throw new WriteHeld();
        return entry.type === 'journal' ? sink.bookJournalEntry(entry) : sink.createInvoice!(entry);
      });
      return { sinkId: reference.sinkId, settled: false };
    });
  }

  private parkDuplicateNumber(run: Run, work: WorkItem, otherDocumentKey: string): Promise<DocumentOutcome> {
    const error = new RejectedError(`invoice number ${work.booking.entry.invoiceNumber} is already used by document ${otherDocumentKey}`, {
      code: 'DUPLICATE_INVOICE_NUMBER',
      hint: 'give each document its own invoice number in the mapping',
    });
    return this.park(run, work.documentKey, work.kind, work.raw, work.recordJson(), error);
  }

  /**
   * One sink call in the run's call slots (waiting for a retry holds no slot). An authentication or
   * configuration error stops writing before the slot goes to the next call.
   */
  private sinkCall<T>(run: Run, call: (sink: AccountingSink) => Promise<T>): Promise<T> {
    return run.sinkCalls.run(undefined, async () => {
      try {
        return await call(this.deps.sink);
      } catch (error) {
        const errorClass = classifyError(error);
        if (errorClass === 'authentication' || errorClass === 'configuration') this.writeStopped(run, error, 'a sink call');
        throw error;
      }
    });
  }

  private async ensureRelation(run: Run, work: WorkItem): Promise<void> {
    const relation = work.booking.relation;
    const known = run.relations.get(relation.code);
    if (known) return known;
    const ensured = (async () => {
      const result = await this.withRetry(() =>
        this.sinkCall(run, (sink) => {
          // A relation write that waited for a call slot while writing stopped is never sent.
          if (run.stopWriting || run.stopRequested) throw new WriteHeld();
          return sink.ensureRelation(relation);
        }),
      );
      if (result.created) run.counts.relationsCreated++;
      await this.deps.store.logActivity({
        subject: 'relation',
        action: result.created ? 'created' : 'existing',
        runId: run.runId,
        documentKey: work.documentKey,
        relationCode: result.code,
        message: this.deps.redactor.redactText(relation.relation.name),
      });
    })();
    run.relations.set(relation.code, ensured);
    // Once ensured, the code keeps only a shared settled promise (a run may see 30,000 customers).
    ensured.then(
      () => run.relations.get(relation.code) === ensured && run.relations.set(relation.code, ENSURED),
      () => run.relations.delete(relation.code),
    );
    return ensured;
  }

  private async markBooked(run: Run, ref: { documentKey: string; kind: string }, sinkId: string, message?: string): Promise<void> {
    const acknowledgeRequired = this.deps.source.acknowledge !== undefined;
    await this.deps.store.recordBooked({ ...ref, sinkId, acknowledgeRequired, runId: run.runId, message });
    if (run.sinkWasRed) {
      run.sinkWasRed = false;
      await this.deps.store.saveCheck('sink', { ok: true });
    }
    if (acknowledgeRequired) await this.acknowledge(run, ref.documentKey, ref.kind, sinkId);
  }

  private async acknowledge(run: Run, documentKey: string, kind: string, sinkId: string): Promise<void> {
    const acknowledge = this.deps.source.acknowledge;
    if (!acknowledge) return;
    try {
      await this.withRetry(() => acknowledge.call(this.deps.source, documentKey, sinkId));
    } catch (error) {
      const message = this.deps.redactor.redactText(describeError(error));
      await this.deps.store.logActivity({ subject: 'document', action: 'warning', runId: run.runId, documentKey, sinkRef: sinkId, message: `booked, but the source was not told yet (next run tries again): ${message}` });
      return;
    }
    await this.deps.store.recordAcknowledged({ documentKey, kind });
    await this.deps.store.logActivity({ subject: 'document', action: 'acknowledged', runId: run.runId, documentKey, sinkRef: sinkId });
    run.counts.acknowledged++;
  }

  // Errors.

  private async park(run: Run, documentKey: string, kind: string | null, raw: unknown, recordJson: string | null, error: unknown): Promise<DocumentOutcome> {
    const info = this.errorInfo(error);
    if (run.dry) {
      run.dryRun!.gaps.push({ documentKey, ...info });
      return 'parked';
    }
    await this.deps.store.recordParked({ documentKey, kind, raw, recordJson, error: info, runId: run.runId });
    this.logger.warn(`parked ${documentKey}: ${info.message}`, { runId: run.runId, errorClass: info.errorClass, code: info.code });
    return 'parked';
  }

  /** An error that is no fault of the document: stop writing (authentication, configuration) or leave it for later (transient). */
  private writeStopped(run: Run, error: unknown, documentKey: string, side: 'source' | 'sink' = 'sink'): void {
    const errorClass = classifyError(error);
    const message = this.deps.redactor.redactText(describeError(error));
    if (errorClass === 'transient') {
      run.raise('transient', `the sink or source stayed unreachable (${message}); ${documentKey} and the rest wait for the next run`);
      return;
    }
    if (errorClass === 'authentication' || errorClass === 'configuration') {
      const first = !run.stopWriting;
      run.stopWriting = true;
      run.raise(errorClass, message);
      if (first && !run.dry) void this.saveRed(side, error);
      return;
    }
    run.raise('internal', message);
  }

  private async saveRed(side: 'source' | 'sink', error: unknown): Promise<void> {
    const info = this.errorInfo(error);
    try {
      await this.deps.store.saveCheck(side, { ok: false, reason: info.message, hint: info.hint, errorClass: info.errorClass });
    } catch (storeError) {
      this.logger.error('could not save the red dot', { error: this.deps.redactor.redactText(describeError(storeError)) });
    }
  }

  private errorInfo(error: unknown): ErrorInfo {
    const redact = (text: string | undefined) => (text === undefined ? undefined : this.deps.redactor.redactText(text));
    const info: ErrorInfo = {
      errorClass: classifyError(error),
      message: redact(error instanceof Error ? error.message : String(error)) ?? '',
    };
    if (KoppelwerkError.is(error)) {
      info.code = redact(error.code);
      info.hint = redact(error.hint);
      if (error instanceof RecordError) info.field = redact(error.field);
    }
    return info;
  }

  private withRetry<T>(operation: (attempt: number) => Promise<T>): Promise<T> {
    const retry = this.options.retry ?? {};
    return withRetry(operation, {
      ...retry,
      onRetry: (info) => {
        this.logger.debug(`retrying after a transient error in ${info.delayMs} ms`, { attempt: info.attempt, error: this.deps.redactor.redactText(describeError(info.error)) });
        retry.onRetry?.(info);
      },
    });
  }
}

export function kindOf(record: SourceRecord): string {
  return isWorkOrder(record) ? 'work-order' : record.kind;
}

function parseRaw(rawJson: string | null): unknown {
  return rawJson === null ? undefined : JSON.parse(rawJson);
}
