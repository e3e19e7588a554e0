/**
 * One document as the source delivered it: an unreadable one is parked, a booked one skipped (and
 * acknowledged if still due), an in-doubt one left pending; the rest is mapped and handed to the
 * booking writer.
 */
import { ERROR_POLICY, classifyError, isWorkOrder, redactParams, type BookedReference, type Booking, type SourceItem, type SourceRecord } from '@koppelwerk/core';
import type { BookingWriter } from './booking-writer';
import type { DocumentParking } from './document-parking';
import type { EngineContext } from './engine-context';
import { encodeJson } from './json-codec';
import { payloadHash } from './payload-hash';
import type { Run } from './run-state';
import type { ActivityStore, ErrorQueueStore, LedgerStore } from './state-store';
import type { DocumentOutcome } from './sync-summary';
import { activityText, worded } from './worded';

export class DocumentProcessor {
  constructor(
    private readonly ctx: EngineContext,
    private readonly store: LedgerStore & ActivityStore & ErrorQueueStore,
    private readonly writer: BookingWriter,
    private readonly parking: DocumentParking,
  ) {}

  /** Handles one document and counts its outcome; `retryOf` is the error-queue entry it retries. */
  async processItem(run: Run, item: SourceItem, retryOf?: number): Promise<DocumentOutcome> {
    const outcome = await this.handleItem(run, item, retryOf);
    run.count(outcome, item.key);
    return outcome;
  }

  private async handleItem(run: Run, item: SourceItem, retryOf?: number): Promise<DocumentOutcome> {
    const store = this.store;
    if (!run.dry) await store.logActivity({ subject: 'document', action: 'fetched', runId: run.runId, documentKey: item.key });
    if (!item.ok) return this.parking.park(run, item.key, null, item.raw, null, item.error);

    const kind = kindOf(item.record);
    const recordJson = () => encodeJson(item.record);
    const ledger = await store.getLedgerEntry({ documentKey: item.key, kind });
    if (ledger?.state === 'booked') {
      if (run.dry) {
        run.dryRun!.alreadyBooked.push(item.key);
        return 'skipped';
      }
      await store.logActivity({ subject: 'document', action: 'skipped', runId: run.runId, documentKey: item.key, sinkRef: ledger.sinkId ?? undefined, ...activityText(worded.text('ACT_ALREADY_BOOKED', {})) });
      if (retryOf !== undefined) await store.resolveError(retryOf, 'skipped');
      if (ledger.awaitingAcknowledge) await this.writer.acknowledge(run, item.key, kind, ledger.sinkId ?? '');
      return 'skipped';
    }
    if (ledger?.state === 'in-doubt') {
      // Not settled at the start of this run (sink unreachable): never write it blind.
      if (run.dry) run.dryRun!.inDoubt.push(item.key);
      else {
        const said = worded.text('RUN_OUTCOME_UNKNOWN', { documentKey: item.key });
        run.raise('transient', said.message, said);
      }
      return 'pending';
    }

    let booking: Booking;
    try {
      // Reference data is for work orders (their articles); other documents cost the sink no call for it.
      if (this.ctx.deps.loadMappingContext && isWorkOrder(item.record)) run.mappingContext ??= this.ctx.deps.loadMappingContext();
      booking = this.ctx.deps.mapper.map(item.record, run.mappingContext ? await run.mappingContext : undefined);
    } catch (error) {
      if (ERROR_POLICY[classifyError(error)].parkDocument) return this.parking.park(run, item.key, kind, item.raw, recordJson(), error);
      run.mappingContext = undefined;
      this.ctx.writeStopped(run, error, item.key);
      return 'pending';
    }

    if (run.dry) return this.planDry(run, item.key, kind, booking);
    const mapped = worded.text('ACT_MAPPED', { type: booking.entry.type, invoiceNumber: booking.entry.invoiceNumber, version: this.ctx.deps.mapper.version });
    await store.logActivity({ subject: 'document', action: 'mapped', runId: run.runId, documentKey: item.key, ...activityText(mapped) });
    const redact = (text: string) => this.ctx.deps.redactor.redactText(text);
    for (const [i, warning] of booking.warnings.entries()) {
      const text = booking.warningTexts?.[i];
      const coded = text ? { code: text.code, params: redactParams(text.params, redact) } : {};
      await store.logActivity({ subject: 'document', action: 'warning', runId: run.runId, documentKey: item.key, message: redact(warning), ...coded });
    }
    return this.writer.write(run, { documentKey: item.key, kind, booking, raw: item.raw, recordJson });
  }

  /**
   * What a sync would do with a mapped document, found the way a sync finds it: the sink is asked
   * whether the administration already holds its invoice number (a sync would be refused there,
   * find it, mark it booked and skip it). When the sink cannot be asked, the dry run says why once
   * and lists every document it would send.
   */
  private async planDry(run: Run, documentKey: string, kind: string, booking: Booking): Promise<DocumentOutcome> {
    const report = run.dryRun!;
    const planned = { documentKey, kind, payloadHash: payloadHash(booking), booking };
    // Listed in reading order; taken out again when the sink turns out to hold it.
    report.wouldSend.push(planned);
    if (report.sinkNotAsked) return 'booked';
    let found: BookedReference | null;
    try {
      found = await this.writer.findInSink(run, booking);
    } catch (error) {
      if (!report.sinkNotAsked) {
        const { errorClass, code, message, hint } = this.ctx.errorInfo(error);
        report.sinkNotAsked = { errorClass, message, ...(code !== undefined ? { code } : {}), ...(hint !== undefined ? { hint } : {}) };
        const outcome = errorClass === 'authentication' || errorClass === 'configuration' || errorClass === 'transient' ? errorClass : 'internal';
        const said = worded.text('RUN_SINK_NOT_ASKED', this.ctx.causeParams(error, { withHint: false }));
        run.raise(outcome, said.message, said);
      }
      return 'booked';
    }
    if (!found) return 'booked';
    report.wouldSend.splice(report.wouldSend.lastIndexOf(planned), 1);
    (report.alreadyInBooks ??= []).push({ documentKey, sinkId: found.sinkId });
    return 'skipped';
  }
}

export function kindOf(record: SourceRecord): string {
  return isWorkOrder(record) ? 'work-order' : record.kind;
}
