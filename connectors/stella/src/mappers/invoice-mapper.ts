/**
 * A raw Stella invoice -> the canonical SourceDocument (a sales invoice, or a credit note when it
 * credits another invoice). The customer travels with each invoice, so a relation reaches the
 * bookkeeping only with its first invoice. An invoice Stella's own e-Boekhouden link already
 * booked is refused here as "already booked elsewhere", before anything is written.
 */
import { Decimal, RecordError, RejectedError, isLocalDate, type DocumentLine, type Relation, type SourceDocument } from '@koppelwerk/core';
import { worded } from '../stella-messages';
import type { RawCustomer, RawInvoice, RawInvoiceLine } from '../raw-invoice';

/** Finalized invoices are booked; drafts never. */
export const BOOKED_STATUSES = ['definitive', 'sent', 'paid', 'credited'];
export const BOOKED_ELSEWHERE = 'STELLA_BOOKED_ELSEWHERE' as const;

export function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

export function invoiceKey(raw: unknown, fallback: string): string {
  return text((raw as RawInvoice | null)?.id) || fallback;
}

export function isFinalized(raw: unknown): boolean {
  return BOOKED_STATUSES.includes(text((raw as RawInvoice | null)?.status));
}

function amount(value: unknown, field: string, key: string): Decimal {
  const parsed = Decimal.tryParse(text(value));
  if (!parsed) throw new RecordError(...worded('STELLA_AMOUNT', { field, value: JSON.stringify(value ?? null) }, { field, documentKey: key }));
  return parsed;
}

function relationOf(customer: RawCustomer | undefined, key: string): Relation {
  const id = text(customer?.id);
  const name = text(customer?.name);
  if (!customer || !id || !name) throw new RecordError(...worded('STELLA_CUSTOMER', {}, { field: 'customer', documentKey: key }));
  const isCompany = customer.type !== 'private';
  const relation: Relation = { sourceId: id, role: 'debtor', kind: isCompany ? 'company' : 'person', name };
  if (isCompany) relation.companyName = name;
  const optional: [keyof Relation, unknown][] = [
    ['contactName', customer.contact_name],
    ['email', customer.email],
    ['phone', customer.phone],
    ['vatNumber', customer.vat_number],
    ['chamberOfCommerceNumber', customer.kvk],
  ];
  for (const [field, value] of optional) if (text(value)) (relation as unknown as Record<string, string>)[field] = text(value);
  const street = [text(customer.street), text(customer.house_number)].filter(Boolean).join(' ');
  const address = { street: street || undefined, postalCode: text(customer.zipcode) || undefined, city: text(customer.city) || undefined, country: text(customer.country_code).toUpperCase() || undefined };
  if (Object.values(address).some(Boolean)) relation.address = Object.fromEntries(Object.entries(address).filter(([, v]) => v)) as Relation['address'];
  return relation;
}

function lineOf(line: RawInvoiceLine, i: number, key: string): DocumentLine {
  const field = `lines[${i}]`;
  const description = text(line.description);
  if (!description) throw new RecordError(...worded('STELLA_LINE', {}, { field: `${field}.description`, documentKey: key }));
  const result: DocumentLine = {
    description,
    quantity: amount(line.quantity, `${field}.quantity`, key),
    unitPrice: amount(line.unit_price_excl, `${field}.unit_price_excl`, key),
    vatRate: amount(line.vat_rate, `${field}.vat_rate`, key),
    vatTreatment: line.vat_reverse_charged === true ? 'reverse-charge' : 'normal',
    incomeType: 'revenue',
  };
  if (text(line.unit)) result.unit = text(line.unit);
  return result;
}

function daysBetween(from: string, to: string): number | undefined {
  if (!isLocalDate(from) || !isLocalDate(to)) return undefined;
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
  return days >= 0 ? days : undefined;
}

/** Stella's own link booked (or is booking) this invoice: booking it again would double it. */
export function bookedElsewhere(raw: RawInvoice, key: string): RejectedError | null {
  const link = raw.accounting?.eboekhouden;
  if (link?.status !== 'booked' && link?.status !== 'pending') return null;
  const said = {
    number: text(raw.number) || key,
    status: link.status,
    bookedAt: link.status === 'booked' ? text(link.booked_at).slice(0, 10) || undefined : undefined,
    reference: link.status === 'booked' ? text(link.reference) || undefined : undefined,
  };
  return new RejectedError(...worded(BOOKED_ELSEWHERE, said, { alreadyBooked: true }));
}

export function mapInvoice(raw: unknown, key: string): SourceDocument {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new RecordError(...worded('STELLA_MALFORMED', {}, { documentKey: key }));
  const invoice = raw as RawInvoice;
  const number = text(invoice.number);
  if (!number) throw new RecordError(...worded('STELLA_NUMBER', {}, { field: 'number', documentKey: key }));
  const date = text(invoice.date);
  if (!isLocalDate(date)) throw new RecordError(...worded('STELLA_DATE', { value: JSON.stringify(invoice.date ?? null) }, { field: 'date', documentKey: key }));
  const lines = (Array.isArray(invoice.lines) ? invoice.lines : []).map((line, i) => lineOf(line, i, key));
  if (lines.length === 0) throw new RecordError(...worded('STELLA_LINES', {}, { field: 'lines', documentKey: key }));
  // The lines must add up to Stella's own total excl. VAT; otherwise we would book another amount than the customer pays.
  const excl = Decimal.sum(lines.map((line) => line.quantity.times(line.unitPrice))).round(2);
  const stated = amount(invoice.totals?.excl, 'totals.excl', key);
  if (!excl.equals(stated.round(2))) {
    throw new RecordError(...worded('STELLA_TOTALS', { excl: excl.toFixed(2), stated: stated.toFixed(2) }, { field: 'totals.excl', documentKey: key }));
  }
  const document: SourceDocument = {
    kind: text(invoice.credit_for) ? 'sales-credit-note' : 'sales-invoice',
    sourceId: text(invoice.id) || key,
    number,
    date,
    currency: text(invoice.currency).toUpperCase() || 'EUR',
    pricesIncludeVat: false,
    relation: relationOf(invoice.customer, key),
    lines,
    status: text(invoice.status),
  };
  const term = daysBetween(date, text(invoice.due_date));
  if (term !== undefined) document.paymentTermDays = term;
  if (text(invoice.credit_for)) document.originalNumber = text(invoice.credit_for);
  // What the customer pays; the mapping books it, a cent of rounding apart (mapping.rounding).
  if (invoice.totals?.incl !== undefined) document.statedTotal = amount(invoice.totals.incl, 'totals.incl', key);
  if (text(invoice.reference)) document.reference = text(invoice.reference);
  if (text(invoice.updated_at)) document.changedAt = text(invoice.updated_at);
  return document;
}
