/**
 * The canonical model. A source maps its raw API records into these types; the mapping DSL turns
 * them into bookings; a sink maps bookings onto its API. Nothing here knows a source or a sink.
 */
import type { Decimal } from './decimal';
import type { LocalDate } from './local-date';

/** ISO 4217 code, upper case: `EUR`, `USD`. */
export type CurrencyCode = string;
/** ISO 3166-1 alpha-2 code, upper case: `NL`, `BE`, `DE`. */
export type CountryCode = string;

export type RelationRole = 'debtor' | 'creditor';
export type RelationKind = 'company' | 'person';

export interface Address {
  street?: string;
  postalCode?: string;
  city?: string;
  country?: CountryCode;
}

/** A customer (debtor) or supplier (creditor) as the source knows it. */
export interface Relation {
  /** The source's own id for this party; stable across documents. */
  sourceId: string;
  role: RelationRole;
  kind: RelationKind;
  /** Display name: the company name for companies, the person's name otherwise. */
  name: string;
  companyName?: string;
  contactName?: string;
  email?: string;
  phone?: string;
  mobile?: string;
  vatNumber?: string;
  chamberOfCommerceNumber?: string;
  iban?: string;
  website?: string;
  address?: Address;
  deliveryAddress?: Address;
  note?: string;
}

/**
 * How VAT applies to a line. At 0% the treatment tells the cases apart that the tax authority
 * treats differently (export outside the EU, intra-EU supply, reverse charge, exempt).
 */
export type VatTreatment = 'normal' | 'reverse-charge' | 'intra-eu' | 'export' | 'exempt';
export const VAT_TREATMENTS: readonly VatTreatment[] = ['normal', 'reverse-charge', 'intra-eu', 'export', 'exempt'];

/** What a line's money is: the seeds' "type inkomsten" plus discounts. */
export type IncomeType = 'revenue' | 'shipping' | 'payment' | 'discount';
export const INCOME_TYPES: readonly IncomeType[] = ['revenue', 'shipping', 'payment', 'discount'];

export interface DocumentLine {
  description: string;
  quantity: Decimal;
  /** Per unit; including or excluding VAT as the document's `pricesIncludeVat` says. */
  unitPrice: Decimal;
  /** VAT rate in percent: 21, 9, 6, 0. */
  vatRate: Decimal;
  vatTreatment: VatTreatment;
  incomeType: IncomeType;
  productCode?: string;
  /** Unit of measure as the sink knows it (`STUK`, `UUR`). */
  unit?: string;
  /** The source's line id, for error messages. */
  sourceLineId?: string;
}

export type DocumentKind =
  | 'sales-order'
  | 'sales-invoice'
  | 'sales-credit-note'
  | 'purchase-invoice'
  | 'purchase-credit-note';
export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  'sales-order',
  'sales-invoice',
  'sales-credit-note',
  'purchase-invoice',
  'purchase-credit-note',
];

export function isPurchase(kind: DocumentKind): boolean {
  return kind === 'purchase-invoice' || kind === 'purchase-credit-note';
}

export function isCreditNote(kind: DocumentKind): boolean {
  return kind === 'sales-credit-note' || kind === 'purchase-credit-note';
}

/** An order, invoice or credit note, sales or purchase. */
export interface SourceDocument {
  kind: DocumentKind;
  /** The source's id; unique per source and kind. */
  sourceId: string;
  /** The number people see (order or invoice number). Becomes the sink's invoice number. */
  number: string;
  /** Booking date (Europe/Amsterdam calendar day). */
  date: LocalDate;
  currency: CurrencyCode;
  /** Euros per one unit of `currency`, when the source states it. */
  exchangeRate?: Decimal;
  pricesIncludeVat: boolean;
  relation: Relation;
  lines: DocumentLine[];
  paymentTermDays?: number;
  /** Free reference (customer's reference, PO number). */
  reference?: string;
  /** For credit notes: the number of the document it corrects. */
  originalNumber?: string;
  /**
   * For credit notes: the date of the document it corrects (the original supply), when the source
   * states it. A correction follows the VAT rate of the original supply, so this date decides the rate.
   */
  originalDate?: LocalDate;
  /**
   * The total including VAT that the source says the customer pays (or gets back), as stated, sign
   * as the source writes it. The mapping books this amount and puts a small rounding difference on
   * the rounding ledger (`mapping.rounding`).
   */
  statedTotal?: Decimal;
  /** The source's own status, for the activity log. */
  status?: string;
  /** When the source last changed this document (ISO instant); drives incremental reads. */
  changedAt?: string;
}

/** An article as the bookkeeping knows it ("producten/diensten"): a material or an hour type. */
export interface Article {
  id: string;
  code: string;
  description: string;
  unit: string;
  groupCode?: string;
  groupDescription?: string;
  purchasePriceExcl: Decimal;
  salesPriceExcl: Decimal;
  salesPriceIncl: Decimal;
  vatCode?: string;
  vatRate: Decimal;
  ledger?: string;
  active: boolean;
}

/** An hour type is an active article whose unit is hours (`UUR`). */
export function isHourType(article: Article): boolean {
  return article.active && article.unit.trim().toUpperCase() === 'UUR';
}

export interface WorkOrderMaterial {
  code?: string;
  description: string;
  quantity: Decimal;
  unit?: string;
  /** Excluding VAT, per unit, when the work order states it. */
  unitPrice?: Decimal;
  vatRate?: Decimal;
}

export interface WorkPeriod {
  /** Code of the hour type (an article with unit UUR). */
  hourTypeCode: string;
  /** Hours worked; derived from start/end by the source when it only has times. */
  hours: Decimal;
  description?: string;
  date?: LocalDate;
}

/** A completed work order from a work-order app, to be invoiced. */
export interface WorkOrder {
  sourceId: string;
  number: string;
  date: LocalDate;
  status: string;
  workStatus?: string;
  relation: Relation;
  /** The relation's code in the bookkeeping when the work-order app already knows it. */
  relationCode?: string;
  description?: string;
  materials: WorkOrderMaterial[];
  periods: WorkPeriod[];
  changedAt?: string;
}

/** A ledger ("grootboekrekening") in the bookkeeping. */
export interface Ledger {
  code: string;
  description: string;
  category?: string;
  group?: string;
}

/** A relation as the bookkeeping has it, for the import direction and for look-ups. */
export interface BookkeepingRelation {
  id: string;
  code: string;
  relation: Relation;
}
