/**
 * The e-Boekhouden sink: relations, journal entries (AddMutatie) and invoices (AddFactuur) over
 * SOAP, with look-ups for already-booked documents and the reference data the mapping and the
 * import direction need.
 */
import { inject, injectable } from 'inversify';
import {
  KoppelwerkError,
  RejectedError,
  describeError,
  isKnownVatCode,
  VAT_CODES,
  type AccountingSink,
  type Article,
  type BookedReference,
  type Booking,
  type BookkeepingRelation,
  type CheckResult,
  type EnsuredRelation,
  type InvoiceEntry,
  type JournalEntry,
  type Ledger,
  type ModuleContext,
  type RelationToEnsure,
  redCheck,
} from '@koppelwerk/core';
import { fromArtikel, type CArtikel } from './artikel-mapper';
import { CODES_HINT } from './eboekhouden-config';
import { EboekhoudenRelations } from './eboekhouden-relations';
import { EboekhoudenSession } from './eboekhouden-session';
import { EboekhoudenModuleContext } from './eboekhouden-tokens';
import { toFactuur } from './factuur-mapper';
import { toMutatie } from './mutatie-mapper';
import { EARLIEST_DATE, LATEST_DATE, listOf, text } from './wire-format';

/** GetMutaties returns at most this many mutations per call. */
export const MUTATIES_PAGE_SIZE = 500;

type CMutatieList = Record<string, unknown> & { MutatieNr?: number; Factuurnummer?: string };

@injectable()
export class EboekhoudenSink implements AccountingSink {
  constructor(
    @inject(EboekhoudenSession) private readonly session: EboekhoudenSession,
    @inject(EboekhoudenRelations) private readonly relations: EboekhoudenRelations,
    @inject(EboekhoudenModuleContext) private readonly context: ModuleContext,
  ) {}

  async check(options: { ledgers?: string[]; vatCodes?: string[] } = {}): Promise<CheckResult> {
    try {
      await this.session.ensureOpen();
      const details: string[] = [];
      const wantedLedgers = [...new Set(options.ledgers ?? [])];
      if (wantedLedgers.length > 0) {
        const known = new Set((await this.listLedgers()).map((l) => l.code));
        for (const code of wantedLedgers.filter((c) => !known.has(c))) {
          details.push(`ledger ${code} does not exist in e-Boekhouden: add it under Beheer > Inrichting > Grootboekrekeningen or change the mapping`);
        }
      }
      for (const code of [...new Set(options.vatCodes ?? [])].filter((c) => !isKnownVatCode(c))) {
        details.push(`VAT code ${code} is not an e-Boekhouden VAT code; use one of ${VAT_CODES.map((v) => v.code).join(', ')}`);
      }
      if (details.length > 0) {
        return { ok: false, reason: 'the mapping uses ledgers or VAT codes e-Boekhouden does not know', details, errorClass: 'configuration' };
      }
      return { ok: true };
    } catch (error) {
      return redDot(error);
    }
  }

  ensureRelation(relation: RelationToEnsure): Promise<EnsuredRelation> {
    return this.relations.ensure(relation);
  }

  async bookJournalEntry(entry: JournalEntry): Promise<BookedReference> {
    const oMut = toMutatie(entry);
    try {
      const result = await this.session.call('AddMutatie', { oMut });
      const sinkId = text(result?.Mutatienummer);
      this.context.logger.debug('mutation booked in e-Boekhouden', { invoiceNumber: entry.invoiceNumber, mutation: sinkId });
      return { sinkId };
    } catch (error) {
      throw await this.settleRejection(error, () => this.findMutation(entry.invoiceNumber));
    }
  }

  async createInvoice(invoice: InvoiceEntry): Promise<BookedReference> {
    const oFact = toFactuur(invoice);
    try {
      const result = await this.session.call('AddFactuur', { oFact });
      const sinkId = text(result?.Factuurnummer) || invoice.invoiceNumber;
      this.context.logger.debug('invoice created in e-Boekhouden', { invoiceNumber: sinkId });
      return { sinkId };
    } catch (error) {
      throw await this.settleRejection(error, () => (invoice.invoiceNumber ? this.findInvoice(invoice.invoiceNumber) : Promise.resolve(null)));
    }
  }

