/**
 * A `cMutatieList` as GetMutaties returns it -> the booking as the books hold it now: its mutation
 * number, invoice number, kind (Soort FactuurVerstuurd: invoice-sent, FactuurOntvangen:
 * invoice-received, any other Soort, a payment among them: other), date, relation, its own ledger
 * (`Rekening`: debtors or creditors for an invoice) and per row the contra ledger, VAT code and the
 * three amounts as stored (exact text).
 */
import { toLocalDate, type BooksEntry, type BooksRow, type JournalKind } from '@koppelwerk/core';
import { decimalOf, text } from '../../wire-format';
import { listOf } from '../soap-wire';
import { SOORT } from './mutatie-mapper';

const KIND_OF_SOORT = new Map(Object.entries(SOORT).map(([kind, soort]) => [soort, kind as JournalKind]));

export type CMutatieList = Record<string, unknown> & { MutatieNr?: number | string; Factuurnummer?: string };

export function fromMutatieList(mutation: CMutatieList): BooksEntry {
  return {
    sinkId: text(mutation.MutatieNr),
    invoiceNumber: text(mutation.Factuurnummer),
    kind: KIND_OF_SOORT.get(text(mutation.Soort)) ?? 'other',
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
