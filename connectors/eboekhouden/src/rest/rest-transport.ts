/**
 * The REST transport: e-Boekhouden's REST API (`/v1/...`) behind the transport seam. Codes become
 * numeric ids (rest-ids.ts), journal entries go out as POST /v1/mutation, invoices as POST
 * /v1/invoice, relations as POST /v1/relation. Look-ups by invoice number use the `invoiceNumber`
 * filter of GET /v1/mutation and GET /v1/invoice, and give the same ids as over SOAP (the mutation
 * number; the invoice number), so documents booked over either API are found over the other.
 */
import { inject, injectable } from 'inversify';
import {
  Decimal,
  type KoppelwerkError,
  RejectedError,
  todayInAmsterdam,
  vatCodeRate,
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
import type { RestSettings } from '../eboekhouden-config';
import { EboekhoudenModuleContext, EboekhoudenSettings } from '../eboekhouden-tokens';
import type { EboekhoudenTransport } from '../eboekhouden-transport';
import { decimalOf } from '../wire-format';
import { toCreateInvoice } from './mappers/rest-invoice-mapper';
import { toCreateMutation } from './mappers/rest-mutation-mapper';
import { fromRestRelation } from './mappers/rest-relation-mapper';
import { mapLimited } from './map-limited';
import { RestBooks } from './rest-books';
import { RestClient } from './rest-client';
import { DUPLICATE_CODES } from './rest-errors';
import { RestReferenceIds } from './rest-ids';
import { RestRelations } from './rest-relations';
import type { RestInvoiceItem, RestMutationItem, RestProduct, RestProductGroup, RestProductItem, RestRelation, RestRelationItem } from './rest-wire';
import { worded } from '../eboekhouden-messages';

const ONE_HUNDREDTH = Decimal.parse('0.01');

@injectable()
export class RestTransport implements EboekhoudenTransport {
  readonly api = 'rest' as const;
  private readonly ids: RestReferenceIds;
  private readonly relations: RestRelations;
  private readonly books: RestBooks;

  constructor(
    @inject(RestClient) private readonly client: RestClient,
    @inject(EboekhoudenSettings) private readonly config: RestSettings,
    @inject(EboekhoudenModuleContext) private readonly context: ModuleContext,
  ) {
    this.ids = new RestReferenceIds(client);
    this.relations = new RestRelations(client, this.ids, context.logger);
    this.books = new RestBooks(client, this.ids);
  }

  /** The token opens a session; reading the ledgers proves the administration is open to it. */
  async verify(): Promise<void> {
    await this.client.ensureOpen();
    await this.ids.ledgers();
    if (this.config.costCenter) await this.ids.costCenterId(this.config.costCenter);
  }

  async listLedgers(): Promise<Ledger[]> {
    return (await this.ids.ledgers()).map((l) => ({
      code: l.code ?? '',
      description: l.description ?? '',
      category: l.category || undefined,
      group: l.group || undefined,
    }));
  }

  ensureRelation(relation: RelationToEnsure): Promise<EnsuredRelation> {
    return this.relations.ensure(relation);
  }

  async addMutation(entry: JournalEntry): Promise<BookedReference> {
    const body = toCreateMutation(entry, {
      ledgerId: await this.ids.ledgerId(entry.accountLedger, 'accountLedger'),
      relationId: await this.relationId(entry.relationCode),
      rowLedgerIds: await Promise.all(entry.rows.map((row, i) => this.ids.ledgerId(row.ledger, `rows[${i}].ledger`))),
      costCenterId: await this.costCenterId(),
    });
    const created = await this.client.post<{ id?: number }>('/v1/mutation', { body, document: `invoice ${entry.invoiceNumber}` });
    const sinkId = positiveId(created?.id) ?? (await this.findMutation(entry.invoiceNumber))?.sinkId ?? '';
    this.context.logger.debug('mutation booked in e-Boekhouden', { invoiceNumber: entry.invoiceNumber, mutation: sinkId });
    return { sinkId };
  }

  async addInvoice(invoice: InvoiceEntry): Promise<BookedReference> {
    const body = toCreateInvoice(invoice, {
      relationId: await this.relationId(invoice.relationCode),
      templateId: await this.ids.templateId(invoice.template, 'template'),
      lineLedgerIds: await Promise.all(invoice.lines.map((line, i) => this.ids.ledgerId(line.ledger as string, `lines[${i}].ledger`))),
      lineUnitIds: await Promise.all(invoice.lines.map((line) => this.ids.unitId(line.unit))),
      debtorsLedgerId: invoice.bookInLedger ? await this.ids.debtorsLedgerId() : undefined,
      costCenterId: await this.costCenterId(),
    });
    const document = invoice.invoiceNumber ? `invoice ${invoice.invoiceNumber}` : 'an invoice';
    const created = await this.client.post<{ id?: number; invoiceNumber?: string }>('/v1/invoice', { body, document });
    const sinkId = (typeof created?.invoiceNumber === 'string' && created.invoiceNumber) || invoice.invoiceNumber;
    this.context.logger.debug('invoice created in e-Boekhouden', { invoiceNumber: sinkId });
    return { sinkId };
  }

  async findMutation(invoiceNumber: string): Promise<BookedReference | null> {
    const found = (await this.client.list<RestMutationItem>('/v1/mutation', { invoiceNumber })).find((m) => m.invoiceNumber === invoiceNumber);
    // Some list answers were seen to carry id 0: the invoice number still identifies the booking.
    return found ? { sinkId: positiveId(found.id) ?? invoiceNumber } : null;
  }

  listMutations(period: BookingPeriod): AsyncIterable<BooksEntry[]> {
    return this.books.mutations(period);
  }

  async findInvoice(invoiceNumber: string): Promise<BookedReference | null> {
    const found = (await this.client.list<RestInvoiceItem>('/v1/invoice', { invoiceNumber })).find((i) => i.invoiceNumber === invoiceNumber);
    return found ? { sinkId: invoiceNumber } : null;
  }

  /** Every relation with its details (the list carries only id, type and code). */
  async listRelations(): Promise<BookkeepingRelation[]> {
    const items = (await this.client.list<RestRelationItem>('/v1/relation')).filter((r) => typeof r.id === 'number');
    const details = await mapLimited(items, (r) => this.client.get<RestRelation>(`/v1/relation/${r.id}`));
    return details.map((raw, i) => fromRestRelation({ ...items[i], ...raw }));
  }

  /** Every product with prices, VAT code, ledger code, unit and group (the list carries only id, code, description, unit, active). */
  async listArticles(): Promise<Article[]> {
    const items = (await this.client.list<RestProductItem>('/v1/product')).filter((p) => typeof p.id === 'number');
    const [details, units, groups, ledgers] = await Promise.all([
      mapLimited(items, (p) => this.client.get<RestProduct>(`/v1/product/${p.id}`)),
      this.ids.units(),
      this.client.get<{ items?: RestProductGroup[] }>('/v1/product/groups').then((list) => list?.items ?? []),
      this.ids.ledgers(),
    ]);
    const today = todayInAmsterdam();
    return details.map((raw, i) => {
      const product = { ...items[i], ...raw };
      const group = groups.find((g) => g.id === product.groupId);
      const unit = units.find((u) => u.id === product.unitId);
      const vatCode = product.vat || undefined;
      const vatRate = (vatCode ? vatCodeRate(vatCode, today) : null) ?? Decimal.ZERO;
      const salesPriceExcl = decimalOf(product.priceExcl);
      const salesPriceIncl = product.priceIncl !== undefined && product.priceIncl !== null
        ? decimalOf(product.priceIncl)
        : salesPriceExcl.times(Decimal.HUNDRED.plus(vatRate)).times(ONE_HUNDREDTH).round(2);
      return {
        id: String(product.id),
        code: product.code ?? '',
        description: product.description ?? '',
        unit: unit?.singular ?? '',
        groupCode: group?.code || undefined,
        groupDescription: group?.description || undefined,
        purchasePriceExcl: decimalOf(product.purchasePriceExcl),
        salesPriceExcl,
        salesPriceIncl,
        vatCode,
        vatRate,
        ledger: ledgers.find((l) => l.id === product.ledgerId)?.code || undefined,
        active: product.active !== false,
      };
    });
  }

  /** "This invoice number is already in use" (MUT_019, MUT_020, FACT_101): REST's claim that the document is booked. */
  claimsAlreadyBooked(error: KoppelwerkError): boolean {
    return error.code !== undefined && DUPLICATE_CODES.has(error.code);
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private async relationId(code: string): Promise<number> {
    const id = await this.ids.relationId(code);
    if (id === undefined) {
      throw new RejectedError(...worded('EB_RELATION_MISSING', { relationCode: code }));
    }
    return id;
  }

  private costCenterId(): Promise<number | undefined> {
    return this.config.costCenter ? this.ids.costCenterId(this.config.costCenter) : Promise.resolve(undefined);
  }
}

function positiveId(id: unknown): string | undefined {
  return typeof id === 'number' && id > 0 ? String(id) : undefined;
}
