/**
 * A booking reduced to what reconciliation compares, whoever holds it: what the source's document
 * maps to now, what Koppelwerk sent (the ledger's booking), and what the bookkeeping holds (a
 * BooksEntry). Amounts are exact decimals; rows keep their ledger and VAT code.
 */
import { Decimal, vatCodeRate, type Booking, type BookingEntry, type BooksEntry, type InvoiceEntry, type LocalDate } from '@koppelwerk/core';

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
  return summaryOfEntry(booking.entry);
}

export function summaryOfEntry(entry: BookingEntry): BookingSummary {
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

/** What a difference compares of a booking: its total, its VAT codes and ledgers (rows in any order), date and relation. */
interface Compared {
  amounts: Amounts;
  codes: string;
  ledgers: string;
  date: LocalDate;
  relation?: string;
}

// Rows in any order: a bookkeeping may list them otherwise than they were sent.
function comparedOf(summary: BookingSummary): Compared {
  return {
    amounts: totalOf(summary),
    codes: summary.rows.map((row) => row.vatCode).sort().join(', '),
    ledgers: summary.rows.map((row) => row.ledger).sort().join(', '),
    date: summary.date,
    relation: summary.relation,
  };
}

/** The first field in which `actual` differs from `expected`, with both values as text; undefined when they agree. */
export function firstDifference(expected: BookingSummary, actual: BookingSummary): FieldDifference | undefined {
  return differenceBetween(comparedOf(expected), comparedOf(actual));
}

export interface FieldDifference {
  field: ComparedField;
  expected: string;
  actual: string;
}

function differenceBetween(expected: Compared, actual: Compared, fields?: readonly ComparedField[]): FieldDifference | undefined {
  const compares = (field: ComparedField) => !fields || fields.includes(field);
  const a = expected.amounts;
  const b = actual.amounts;
  for (const by of ['incl', 'excl', 'vat'] as const) {
    if (compares('amount') && !a[by].equals(b[by])) return { field: 'amount', expected: amountText(a, by), actual: amountText(b, by) };
  }
  if (compares('vatCode') && expected.codes !== actual.codes) return { field: 'vatCode', expected: expected.codes, actual: actual.codes };
  if (compares('ledger') && expected.ledgers !== actual.ledgers) return { field: 'ledger', expected: expected.ledgers, actual: actual.ledgers };
  if (compares('date') && expected.date !== actual.date) return { field: 'date', expected: expected.date, actual: actual.date };
  // A bookkeeping that does not say the relation (undefined) is not a difference.
  if (compares('relation') && actual.relation !== undefined && (expected.relation ?? '') !== actual.relation) return { field: 'relation', expected: expected.relation ?? '', actual: actual.relation };
  return undefined;
}

/**
 * A booking as reconciliation keeps it while it reads a period of many documents: only what a
 * difference compares, as one string (JSON of the total incl., excl. and VAT, the VAT codes, the
 * ledgers, the date and the relation). Amounts are exact decimal text without trailing zeros, so
 * equal amounts give equal text and equal texts never differ. Its rows go into the totals when it
 * is made; the booking itself is not kept.
 */
export type ComparedText = string;

export function comparedText(summary: BookingSummary): ComparedText {
  const { amounts, codes, ledgers, date, relation } = comparedOf(summary);
  return JSON.stringify([amounts.incl.toString(), amounts.excl.toString(), amounts.vat.toString(), codes, ledgers, date, relation ?? null]);
}

function comparedOfText(text: ComparedText): Compared {
  const [incl, excl, vat, codes, ledgers, date, relation] = JSON.parse(text) as [string, string, string, string, string, LocalDate, string | null];
  return { amounts: { incl: Decimal.parse(incl), excl: Decimal.parse(excl), vat: Decimal.parse(vat) }, codes, ledgers, date, relation: relation ?? undefined };
}

/** `firstDifference` of two bookings kept as `comparedText`, of `fields` only when given. */
export function textDifference(expected: ComparedText, actual: ComparedText, fields?: readonly ComparedField[]): FieldDifference | undefined {
  return expected === actual ? undefined : differenceBetween(comparedOfText(expected), comparedOfText(actual), fields);
}
