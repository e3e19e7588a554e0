/**
 * The SOAP transport: e-Boekhouden's SOAP API (`/soap.asmx`) behind the transport seam. Journal
 * entries go out as AddMutatie, invoices as AddFactuur; look-ups by invoice number and the books
 * of a period page through GetMutaties past its 500-row cap, and GetFacturen. Sessions, in-band
 * errors and relations live in SoapSession and SoapRelations.
 */
import { inject, injectable } from 'inversify';
import {
  type KoppelwerkError,
  type Article,
  type BookedReference,
  type BookingPeriod,
  type BookkeepingRelation,
  type BooksEntry,
  type EnsuredRelation,
  type InvoiceEntry,
  type JournalEntry,
  type Ledger,
  type ModuleContext,
  type RelationToEnsure,
} from '@koppelwerk/core';
import { EboekhoudenModuleContext } from '../eboekhouden-tokens';
import type { EboekhoudenTransport } from '../eboekhouden-transport';
import { EARLIEST_DATE, LATEST_DATE, text } from '../wire-format';
import { fromArtikel, type CArtikel } from './mappers/artikel-mapper';
import { toFactuur } from './mappers/factuur-mapper';
import { fromMutatieList, type CMutatieList } from './mappers/mutatie-list-mapper';
import { toMutatie } from './mappers/mutatie-mapper';
import { SoapRelations } from './soap-relations';
import { SoapSession } from './soap-session';
import { listOf } from './soap-wire';

/** GetMutaties returns at most this many mutations per call. */
export const MUTATIES_PAGE_SIZE = 500;

/** What GetMutaties is asked for besides the paging: an invoice number and/or a date range. */
interface MutatieSelection {
  Factuurnummer?: string;
  DatumVan: string;
  DatumTm: string;
}

@injectable()
export class SoapTransport implements EboekhoudenTransport {
  readonly api = 'soap' as const;

  constructor(
    @inject(SoapSession) private readonly session: SoapSession,
    @inject(SoapRelations) private readonly relations: SoapRelations,
    @inject(EboekhoudenModuleContext) private readonly context: ModuleContext,
  ) {}

  verify(): Promise<void> {
    return this.session.ensureOpen();
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

  async listArticles(): Promise<Article[]> {
    const result = await this.session.call('GetArtikelen', { cFilter: {} });
    return listOf<CArtikel>(result?.Artikelen).map(fromArtikel);
  }

  listRelations(): Promise<BookkeepingRelation[]> {
    return this.relations.list();
  }

  ensureRelation(relation: RelationToEnsure): Promise<EnsuredRelation> {
    return this.relations.ensure(relation);
  }

  async addMutation(entry: JournalEntry): Promise<BookedReference> {
    const oMut = toMutatie(entry);
    const result = await this.session.call('AddMutatie', { oMut });
    const sinkId = text(result?.Mutatienummer);
    this.context.logger.debug('mutation booked in e-Boekhouden', { invoiceNumber: entry.invoiceNumber, mutation: sinkId });
    return { sinkId };
  }

  async addInvoice(invoice: InvoiceEntry): Promise<BookedReference> {
    const oFact = toFactuur(invoice);
    const result = await this.session.call('AddFactuur', { oFact });
    const sinkId = text(result?.Factuurnummer) || invoice.invoiceNumber;
    this.context.logger.debug('invoice created in e-Boekhouden', { invoiceNumber: sinkId });
    return { sinkId };
  }

  async findMutation(invoiceNumber: string): Promise<BookedReference | null> {
    const [first] = await this.mutationsByInvoiceNumber(invoiceNumber);
    return first ? { sinkId: text(first.MutatieNr) } : null;
  }

  /**
   * GetMutaties with the period as DatumVan/DatumTm (both included), page by page past the 500-row
   * cap. Calls for a period of N mutations: OpenSession (once per run) plus floor(N / 500) + 1
   * GetMutaties (a full last page needs one more, empty, call to know it was the last).
   */
  async *listMutations(period: BookingPeriod): AsyncIterable<BooksEntry[]> {
    for await (const page of this.mutatiePages({ DatumVan: period.from, DatumTm: period.to })) {
      yield page.filter((m) => text(m.Factuurnummer) !== '').map(fromMutatieList);
    }
  }

  async findInvoice(invoiceNumber: string): Promise<BookedReference | null> {
    const filter = { Factuurnummer: invoiceNumber, DatumVan: EARLIEST_DATE, DatumTm: LATEST_DATE };
    const result = await this.session.call('GetFacturen', { cFilter: filter });
    const match = listOf<Record<string, unknown>>(result?.Facturen).find((f) => text(f.Factuurnummer) === invoiceNumber);
    return match ? { sinkId: invoiceNumber } : null;
  }

  /**
   * SOAP says a document is already booked plainly, as it reads the refusal (soap-errors.ts: M006,
   * or "bestaat al" about a mutatie or factuur, arrive marked alreadyBooked); none of its refusals
   * is a mere claim for the sink to look up.
   */
  claimsAlreadyBooked(_error: KoppelwerkError): boolean {
    return false;
  }

  close(): Promise<void> {
    return this.session.close();
  }

  /** Every mutation with this invoice number. */
  private async mutationsByInvoiceNumber(invoiceNumber: string): Promise<CMutatieList[]> {
    const found: CMutatieList[] = [];
    for await (const page of this.mutatiePages({ Factuurnummer: invoiceNumber, DatumVan: EARLIEST_DATE, DatumTm: LATEST_DATE })) {
      found.push(...page.filter((m) => text(m.Factuurnummer) === invoiceNumber));
    }
    return found;
  }

  /** GetMutaties page by page: past the 500-row cap, the next page starts after the highest MutatieNr seen (MutatieNrVan). */
  private async *mutatiePages(selection: MutatieSelection): AsyncGenerator<CMutatieList[]> {
    let from = 0;
    for (;;) {
      const filter = {
        MutatieNr: 0,
        MutatieNrVan: from > 0 ? from : undefined,
        Factuurnummer: selection.Factuurnummer,
        DatumVan: selection.DatumVan,
        DatumTm: selection.DatumTm,
      };
      const result = await this.session.call('GetMutaties', { cFilter: filter });
      const page = listOf<CMutatieList>(result?.Mutaties);
      yield page;
      if (page.length < MUTATIES_PAGE_SIZE) return;
      from = Math.max(...page.map((m) => Number(m.MutatieNr ?? 0))) + 1;
    }
  }
}