  async findBooked(booking: Booking): Promise<BookedReference | null> {
    const entry = booking.entry;
    if (entry.type === 'invoice') {
      return (await this.findInvoice(entry.invoiceNumber)) ?? (entry.bookInLedger ? this.findMutation(entry.invoiceNumber) : null);
    }
    return this.findMutation(entry.invoiceNumber);
  }

  async listLedgers(): Promise<Ledger[]> {
    const result = await this.session.call('GetGrootboekrekeningen', { cFilter: { ID: 0 } });
    return listOf<Record<string, unknown>>(result?.Rekeningen).map((raw) => ({
      code: text(raw.Code),
      description: text(raw.Omschrijving),
      category: text(raw.Categorie) || undefined,
      group: text(raw.Groep) || undefined,
    }));
  }

  async listVatCodes(): Promise<string[]> {
    return VAT_CODES.map((v) => v.code);
  }

  async listArticles(): Promise<Article[]> {
    const result = await this.session.call('GetArtikelen', { cFilter: {} });
    return listOf<CArtikel>(result?.Artikelen).map(fromArtikel);
  }

  listRelations(): Promise<BookkeepingRelation[]> {
    return this.relations.list();
  }

  close(): Promise<void> {
    return this.session.close();
  }

  /** Every mutation with this invoice number, paging past the 500-row cap with MutatieNrVan. */
  async mutationsByInvoiceNumber(invoiceNumber: string): Promise<CMutatieList[]> {
    const found: CMutatieList[] = [];
    let from = 0;
    for (;;) {
      const filter = {
        MutatieNr: 0,
        MutatieNrVan: from > 0 ? from : undefined,
        Factuurnummer: invoiceNumber,
        DatumVan: EARLIEST_DATE,
        DatumTm: LATEST_DATE,
      };
      const result = await this.session.call('GetMutaties', { cFilter: filter });
      const page = listOf<CMutatieList>(result?.Mutaties);
      found.push(...page.filter((m) => text(m.Factuurnummer) === invoiceNumber));
      if (page.length < MUTATIES_PAGE_SIZE) return found;
      from = Math.max(...page.map((m) => Number(m.MutatieNr ?? 0))) + 1;
    }
  }

  private async findMutation(invoiceNumber: string): Promise<BookedReference | null> {
    const [first] = await this.mutationsByInvoiceNumber(invoiceNumber);
    return first ? { sinkId: text(first.MutatieNr) } : null;
  }

  private async findInvoice(invoiceNumber: string): Promise<BookedReference | null> {
    const filter = { Factuurnummer: invoiceNumber, DatumVan: EARLIEST_DATE, DatumTm: LATEST_DATE };
    const result = await this.session.call('GetFacturen', { cFilter: filter });
    const match = listOf<Record<string, unknown>>(result?.Facturen).find((f) => text(f.Factuurnummer) === invoiceNumber);
    return match ? { sinkId: invoiceNumber } : null;
  }

  /**
   * A refused write may be a duplicate the service words in its own way: when the document can be
   * found by its invoice number, the error says so (alreadyBooked), whatever the code was.
   */
  private async settleRejection(error: unknown, lookup: () => Promise<BookedReference | null>): Promise<unknown> {
    if (!KoppelwerkError.is(error) || error.errorClass !== 'rejected' || (error as RejectedError).alreadyBooked) return error;
    try {
      const existing = await lookup();
      if (!existing) return error;
      return new RejectedError(`${error.message} (already booked as ${existing.sinkId})`, {
        code: error.code,
        alreadyBooked: true,
        hint: 'the document is already in e-Boekhouden; nothing to do',
      });
    } catch {
      return error;
    }
  }
}

/** A red dot with a reason a person can act on. */
function redDot(error: unknown): CheckResult {
  if (!KoppelwerkError.is(error)) return { ok: false, reason: describeError(error), errorClass: 'transient' };
  switch (error.errorClass) {
    case 'authentication':
      return {
        ok: false,
        reason: 'e-Boekhouden refused the username and security codes',
        hint: CODES_HINT,
        details: [error.message],
        errorClass: 'authentication',
      };
    case 'configuration':
      return { ok: false, reason: error.message, hint: error.hint, errorClass: 'configuration' };
    case 'transient':
      return {
        ok: false,
        reason: `e-Boekhouden cannot be reached: ${error.message}`,
        hint: error.hint ?? 'check the internet connection; nothing is lost, the next run tries again',
        errorClass: 'transient',
      };
    default:
      return redCheck(error);
  }
}
