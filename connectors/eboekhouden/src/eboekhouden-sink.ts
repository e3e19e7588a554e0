/**
 * The e-Boekhouden sink: relations, journal entries and invoices, with look-ups for
 * already-booked documents and the reference data the mapping and the import direction need. What
 * goes on the wire is the transport's (SOAP or REST, `sink.settings.api`); what is refused before
 * it goes out (eboekhouden-validation.ts) and what counts as booked, checked or refused is decided
 * here, the same for both.
 */
import { inject, injectable } from 'inversify';
import {
  KoppelwerkError,
  RejectedError,
  errorParams,
  isKnownVatCode,
  VAT_CODES,
  type AccountingSink,
  type Article,
  type BookedReference,
  type Booking,
  type BookingPeriod,
  type BookkeepingRelation,
  type BooksEntry,
  type CheckResult,
  type EnsuredRelation,
  type InvoiceEntry,
  type JournalEntry,
  type Ledger,
  type ModuleContext,
  type RelationToEnsure,
  redCheck,
  type MessageParams,
} from '@koppelwerk/core';
import { EboekhoudenModuleContext } from './eboekhouden-tokens';
import { EboekhoudenTransport } from './eboekhouden-transport';
import { validateInvoice, validateJournalEntry, validateRelationCode } from './eboekhouden-validation';
import { dateText } from './wire-format';
import { worded } from './eboekhouden-messages';

@injectable()
export class EboekhoudenSink implements AccountingSink {
  constructor(
    @inject(EboekhoudenTransport) private readonly transport: EboekhoudenTransport,
    @inject(EboekhoudenModuleContext) private readonly context: ModuleContext,
  ) {}

  async check(options: { ledgers?: string[]; vatCodes?: string[] } = {}): Promise<CheckResult> {
    try {
      await this.transport.verify();
      const said = [];
      const wantedLedgers = [...new Set(options.ledgers ?? [])];
      if (wantedLedgers.length > 0) {
        const known = new Set((await this.listLedgers()).map((l) => l.code));
        for (const ledger of wantedLedgers.filter((c) => !known.has(c))) said.push(worded.text('EB_CHECK_LEDGER_MISSING', { ledger }));
      }
      for (const vatCode of [...new Set(options.vatCodes ?? [])].filter((c) => !isKnownVatCode(c))) {
        said.push(worded.text('EB_CHECK_VAT_CODE', { vatCode, known: VAT_CODES.map((v) => v.code).join(', ') }));
      }
      if (said.length > 0) {
        const reason = worded.text('EB_CHECK_MAPPING', {});
        const details = { details: said.map((t) => t.message), detailTexts: said.map(({ code, params }) => ({ code, params })) };
        return { ok: false, reason: reason.message, code: reason.code, params: reason.params, ...details, errorClass: 'configuration' };
      }
      return { ok: true };
    } catch (error) {
      return this.redDot(error);
    }
  }

  async ensureRelation(relation: RelationToEnsure): Promise<EnsuredRelation> {
    validateRelationCode(relation.code, this.transport.api);
    return this.transport.ensureRelation(relation);
  }

  async bookJournalEntry(entry: JournalEntry): Promise<BookedReference> {
    validateJournalEntry(entry, this.transport.api);
    try {
      return await this.transport.addMutation(entry);
    } catch (error) {
      throw await this.settleRejection(error, () => this.transport.findMutation(entry.invoiceNumber));
    }
  }

  async createInvoice(invoice: InvoiceEntry): Promise<BookedReference> {
    validateInvoice(invoice, this.transport.api);
    try {
      return await this.transport.addInvoice(invoice);
    } catch (error) {
      throw await this.settleRejection(error, () => (invoice.invoiceNumber ? this.transport.findInvoice(invoice.invoiceNumber) : Promise.resolve(null)));
    }
  }

  async findBooked(booking: Booking): Promise<BookedReference | null> {
    const entry = booking.entry;
    if (entry.type === 'invoice') {
      return (await this.transport.findInvoice(entry.invoiceNumber)) ?? (entry.bookInLedger ? this.transport.findMutation(entry.invoiceNumber) : null);
    }
    return this.transport.findMutation(entry.invoiceNumber);
  }

