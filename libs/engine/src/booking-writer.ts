/**
 * Writing one booking exactly once: the duplicate-number guard, the relation, the intent committed
 * before the sink is called, the write with its retries, and the booked row with its acknowledge.
 */
import { ConfigurationError, ERROR_POLICY, RejectedError, classifyError, type AccountingSink, type BookedReference, type Booking, type MessageParams } from '@koppelwerk/core';
import type { DocumentParking } from './document-parking';
import type { EngineContext } from './engine-context';
import { encodeBooking } from './payload-hash';
import { WriteHeld, type Run, type WorkItem } from './run-state';
import type { ActivityStore, LedgerStore, RunStore } from './state-store';
import type { DocumentOutcome } from './sync-summary';
import { activityText, worded } from './worded';

/** The settled promise every ensured relation code of a run shares (see ensureRelation). */
const ENSURED: Promise<void> = Promise.resolve();

export class BookingWriter {
  constructor(
    private readonly ctx: EngineContext,
    private readonly store: LedgerStore & ActivityStore & RunStore,
    private readonly parking: DocumentParking,
  ) {}

  /** Relation, duplicate guard, intent, write, booked (or parked / left pending). */
  async write(run: Run, work: WorkItem): Promise<DocumentOutcome> {
    const store = this.store;
    const { booking } = work;
    const encoded = encodeBooking(booking);
    if (run.stopWriting || run.stopRequested) return this.leavePending(work, encoded);

    if (booking.entry.type === 'invoice' && !this.ctx.deps.sink.createInvoice) {
      const error = new ConfigurationError([worded.problem('sink', 'SINK_CANNOT_INVOICE', {})]);
      this.ctx.writeStopped(run, error, work.documentKey);
      return this.leavePending(work, encoded);
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
        // Awaited inside the try: the number stays claimed until the row is written.
        if (error instanceof WriteHeld) return await this.leavePending(work, encoded);
        if (ERROR_POLICY[classifyError(error)].parkDocument) return await this.parkWork(run, work, error);
        this.ctx.writeStopped(run, error, work.documentKey);
        return await this.leavePending(work, encoded);
      }
      // Writing may have stopped while this document waited for its relation.
      if (run.stopWriting || run.stopRequested) return await this.leavePending(work, encoded);

      await store.recordIntent({
        documentKey: work.documentKey,
        kind: work.kind,
        invoiceNumber,
        payloadHash: encoded.hash,
        bookingJson: encoded.bookingJson,
        mappingVersion: this.ctx.deps.mapper.version,
        runId: run.runId,
      });
    } finally {
      if (run.invoiceClaims.get(invoiceNumber) === work.documentKey) run.invoiceClaims.delete(invoiceNumber);
    }
    let sinkId: string;
    let message: { message: string; code: string; params: MessageParams } | undefined;
    // The administration already held this invoice number (a lost state, a booking by hand): the
    // document is marked booked so it is never sent again, and counted as skipped, not booked.
    let bookedElsewhere = false;
    try {
      const result = await this.send(run, booking);
      sinkId = result.sinkId;
      message = result.settled ? worded.text('ACT_SETTLED', { afterUnclearWrite: 'yes' }) : undefined;
    } catch (error) {
      // Writing stopped while this document waited for a call slot: nothing was sent.
      if (error instanceof WriteHeld) return this.leavePending(work, encoded);
      if (error instanceof RejectedError && error.alreadyBooked) {
        let found;
        try {
          found = await this.findInSink(run, booking);
        } catch (lookupError) {
          this.ctx.writeStopped(run, lookupError, work.documentKey);
          return 'pending'; // stays in doubt
        }
        if (!found) return this.parkWork(run, work, error);
        sinkId = found.sinkId;
        bookedElsewhere = true;
        // Every write of ours was asked about first (in-doubt settlement, send's retries): this one is not ours.
        message = worded.text('ACT_BOOKED_ELSEWHERE', { invoiceNumber: booking.entry.invoiceNumber });
      } else if (ERROR_POLICY[classifyError(error)].parkDocument) {
        return this.parkWork(run, work, error);
      } else {
        // Authentication, configuration or transient after the intent: the row stays in doubt and is settled next run.
        this.ctx.writeStopped(run, error, work.documentKey);
        return 'pending';
      }
    }
    await this.markBooked(run, work, sinkId, message);
    return bookedElsewhere ? 'skipped' : 'booked';
  }

  /**
   * Does the sink already hold this booking (by its invoice number)? The one look-up of every path:
   * settling an in-doubt write, a write refused as a duplicate, and a dry run. Retried, in the run's
   * call slots. In a sync a refusal (credentials, configuration) stops writing; a dry run writes
   * nothing, so there it only fails the look-up, and the dry run reports it.
   */
  findInSink(run: Run, booking: Booking): Promise<BookedReference | null> {
    const lookUp = (sink: AccountingSink) => sink.findBooked(booking);
    return this.ctx.withRetry(() => (run.dry ? run.sinkCalls.run(undefined, () => lookUp(this.ctx.deps.sink)) : this.ctx.sinkCall(run, lookUp)));
  }

  /** Sends the booking; a retry after a transient failure first asks the sink whether the last try arrived. */
  private async send(run: Run, booking: Booking): Promise<{ sinkId: string; settled: boolean }> {
    return this.ctx.withRetry(async (attempt) => {
      if (attempt > 1) {
        const found = await this.ctx.sinkCall(run, (sink) => sink.findBooked(booking));
        if (found) return { sinkId: found.sinkId, settled: true };
      }
      const entry = booking.entry;
      const reference = await this.ctx.sinkCall(run, (sink) => {
        // The first try only: a retry's write follows its own look-up, and the row is in doubt then anyway.
        if (attempt === 1 && (run.stopWriting || run.stopRequested)) throw new WriteHeld();
        return entry.type === 'journal' ? sink.bookJournalEntry(entry) : sink.createInvoice!(entry);
      });
      return { sinkId: reference.sinkId, settled: false };
    });
  }

  /** Leaves the document for a later run, pending with the booking it would have sent. */
  private async leavePending(work: WorkItem, encoded: { bookingJson: string; hash: string }): Promise<'pending'> {
    const { documentKey, kind, booking } = work;
    await this.store.recordPending({ documentKey, kind, invoiceNumber: booking.entry.invoiceNumber, payloadHash: encoded.hash, bookingJson: encoded.bookingJson, mappingVersion: this.ctx.deps.mapper.version });
    return 'pending';
  }

  private parkWork(run: Run, work: WorkItem, error: unknown): Promise<DocumentOutcome> {
    return this.parking.park(run, work.documentKey, work.kind, work.raw, work.recordJson(), error);
  }

  private parkDuplicateNumber(run: Run, work: WorkItem, otherDocumentKey: string): Promise<DocumentOutcome> {
    const error = new RejectedError(...worded('DUPLICATE_INVOICE_NUMBER', { invoiceNumber: work.booking.entry.invoiceNumber, otherDocument: otherDocumentKey }));
    return this.parkWork(run, work, error);
  }

  private async ensureRelation(run: Run, work: WorkItem): Promise<void> {
    const relation = work.booking.relation;
    const known = run.relations.get(relation.code);
    if (known) return known;
    const ensured = (async () => {
      const result = await this.ctx.withRetry(() =>
        this.ctx.sinkCall(run, (sink) => {
          // A relation write that waited for a call slot while writing stopped is never sent.
          if (run.stopWriting || run.stopRequested) throw new WriteHeld();
          return sink.ensureRelation(relation);
        }),
      );
      if (result.created) run.counts.relationsCreated++;
      await this.store.logActivity({
        subject: 'relation',
        action: result.created ? 'created' : 'existing',
        runId: run.runId,
        documentKey: work.documentKey,
        relationCode: result.code,
        message: this.ctx.deps.redactor.redactText(relation.relation.name),
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

  /** Marks a document booked; `said` is the activity line's text beside "booked" (settled, booked elsewhere). */
  async markBooked(run: Run, ref: { documentKey: string; kind: string }, sinkId: string, said?: { message: string; code: string; params: MessageParams }): Promise<void> {
    const acknowledgeRequired = this.ctx.deps.source.acknowledge !== undefined;
    const text = said ? { message: said.message, messageCode: said.code, messageParams: said.params } : {};
    await this.store.recordBooked({ ...ref, sinkId, acknowledgeRequired, runId: run.runId, ...text });
    if (run.sinkWasRed) {
      run.sinkWasRed = false;
      await this.store.saveCheck('sink', { ok: true });
    }
    if (acknowledgeRequired) await this.acknowledge(run, ref.documentKey, ref.kind, sinkId);
  }

  async acknowledge(run: Run, documentKey: string, kind: string, sinkId: string): Promise<void> {
    const acknowledge = this.ctx.deps.source.acknowledge;
    if (!acknowledge) return;
    try {
      await this.ctx.withRetry(() => acknowledge.call(this.ctx.deps.source, documentKey, sinkId));
    } catch (error) {
      const said = worded.text('ACT_NOT_ACKNOWLEDGED', this.ctx.causeParams(error));
      await this.store.logActivity({ subject: 'document', action: 'warning', runId: run.runId, documentKey, sinkRef: sinkId, ...activityText(said) });
      return;
    }
    await this.store.recordAcknowledged({ documentKey, kind });
    await this.store.logActivity({ subject: 'document', action: 'acknowledged', runId: run.runId, documentKey, sinkRef: sinkId });
    run.counts.acknowledged++;
  }
}
