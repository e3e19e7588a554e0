/**
 * A raw FactuurSturen sales invoice → the canonical SourceDocument: a sales invoice, or a credit
 * note when its total is negative. Pure; throws a RecordError naming the invoice and the field.
 * The currency is the client's (the invoice has none), so the client record is part of the input.
 */
import { isLocalDate, RecordError, shown, type LocalDate, type SourceDocument } from '@koppelwerk/core';
import { flag, mapRelation, text, zeroRateTreatment } from './client-relation';
import type { CountryCodes } from '../country-codes';
import { readInvoiceAmounts, type Fail } from './invoice-lines';
import { deriveStatus } from './invoice-status';
import type { RawClient, RawInvoice } from '../raw-invoice';
import { worded } from '../factuursturen-messages';

export interface InvoiceMappingContext {
  /** The client record by client number; undefined when FactuurSturen does not know it. */
  client(clientnr: string): RawClient | undefined;
  countries: CountryCodes;
  /** Today in Amsterdam, for the derived status. */
  today: LocalDate;
}

/** The key a sales invoice is listed and refetched under: its number (`/invoices/{invoicenr}`), else its id. */
export function invoiceKey(raw: unknown, fallback: string): string {
  if (!isObject(raw)) return fallback;
  return text(raw.invoicenr) ?? text(raw.invoicenr_full) ?? idOf(raw.id) ?? fallback;
}

export function idOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return text(value);
}

/** An invoice only counts once it is sent; drafts live elsewhere, but a planned one may show an empty `sent`. */
export function isSent(raw: unknown): boolean {
  return isObject(raw) && text(raw.sent) !== undefined;
}

/** Throws the record error of a field of the invoice (FS_BAD_INVOICE) or purchase invoice (FS_BAD_PURCHASE_INVOICE) `key`. */
export function recordFailer(code: 'FS_BAD_INVOICE' | 'FS_BAD_PURCHASE_INVOICE', key: string): Fail {
  return (field, problem, said = {}) => {
    throw new RecordError(...worded(code, { key, field, problem, ...said }, { field, documentKey: key }));
  };
}

export function mapInvoice(raw: unknown, context: InvoiceMappingContext, key = invoiceKey(raw, '(invoice without number)')): SourceDocument {
  const fail = recordFailer('FS_BAD_INVOICE', key);
  if (!isObject(raw)) return fail('invoice', 'not-object');
  const invoice = raw as RawInvoice;
  const id = idOf(invoice.id);
  if (!id) fail('id', 'not-invoice-id', { value: shown(invoice.id) });
  const number = text(invoice.invoicenr_full) ?? text(invoice.invoicenr);
  if (!number) fail('invoicenr', 'missing');
  if (!isLocalDate(invoice.sent)) fail('sent', 'not-date', { value: shown(invoice.sent) });
  const clientnr = idOf(invoice.clientnr);
  if (!clientnr) fail('clientnr', 'missing');
  const client = context.client(clientnr!);
  if (!client) fail('clientnr', 'unknown-client', { value: shown(clientnr) });

  const currency = (text(client!.currency) ?? 'EUR').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) fail('client.currency', 'not-currency', { value: shown(client!.currency) });
  const taxType = text(invoice.tax_type) ?? text(client!.tax_type) ?? 'extax';
  if (taxType !== 'extax' && taxType !== 'intax') fail('tax_type', 'tax-type', { value: shown(taxType) });
  const relation = mapRelation({ role: 'debtor', number: clientnr!, record: client!, snapshot: invoice as RawClient, path: 'client.' }, context.countries, fail);
  const shifted = flag(invoice.tax_shifted) ?? flag(client!.tax_shifted) ?? false;
  const pricesIncludeVat = taxType === 'intax';
  const amounts = readInvoiceAmounts(invoice, { pricesIncludeVat, zeroTreatment: zeroRateTreatment(shifted, relation.address?.country), fail });

  const period = text(invoice.paymentperiod);
  const referenceLines = isObject(invoice.reference) ? (invoice.reference as Record<string, unknown>) : {};
  const reference = [referenceLines.line1, referenceLines.line2, referenceLines.line3].map(text).filter(Boolean).join(' / ');
  return {
    kind: amounts.totalIncl.isNegative() ? 'sales-credit-note' : 'sales-invoice',
    sourceId: id!,
    number: number!,
    date: invoice.sent as LocalDate,
    currency,
    pricesIncludeVat,
    relation,
    lines: amounts.lines,
    statedTotal: amounts.totalIncl,
    ...(period && /^\d+$/.test(period) ? { paymentTermDays: Number(period) } : {}),
    ...(reference ? { reference } : {}),
    status: deriveStatus(invoice, context.today),
  };
}

export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
