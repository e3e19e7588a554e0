/**
 * The SOAP transport: e-Boekhouden's SOAP API (`/soap.asmx`) behind the transport seam. Journal
 * entries go out as AddMutatie, invoices as AddFactuur; look-ups by invoice number page through
 * GetMutaties past its 500-row cap, and GetFacturen. Sessions, in-band errors and relations live
 * in SoapSession and SoapRelations.
 */
import { inject, injectable } from 'inversify';
import {
  type KoppelwerkError,
  type Article,
  type BookedReference,
  type BookkeepingRelation,
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
import { toMutatie } from './mappers/mutatie-mapper';
import { SoapRelations } from './soap-relations';
import { SoapSession } from './soap-session';
import { listOf } from './soap-wire';

/** GetMutaties returns at most this many mutations per call. */
export const MUTATIES_PAGE_SIZE = 500;

type CMutatieList = Record<string, unknown> & { MutatieNr?: number; Factuurnummer?: string };

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

  /** Every mutation with this invoice number, paging past the 500-row cap with MutatieNrVan. */
  private async mutationsByInvoiceNumber(invoiceNumber: string): Promise<CMutatieList[]> {
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
}
