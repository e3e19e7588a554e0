/**
 * An invoice for e-Boekhouden's invoicing module as a REST `CreateInvoice` (WerkbonApp's work
 * orders): relation, template and ledgers by id, payment term in days, lines with quantity (up to 4
 * decimals), unit, code, description, price excl. VAT and VAT code. `inExVat` is always sent as
 * `EX` (the API's default, stated so a changed default cannot turn prices into gross ones). With
 * "process in the books" the `mutation` object journals it on the debtors ledger, an open item.
 * The invoice was validated before (eboekhouden-validation.ts).
 */
import type { InvoiceEntry } from '@koppelwerk/core';
import { dateText } from '../../wire-format';
import type { CreateInvoice, CreateInvoiceItem } from '../rest-wire';

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

export function toCreateInvoice(invoice: InvoiceEntry, ids: InvoiceIds): CreateInvoice {
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
