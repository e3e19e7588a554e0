/**
 * The contracts connectors implement. Each interface shares its name with a DI token, so a
 * connector binds `ShopSource` and the engine injects `ShopSource`.
 */
import type { Booking, InvoiceEntry, JournalEntry, JournalKind, RelationToEnsure } from './booking';
import type { Decimal } from './decimal';
import type { KoppelwerkError } from './errors';
import type { LocalDate } from './local-date';
import { nestedParams, type CodedText, type MessageParams } from './messages/message-entry';
import type { Article, BookkeepingRelation, Ledger, SourceDocument, WorkOrder } from './model';

/** The "dot": green, or red with a reason a person can act on. */
export interface CheckResult {
  ok: boolean;
  /** Short reason, e.g. "credentials refused". */
  reason?: string;
  /** What to do about it, e.g. where to find new security codes. */
  hint?: string;
  /** Extra findings (missing ledgers, ...), each one actionable. */
  details?: string[];
  /** The error class behind a red dot. */
  errorClass?: KoppelwerkError['errorClass'];
  /** The reason (and its hint) by its catalogue code and params, for other languages. */
  code?: string;
  params?: MessageParams;
  /** `details` by their catalogue codes and params, in the same order. */
  detailTexts?: CodedText[];
}

/** The red dot for an error: its message as the reason, its hint as what to do. */
export function redCheck(error: KoppelwerkError): CheckResult {
  return { ok: false, reason: error.message, hint: error.hint, errorClass: error.errorClass, ...(error.code !== undefined ? { code: error.code } : {}), ...(error.params ? { params: error.params } : {}) };
}

/**
 * What a store keeps of a check's texts beside the English: the reason's params, and each coded
 * detail nested under `detail.<n>` (from 1) with their number as `details`. Undefined when there is nothing to keep.
 */
export function checkParams(result: Pick<CheckResult, 'params' | 'details' | 'detailTexts'>): MessageParams | undefined {
  const details = result.detailTexts ?? [];
  if (!result.params && details.length === 0) return undefined;
  const params: MessageParams = { ...result.params };
  if (details.length) {
    params.details = details.length;
    details.forEach((detail, i) => Object.assign(params, nestedParams(`detail.${i + 1}`, { code: detail.code, params: detail.params, text: result.details?.[i] ?? '' })));
  }
  return params;
}

/** The coded details `checkParams` kept, as nested prefixes to render (`detail.1`, ...); empty when it kept none. */
export function checkDetailPrefixes(params: MessageParams | null | undefined): string[] {
  const count = Number(params?.details ?? 0);
  return Array.from({ length: Number.isInteger(count) && count > 0 ? count : 0 }, (_, i) => `detail.${i + 1}`);
}

/** Anything a source can deliver for booking. */
export type SourceRecord = SourceDocument | WorkOrder;

export function isWorkOrder(record: SourceRecord): record is WorkOrder {
  return (record as WorkOrder).periods !== undefined && (record as WorkOrder).materials !== undefined;
}

/** One record of a page: a mapped record, or the raw payload with the reason it could not be read. */
export type SourceItem =
  | { ok: true; key: string; record: SourceRecord; raw: unknown }
  | { ok: false; key: string; error: KoppelwerkError; raw: unknown };

export interface SourcePage {
  items: SourceItem[];
  /**
   * The cursor to store once every item of this page (and all before it) is booked or parked.
   * Opaque to the engine.
   */
  nextCursor: string | null;
}

export interface ReadRequest {
  /** Resume after this cursor; null for the first run. */
  cursor: string | null;
  /** Records per page the source should ask for (the source may cap it). */
  pageSize?: number;
  /** A date range export: read documents dated in [from, to] regardless of the cursor. */
  from?: LocalDate;
  to?: LocalDate;
}

/** Reads documents (orders, invoices, credit notes, work orders) from a source system. */
export interface ShopSource {
  check(): Promise<CheckResult>;
  /**
   * Pages of records since the cursor, oldest change first. Malformed records come back as failed
   * items. The engine reads one page ahead: a page must not depend on the handling of the records
   * of the page before it.
   */
  read(request: ReadRequest): AsyncIterable<SourcePage>;
  /** Fetch one record again by key (retry with re-fetch). Present when the manifest lists `refetch`. */
  fetch?(key: string): Promise<SourceItem>;
  /** Tell the source a record was booked (WerkbonApp: mark Afgehandeld). Present when the manifest lists `acknowledge`. */
  acknowledge?(key: string, sinkReference: string): Promise<void>;
}
export const ShopSource = Symbol.for('koppelwerk.ShopSource');

export interface BookedReference {
  /** The sink's id of the booking (mutation number, invoice number). */
  sinkId: string;
}

export interface EnsuredRelation {
  code: string;
  created: boolean;
}