  listLedgers(): Promise<Ledger[]> {
    return this.transport.listLedgers();
  }

  async listVatCodes(): Promise<string[]> {
    return VAT_CODES.map((v) => v.code);
  }

  listArticles(): Promise<Article[]> {
    return this.transport.listArticles();
  }

  listRelations(): Promise<BookkeepingRelation[]> {
    return this.transport.listRelations();
  }

  /**
   * The mutations dated in the period that carry an invoice number, as e-Boekhouden holds them now,
   * each with its kind (an invoice sent or received, or other: a payment carries the number of the
   * invoice it pays), a page of the API at a time (SOAP: GetMutaties, 500 a call; REST: GET
   * /v1/mutation, 2,000 a call, plus a read per invoice for its rows; rest-books.ts). A period
   * outside the dates e-Boekhouden takes is refused before any call; one that ends before it
   * starts holds nothing.
   */
  async *listBooks(period: BookingPeriod): AsyncIterable<BooksEntry[]> {
    dateText(period.from, 'period.from');
    dateText(period.to, 'period.to');
    if (period.from > period.to) return;
    yield* this.transport.listMutations(period);
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  /**
   * A refused write may be a duplicate the service words in its own way: when the document can be
   * found by its invoice number, the error says so (alreadyBooked), whatever the code was. The
   * transport says which refusals claim the number is booked already (claimsAlreadyBooked).
   */
  private async settleRejection(error: unknown, lookup: () => Promise<BookedReference | null>): Promise<unknown> {
    if (!KoppelwerkError.is(error) || (error as RejectedError).alreadyBooked) return error;
    // "Invoice number in use" is only a claim until the look-up confirms it, whatever its error class.
    const claimsDuplicate = this.transport.claimsAlreadyBooked(error);
    if (error.errorClass !== 'rejected' && !claimsDuplicate) return error;
    let existing: BookedReference | null;
    try {
      existing = await lookup();
    } catch (lookupError) {
      // Unsettled: a claimed duplicate stays in doubt (the next run looks again) instead of being parked.
      return claimsDuplicate ? lookupError : error;
    }
    if (!existing) {
      if (!claimsDuplicate) return error;
      return new RejectedError(...worded('EB_DUPLICATE_NOT_FOUND', errorParams('cause', error, undefined, { withHint: false }), { code: error.code }));
    }
    this.context.logger.debug('a refused write was found booked', { code: error.code ?? null, sinkId: existing.sinkId });
    const cause = errorParams('cause', error, undefined, { withHint: false });
    return new RejectedError(...worded('EB_ALREADY_BOOKED_AS', { ...cause, sinkId: existing.sinkId }, { code: error.code, alreadyBooked: true }));
  }

  /** A red dot with a reason a person can act on. */
  private redDot(error: unknown): CheckResult {
    const coded = (text: { message: string; hint?: string; code: string; params: MessageParams }) => ({ reason: text.message, hint: text.hint, code: text.code, params: text.params });
    const cause = errorParams('cause', error, undefined, { withHint: false });
    if (!KoppelwerkError.is(error)) return { ok: false, ...coded(worded.text('EB_UNREACHABLE', { ...cause, framed: 'no' })), errorClass: 'transient' };
    switch (error.errorClass) {
      case 'authentication': {
        const refused = worded.text('EB_CREDENTIALS_REFUSED', { api: this.transport.api });
        const detail = error.code !== undefined ? { detailTexts: [{ code: error.code, params: error.params ?? {} }] } : {};
        return { ok: false, ...coded(refused), details: [error.message], ...detail, errorClass: 'authentication' };
      }
      case 'configuration':
        return redCheck(error);
      case 'transient':
        // Its own messages name e-Boekhouden already (`e-Boekhouden OpenSession got no answer from ...`).
        return { ok: false, ...coded(worded.text('EB_UNREACHABLE', { ...cause, framed: error.message.startsWith('e-Boekhouden') ? 'no' : 'yes' })), errorClass: 'transient' };
      default:
        return redCheck(error);
    }
  }
}
