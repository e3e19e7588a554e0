/**
 * An invoice for e-Boekhouden's invoicing module as a REST `CreateInvoice` (WerkbonApp's work
 * orders): relation, template and ledgers by id, payment term in days, lines with quantity (up to 4
 * decimals), unit, code, description, price excl. VAT and VAT code. `inExVat` is always sent as
 * `EX` (the API's default, stated so a changed default cannot turn prices into gross ones). With
 * "process in the books" the `mutation` object journals it on the debtors ledger, an open item.
 */
import { RecordError, isKnownVatCode, type Decimal, type InvoiceEntry } from '@koppelwerk/core';
import { FACTUUR_LIMITS, checkLength, checkRequired } from '../field-limits';
import { dateText } from '../wire-format';
import type { CreateInvoice, CreateInvoiceItem } from './rest-wire';

export interface InvoiceIds {
  relationId: number;
  templateId: number;
  /** Per line, in the order of `invoice.lines`. */
  lineLedgerIds: number[];
  /** Per line: the unit's id when e-Boekhouden knows the unit. */
  lineUnitIds: (number | undefined)[];
  /** The debtors ledger the invoice is journalled on (with bookInLedger). */
  debtorsLedgerId?: number;
  costCenterId?: number;
}

/** Everything that can be refused before a call is made, naming the canonical field. */
export function checkInvoice(invoice: InvoiceEntry): void {
  checkRequired(invoice.relationCode, 'relationCode', 'relationId');
  checkRequired(invoice.template, 'template', 'templateId');
  checkLength(invoice.invoiceNumber, FACTUUR_LIMITS.Factuurnummer, 'invoiceNumber', 'invoiceNumber');
  checkLength(invoice.description, FACTUUR_LIMITS.BoekhoudmutatieOmschrijving, 'description', 'mutation.description');
  if (invoice.invoiceNumber && !/\d$/.test(invoice.invoiceNumber)) {
    throw new RecordError(`invoiceNumber "${invoice.invoiceNumber}" does not end in a digit; e-Boekhouden's invoicing module needs one that does`, {
      field: 'invoiceNumber',
      code: 'EB_INVOICE_NUMBER',
      hint: 'change the invoice number rule in the mapping (texts.invoiceNumber) so numbers end in a digit',
    });
  }
  if (!Number.isInteger(invoice.paymentTermDays) || invoice.paymentTermDays < 0 || invoice.paymentTermDays > 9999) {
    throw new RecordError('paymentTermDays must be a whole number of days (0 to 9999)', { field: 'paymentTermDays', code: 'EB_PAYMENT_TERM' });
  }
  if (invoice.lines.length === 0) throw new RecordError('the invoice has no lines', { field: 'lines', code: 'EB_NO_LINES' });
  dateText(invoice.date, 'date');
  invoice.lines.forEach((line, index) => {
    const at = `lines[${index}]`;
    checkRequired(line.description, `${at}.description`, 'description');
    checkLength(line.description, FACTUUR_LIMITS.Omschrijving, `${at}.description`, 'description');
    checkLength(line.code, FACTUUR_LIMITS.Code, `${at}.code`, 'code');
    checkRequired(line.ledger, `${at}.ledger`, 'ledgerId');
    if (!isKnownVatCode(line.vatCode)) {
      throw new RecordError(`${at}.vatCode "${line.vatCode}" is not an e-Boekhouden VAT code`, { field: `${at}.vatCode`, code: 'EB_VAT_CODE' });
    }
    checkDecimals(line.quantity, 4, `${at}.quantity`);
  });
}

function checkDecimals(value: Decimal, places: number, field: string): void {
  if (!value.round(places).equals(value)) {
    throw new RecordError(`${field} has more than ${places} decimals (${value.toString()})`, { field, code: 'EB_AMOUNT_PRECISION' });
  }
}

export function toCreateInvoice(invoice: InvoiceEntry, ids: InvoiceIds): CreateInvoice {
  checkInvoice(invoice);
  const items: CreateInvoiceItem[] = invoice.lines.map((line, index) => {
    const item: CreateInvoiceItem = {
      description: line.description,
      quantity: Number(line.quantity.toString()),
      pricePerUnit: Number(line.unitPrice.toString()),
      vatCode: line.vatCode,
      ledgerId: ids.lineLedgerIds[index],
    };
    if (ids.lineUnitIds[index] !== undefined) item.unitId = ids.lineUnitIds[index];
    if (line.code) item.code = line.code;
    if (ids.costCenterId !== undefined) item.costCenterId = ids.costCenterId;
    return item;
  });
  const created: CreateInvoice = {
    relationId: ids.relationId,
    date: dateText(invoice.date, 'date'),
    termOfPayment: invoice.paymentTermDays,
    inExVat: 'EX',
    templateId: ids.templateId,
    items,
  };
  if (invoice.invoiceNumber) created.invoiceNumber = invoice.invoiceNumber;
  if (invoice.bookInLedger) {
    created.mutation = { description: invoice.description || undefined };
    if (ids.debtorsLedgerId !== undefined) created.mutation.ledgerId = ids.debtorsLedgerId;
  }
  return created;
}
