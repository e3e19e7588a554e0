/**
 * A `cMutatieList` as GetMutaties returns it -> the booking as the books hold it now: its mutation
 * number, invoice number, date, relation, its own ledger (`Rekening`: debtors or creditors for an
 * invoice) and per row the contra ledger, VAT code and the three amounts as stored (exact text).
 */
import { toLocalDate, type BooksEntry, type BooksRow } from '@koppelwerk/core';
import { decimalOf, text } from '../../wire-format';
import { listOf } from '../soap-wire';

export type CMutatieList = Record<string, unknown> & { MutatieNr?: number | string; Factuurnummer?: string };

export function fromMutatieList(mutation: CMutatieList): BooksEntry {
  return {
    sinkId: text(mutation.MutatieNr),
    invoiceNumber: text(mutation.Factuurnummer),
    date: toLocalDate(text(mutation.Datum)),
    relationCode: text(mutation.RelatieCode) || undefined,
    accountLedger: text(mutation.Rekening) || undefined,
    rows: listOf<Record<string, unknown>>(mutation.MutatieRegels).map(
      (row): BooksRow => ({
        ledger: text(row.TegenrekeningCode),
        vatCode: text(row.BTWCode),
        amountExcl: decimalOf(row.BedragExclBTW),
        amountVat: decimalOf(row.BedragBTW),
        amountIncl: decimalOf(row.BedragInclBTW),
      }),
    ),
  };
}
