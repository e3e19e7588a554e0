/**
 * A booking reduced to what reconciliation compares, whoever holds it: what the source's document
 * maps to now, what Koppelwerk sent (the ledger's booking), and what the bookkeeping holds (a
 * BooksEntry). Amounts are exact decimals; rows keep their ledger and VAT code.
 */
import { Decimal, vatCodeRate, type Booking, type BooksEntry, type InvoiceEntry, type LocalDate } from '@koppelwerk/core';

export interface SummaryRow {
  ledger: string;
  vatCode: string;
  excl: Decimal;
  vat: Decimal;
  incl: Decimal;
}

export interface BookingSummary {
  invoiceNumber: string;
  date: LocalDate;
  relation?: string;
  rows: SummaryRow[];
}

/** The fields compared, in the order a difference names the first that differs. */
export type ComparedField = 'amount' | 'vatCode' | 'ledger' | 'date' | 'relation';

export function summaryOfBooking(booking: Booking): BookingSummary {
  const entry = booking.entry;
  if (entry.type === 'journal') {
    return {
      invoiceNumber: entry.invoiceNumber,
      date: entry.date,
      relation: entry.relationCode,
      rows: entry.rows.map((row) => ({ ledger: row.ledger, vatCode: row.vatCode, excl: row.amountExcl, vat: row.amountVat, incl: row.amountIncl })),
    };
  }
  return { invoiceNumber: entry.invoiceNumber, date: entry.date, relation: entry.relationCode, rows: invoiceRows(entry) };
}

/** An invoice's lines as rows per ledger and VAT code, its VAT per code on the total (as an invoicing module computes it). */
function invoiceRows(entry: InvoiceEntry): SummaryRow[] {
  const groups = new Map<string, { ledger: string; vatCode: string; excl: Decimal }>();
  for (const line of entry.lines) {
    const key = `${line.ledger ?? ''}\u0000${line.vatCode}`;
    const group = groups.get(key) ?? { ledger: line.ledger ?? '', vatCode: line.vatCode, excl: Decimal.ZERO };
    group.excl = group.excl.plus(line.quantity.times(line.unitPrice));
    groups.set(key, group);
  }
  return [...groups.values()].map((group) => {
    const excl = group.excl.round(2);
    const rate = vatCodeRate(group.vatCode, entry.date) ?? Decimal.ZERO;
    const vat = excl.times(rate).dividedBy(Decimal.HUNDRED, 2);
    return { ledger: group.ledger, vatCode: group.vatCode, excl, vat, incl: excl.plus(vat) };
  });
}

export function summaryOfBooks(entry: BooksEntry): BookingSummary {
  return {
    invoiceNumber: entry.invoiceNumber,
    date: entry.date,
    relation: entry.relationCode,
    rows: entry.rows.map((row) => ({ ledger: row.ledger, vatCode: row.vatCode, excl: row.amountExcl, vat: row.amountVat, incl: row.amountIncl })),
  };
}

export interface Amounts {
  excl: Decimal;
  vat: Decimal;
  incl: Decimal;
}

export const NO_AMOUNTS: Amounts = { excl: Decimal.ZERO, vat: Decimal.ZERO, incl: Decimal.ZERO };

export function addAmounts(a: Amounts, b: Amounts): Amounts {
  return { excl: a.excl.plus(b.excl), vat: a.vat.plus(b.vat), incl: a.incl.plus(b.incl) };
}

export function totalOf(summary: BookingSummary): Amounts {
  return summary.rows.reduce<Amounts>((sum, row) => addAmounts(sum, row), NO_AMOUNTS);
}

/** A booking's amount as a difference line shows it: incl. VAT, or excl. when only that differs. */
function amountText(amounts: Amounts, by: 'incl' | 'excl' | 'vat'): string {
  return amounts[by].toFixed(2);
}

// Rows in any order: a bookkeeping may list them otherwise than they were sent.
const codes = (summary: BookingSummary) => summary.rows.map((row) => row.vatCode).sort().join(', ');
const ledgers = (summary: BookingSummary) => summary.rows.map((row) => row.ledger).sort().join(', ');

/** The first field in which `actual` differs from `expected`, with both values as text; undefined when they agree. */
export function firstDifference(expected: BookingSummary, actual: BookingSummary): { field: ComparedField; expected: string; actual: string } | undefined {
  const a = totalOf(expected);
  const b = totalOf(actual);
  for (const by of ['incl', 'excl', 'vat'] as const) {
    if (!a[by].equals(b[by])) return { field: 'amount', expected: amountText(a, by), actual: amountText(b, by) };
  }
  if (codes(expected) !== codes(actual)) return { field: 'vatCode', expected: codes(expected), actual: codes(actual) };
  if (ledgers(expected) !== ledgers(actual)) return { field: 'ledger', expected: ledgers(expected), actual: ledgers(actual) };
  if (expected.date !== actual.date) return { field: 'date', expected: expected.date, actual: actual.date };
  // A bookkeeping that does not say the relation (undefined) is not a difference.
  if (actual.relation !== undefined && (expected.relation ?? '') !== actual.relation) return { field: 'relation', expected: expected.relation ?? '', actual: actual.relation };
  return undefined;
}