/** Booking dates from `from` to `to`, both included. */
export interface BookingPeriod {
  from: LocalDate;
  to: LocalDate;
}

/** One row of a booking as the bookkeeping holds it now. */
export interface BooksRow {
  /** The revenue or cost ledger ("tegenrekening"). */
  ledger: string;
  vatCode: string;
  amountExcl: Decimal;
  amountVat: Decimal;
  amountIncl: Decimal;
}

/** A booking as the bookkeeping holds it now, whoever wrote it (Koppelwerk, a person, another tool). */
export interface BooksEntry {
  /** The bookkeeping's id of it (the mutation number). */
  sinkId: string;
  /** Empty when the booking has none. */
  invoiceNumber: string;
  /**
   * What the booking is: an invoice sent or received (the kinds Koppelwerk books, as a
   * JournalEntry's `kind`), or `other`: a payment, money in or out, a memorial entry, an opening
   * balance. A payment carries the invoice number of the invoice it pays, so only the invoice kinds
   * can be a document's booking. For `other` a bookkeeping may leave out `rows` and `relationCode`
   * when reading them would cost a call per booking (e-Boekhouden over REST does).
   */
  kind: JournalKind | 'other';
  date: LocalDate;
  /** The relation's code; undefined when the booking has no relation. */
  relationCode?: string;
  /** The debtors or creditors ledger; undefined when the bookkeeping does not say. */
  accountLedger?: string;
  rows: BooksRow[];
}

/** Receives relations, journal entries and invoices: the bookkeeping. */
export interface AccountingSink {
  /** Credentials, administration, reachability; plus the ledgers/VAT codes the mapping uses. */
  check(options?: { ledgers?: string[]; vatCodes?: string[] }): Promise<CheckResult>;
  /** Find the relation by its code; create it when missing and allowed. Never overwrites. */
  ensureRelation(relation: RelationToEnsure): Promise<EnsuredRelation>;
  bookJournalEntry(entry: JournalEntry): Promise<BookedReference>;
  /** Present when the manifest lists `create-invoice`. */
  createInvoice?(invoice: InvoiceEntry): Promise<BookedReference>;
  /** Was a document with this invoice number already booked? Settles writes whose outcome is unknown. */
  findBooked(booking: Booking): Promise<BookedReference | null>;
  listLedgers(): Promise<Ledger[]>;
  /** The VAT codes this bookkeeping accepts. */
  listVatCodes(): Promise<string[]>;
  listArticles(): Promise<Article[]>;
  listRelations(): Promise<BookkeepingRelation[]>;
  /**
   * Every booking dated in the period as the bookkeeping holds it now, page by page, in as few
   * calls as its API allows. Present when the manifest lists `list-books` (`koppelwerk reconcile`).
   */
  listBooks?(period: BookingPeriod): AsyncIterable<BooksEntry[]>;
  /** End the session (one per run). Safe to call twice. */
  close(): Promise<void>;
}
export const AccountingSink = Symbol.for('koppelwerk.AccountingSink');

export interface UpsertResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Per record that could not be written: its key and why. */
  failed: { key: string; error: KoppelwerkError }[];
}

/**
 * The import direction: a system that receives reference data from the bookkeeping
 * (WerkbonApp receives relations, materials and hour types). Upserts by code, so a repeat creates nothing twice.
 */
export interface ImportTarget {
  check(): Promise<CheckResult>;
  upsertRelations(relations: BookkeepingRelation[]): Promise<UpsertResult>;
  upsertMaterials(materials: Article[]): Promise<UpsertResult>;
  upsertHourTypes(hourTypes: Article[]): Promise<UpsertResult>;
}
export const ImportTarget = Symbol.for('koppelwerk.ImportTarget');

/** Who is running: bound in every tenant container. */
export interface TenantContext {
  tenant: string;
  /** Run id of the current run, for logs. */
  runId: string;
}
export const TenantContext = Symbol.for('koppelwerk.TenantContext');

/** Clock, injectable so schedules and sessions can be tested. */
export interface Clock {
  now(): Date;
}
export const Clock = Symbol.for('koppelwerk.Clock');
export const systemClock: Clock = { now: () => new Date() };


/** Reference data a mapper may consult (the hour types' prices for work orders, ...). */
export interface MappingContext {
  articles?: Article[];
}

/**
 * A compiled mapping: a pure function from a source record to a booking. Throws a RecordError
 * (naming the rule and the value) when the record cannot be mapped. The engine depends on this
 * contract, never on the mapping library itself.
 */
export interface BookingMapper {
  /** Changes whenever the rules change; stored with each booking in the ledger. */
  readonly version: string;
  map(record: SourceRecord, context?: MappingContext): Booking;
}
export const BookingMapper = Symbol.for('koppelwerk.BookingMapper');
