/**
 * A journal entry as a REST `CreateMutation`: type 2 (invoice sent) or 1 (invoice received), the
 * account side (debtors or creditors) in `ledgerId`, one row per VAT code and ledger exactly as the
 * mapping gave them, `inExVat` always stated (the API would otherwise assume a side), and each
 * row's amount incl. or excl. VAT accordingly. e-Boekhouden computes the VAT from the code, as it
 * does over SOAP; a deviating-rate code (AFW, AFW_VERK) carries its VAT amount explicitly. The
 * entry was validated before (eboekhouden-validation.ts).
 */
import type { Decimal, JournalEntry, JournalKind } from '@koppelwerk/core';
import { dateText, moneyText } from '../../wire-format';
import type { CreateMutation, CreateMutationRow } from '../rest-wire';

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

/** The JSON number of an amount with at most two decimals (exact: the shortest form of that double is the decimal text). */
function amount(value: Decimal, field: string): number {
  return Number(moneyText(value, field));
}

export function toCreateMutation(entry: JournalEntry, ids: MutationIds): CreateMutation {
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
