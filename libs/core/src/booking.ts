/**
 * What the mapping DSL produces and a sink consumes: a relation to ensure plus either a journal
 * entry ("mutatie") or an invoice. Amounts are exact and already rounded the way the bookkeeping
 * rounds them; a sink only has to put them on the wire.
 */
import type { Decimal } from './decimal';
import type { LocalDate } from './local-date';
import type { CodedText } from './messages/message-entry';
import type { Relation } from './model';

/** The relation the booking needs in the bookkeeping, under a deterministic code. */
export interface RelationToEnsure {
  /** At most 15 characters; the same source party always gets the same code. */
  code: string;
  relation: Relation;
  /** Create it when missing (some tenants only book on existing relations). */
  createIfMissing: boolean;
}

/** Journal entry kinds; a sink maps them onto its own names (e-Boekhouden `Soort`). */
export type JournalKind = 'invoice-sent' | 'invoice-received';

export interface JournalRow {
  /** Revenue or cost ledger ("tegenrekening"). */
  ledger: string;
  vatCode: string;
  vatRate: Decimal;
  amountExcl: Decimal;
  amountVat: Decimal;
  amountIncl: Decimal;
  description?: string;
}

export interface JournalEntry {
  type: 'journal';
  kind: JournalKind;
  date: LocalDate;
  /** The duplicate guard: unique per administration. */
  invoiceNumber: string;
  /** Debtors (sales) or creditors (purchase) ledger. */
  accountLedger: string;
  relationCode: string;
  description: string;
  /** Whether `amountInput` on the wire is the incl. or the excl. amount. */
  amountsIncludeVat: boolean;
  paymentTermDays?: number;
  reference?: string;
  rows: JournalRow[];
}

export interface InvoiceLine {
  quantity: Decimal;
  unit: string;
  code?: string;
  description: string;
  /** Excluding VAT. */
  unitPrice: Decimal;
  vatCode: string;
  ledger?: string;
}

export interface InvoiceEntry {
  type: 'invoice';
  date: LocalDate;
  invoiceNumber: string;
  relationCode: string;
  /** Name of the invoice template in the bookkeeping ("factuursjabloon"). */
  template: string;
  paymentTermDays: number;
  /** Also journal it (creates an open item): e-Boekhouden `InBoekhoudingPlaatsen`. */
  bookInLedger: boolean;
  description: string;
  lines: InvoiceLine[];
}

export type BookingEntry = JournalEntry | InvoiceEntry;

/** One line of `explain`: which rule produced which part of the booking. */
export interface ExplainStep {
  /** What was decided: `row[0].ledger`, `relation.code`, `description`. */
  target: string;
  value: string;
  /** The rule that decided it, as a user would find it in the config: `mapping.ledgers.revenue[2]`. */
  rule: string;
  /** The inputs that matched, in words (English). */
  because: string;
  /** `because` by its catalogue code and params, for other languages. */
  reason?: CodedText;
  /** `value` and `rule`, where words are part of them, by their codes and params. */
  valueText?: CodedText;
  ruleText?: CodedText;
}

export interface Booking {
  /** Stable key of the source document: `<kind>:<sourceId>`. */
  documentKey: string;
  relation: RelationToEnsure;
  entry: BookingEntry;
  /** Non-fatal remarks for the activity log (e.g. foreign currency booked as euros). */
  warnings: string[];
  /** `warnings` by their catalogue codes and params, in the same order. */
  warningTexts?: CodedText[];
  explain: ExplainStep[];
}
