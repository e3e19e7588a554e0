/**
 * A journal entry as a REST `CreateMutation`: type 2 (invoice sent) or 1 (invoice received), the
 * account side (debtors or creditors) in `ledgerId`, one row per VAT code and ledger exactly as the
 * mapping gave them, `inExVat` always stated (the API would otherwise assume a side), and each
 * row's amount incl. or excl. VAT accordingly. e-Boekhouden computes the VAT from the code, as it
 * does over SOAP; a deviating-rate code (AFW, AFW_VERK) carries its VAT amount explicitly.
 */
import { RecordError, isKnownVatCode, type Decimal, type JournalEntry, type JournalKind } from '@koppelwerk/core';
import { MUTATIE_LIMITS, checkLength, checkRequired } from '../field-limits';
import { dateText, moneyText } from '../wire-format';
import type { CreateMutation, CreateMutationRow } from './rest-wire';

export const MUTATION_TYPE: Record<JournalKind, 1 | 2> = {
  'invoice-received': 1,
  'invoice-sent': 2,
};

/** VAT codes whose VAT amount is given, not computed. */
const EXPLICIT_VAT_CODES = new Set(['AFW', 'AFW_VERK']);

/** The numeric ids the mapping's codes resolved to. */
export interface MutationIds {
  ledgerId: number;
  relationId: number;
  /** Per row, in the order of `entry.rows`. */
  rowLedgerIds: number[];
  costCenterId?: number;
}

/** Everything that can be refused before a call is made, naming the canonical field. */
export function checkJournalEntry(entry: JournalEntry): void {
  checkRequired(entry.invoiceNumber, 'invoiceNumber', 'invoiceNumber');
  checkRequired(entry.accountLedger, 'accountLedger', 'ledgerId');
  checkRequired(entry.relationCode, 'relationCode', 'relationId');
  checkLength(entry.invoiceNumber, MUTATIE_LIMITS.Factuurnummer, 'invoiceNumber', 'invoiceNumber');
  checkLength(entry.reference, MUTATIE_LIMITS.Boekstuk, 'reference', 'entryNumber');
  checkLength(entry.description, MUTATIE_LIMITS.Omschrijving, 'description', 'description');
  if (entry.paymentTermDays !== undefined && (!Number.isInteger(entry.paymentTermDays) || entry.paymentTermDays < 0 || entry.paymentTermDays > 9999)) {
    throw new RecordError('paymentTermDays must be a whole number of days (0 to 9999)', { field: 'paymentTermDays', code: 'EB_PAYMENT_TERM' });
  }
  if (entry.rows.length === 0) throw new RecordError('the journal entry has no rows', { field: 'rows', code: 'EB_NO_ROWS' });
  dateText(entry.date, 'date');
  entry.rows.forEach((row, index) => {
    const at = `rows[${index}]`;
    checkRequired(row.ledger, `${at}.ledger`, 'ledgerId');
    if (!isKnownVatCode(row.vatCode)) {
      throw new RecordError(`${at}.vatCode "${row.vatCode}" is not an e-Boekhouden VAT code`, { field: `${at}.vatCode`, code: 'EB_VAT_CODE' });
    }
    const excl = moneyText(row.amountExcl, `${at}.amountExcl`);
    const vat = moneyText(row.amountVat, `${at}.amountVat`);
    const incl = moneyText(row.amountIncl, `${at}.amountIncl`);
    if (!row.amountExcl.plus(row.amountVat).equals(row.amountIncl)) {
      throw new RecordError(`${at}: amount incl. VAT ${incl} is not excl. ${excl} + VAT ${vat}`, { field: `${at}.amountIncl`, code: 'EB_ROW_AMOUNTS' });
    }
  });
}

/** The JSON number of an amount with at most two decimals (exact: the shortest form of that double is the decimal text). */
function amount(value: Decimal, field: string): number {
  return Number(moneyText(value, field));
}

export function toCreateMutation(entry: JournalEntry, ids: MutationIds): CreateMutation {
  checkJournalEntry(entry);
  const rows: CreateMutationRow[] = entry.rows.map((row, index) => {
    const at = `rows[${index}]`;
    const result: CreateMutationRow = {
      ledgerId: ids.rowLedgerIds[index],
      vatCode: row.vatCode,
      amount: entry.amountsIncludeVat ? amount(row.amountIncl, `${at}.amountIncl`) : amount(row.amountExcl, `${at}.amountExcl`),
    };
    if (EXPLICIT_VAT_CODES.has(row.vatCode)) result.vatAmount = amount(row.amountVat, `${at}.amountVat`);
    if (ids.costCenterId !== undefined) result.costCenterId = ids.costCenterId;
    if (row.description) result.description = row.description;
    return result;
  });
  const mutation: CreateMutation = {
    type: MUTATION_TYPE[entry.kind],
    date: dateText(entry.date, 'date'),
    ledgerId: ids.ledgerId,
    relationId: ids.relationId,
    invoiceNumber: entry.invoiceNumber,
    inExVat: entry.amountsIncludeVat ? 'IN' : 'EX',
    rows,
  };
  if (entry.reference) mutation.entryNumber = entry.reference;
  if (entry.paymentTermDays !== undefined) mutation.termOfPayment = entry.paymentTermDays;
  if (entry.description) mutation.description = entry.description;
  return mutation;
}
