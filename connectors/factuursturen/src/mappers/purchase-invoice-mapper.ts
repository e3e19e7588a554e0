/**
 * PROVISIONAL CONTRACT (see purchase-invoices-client.ts): a raw purchase invoice → a canonical
 * purchase invoice (or purchase credit note) on a creditor. Pure; throws a RecordError naming the
 * invoice and the field.
 */
import { isLocalDate, shown, type LocalDate, type SourceDocument } from '@koppelwerk/core';
import { flag, mapRelation, text, zeroRateTreatment } from './client-relation';
import type { CountryCodes } from '../country-codes';
import { readInvoiceAmounts } from './invoice-lines';
import { deriveStatus } from './invoice-status';
import { idOf, isObject, recordFailer } from './invoice-mapper';
import { PURCHASE_KEY_PREFIX, type RawPurchaseInvoice, type RawSupplier } from '../purchase-invoices-client';

export interface PurchaseMappingContext {
  countries: CountryCodes;
  today: LocalDate;
}

export function purchaseKey(raw: unknown, fallback: string): string {
  const id = isObject(raw) ? idOf(raw.id) : undefined;
  return id ? `${PURCHASE_KEY_PREFIX}${id}` : fallback;
}

export function mapPurchaseInvoice(raw: unknown, context: PurchaseMappingContext, key = purchaseKey(raw, '(purchase invoice without id)')): SourceDocument {
  const fail = recordFailer('FS_BAD_PURCHASE_INVOICE', key);
  if (!isObject(raw)) return fail('purchase_invoice', 'not-object');
  const invoice = raw as RawPurchaseInvoice;
  const id = idOf(invoice.id);
  if (!id) fail('id', 'not-id', { value: shown(invoice.id) });
  const number = text(invoice.invoicenr);
  if (!number) fail('invoicenr', 'missing-supplier-number');
  if (!isLocalDate(invoice.date)) fail('date', 'not-date', { value: shown(invoice.date) });
  const supplier = isObject(invoice.supplier) ? (invoice.supplier as RawSupplier) : undefined;
  if (!supplier) return fail('supplier', 'missing');
  const supplierNr = idOf(supplier.suppliernr);
  if (!supplierNr) fail('supplier.suppliernr', 'missing');
  const currency = (text(supplier.currency) ?? 'EUR').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) fail('supplier.currency', 'not-currency', { value: shown(supplier.currency) });
  const taxType = text(invoice.tax_type) ?? text(supplier.tax_type) ?? 'extax';
  if (taxType !== 'extax' && taxType !== 'intax') fail('tax_type', 'tax-type', { value: shown(taxType) });
  const relation = mapRelation({ role: 'creditor', number: supplierNr!, record: supplier, path: 'supplier.' }, context.countries, fail);
  const shifted = flag(invoice.tax_shifted) ?? flag(supplier.tax_shifted) ?? false;
  const amounts = readInvoiceAmounts(invoice, {
    pricesIncludeVat: taxType === 'intax',
    zeroTreatment: zeroRateTreatment(shifted, relation.address?.country),
    fail,
  });
  const reference = text(invoice.reference);
  return {
    kind: amounts.totalIncl.isNegative() ? 'purchase-credit-note' : 'purchase-invoice',
    sourceId: id!,
    number: number!,
    date: invoice.date as LocalDate,
    currency,
    pricesIncludeVat: taxType === 'intax',
    relation,
    lines: amounts.lines,
    statedTotal: amounts.totalIncl,
    ...(reference ? { reference } : {}),
    status: deriveStatus({ sent: invoice.date, open: invoice.open, totalintax: invoice.totalintax, duedate: invoice.duedate }, context.today),
  };
}
