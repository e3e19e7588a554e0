/**
 * What `koppelwerk reconcile` finds for a period: the totals per VAT code and VAT-return box as the
 * source says them, as Koppelwerk booked them and as the books hold them now, and one line per
 * document and kind of difference. The JSON form (`reportJson`) is the stable surface: amounts as
 * decimal strings, `difference` the books minus the source.
 */
import { Decimal, vatCodeInfo, type LocalDate } from '@koppelwerk/core';
import { addAmounts, NO_AMOUNTS, type Amounts, type BookingSummary, type ComparedField } from './booking-summary';

export type DifferenceKind = 'missing-in-books' | 'deleted-in-books' | 'changed-in-books' | 'unknown-in-books' | 'changed-in-source';

export const DIFFERENCE_KINDS: readonly DifferenceKind[] = ['missing-in-books', 'deleted-in-books', 'changed-in-books', 'unknown-in-books', 'changed-in-source'];

export interface Difference {
  kind: DifferenceKind;
  /** The source's key of the document (what `--rebook` takes); the invoice number when no document of this tenant has it. */
  document: string;
  invoiceNumber: string;
  field?: ComparedField;
  expected?: string;
  actual?: string;
  /** Why a document is missing (parked, pending, not yet read, cannot be booked), in English. */
  reason?: string;
  /** `reason` by its catalogue code and params, for other languages. */
  reasonCode?: string;
  reasonParams?: Record<string, string | number>;
}

export type TotalsSide = 'source' | 'booked' | 'books';

export interface VatTotals {
  vatCode: string;
  box: string;
  source: Amounts;
  booked: Amounts;
  books: Amounts;
}

export interface ReconcileReport {
  tenant: string;
  period: { from: LocalDate; to: LocalDate };
  totals: VatTotals[];
  differences: Difference[];
  /** How many documents each side had in the period. */
  counted: { source: number; booked: number; books: number };
}

/** Totals per VAT code, filled side by side. */
export class TotalsTable {
  private readonly rows = new Map<string, VatTotals>();

  add(side: TotalsSide, summary: BookingSummary): void {
    for (const row of summary.rows) {
      const totals = this.rowOf(row.vatCode);
      totals[side] = addAmounts(totals[side], row);
    }
  }

  /** Sorted by box, then VAT code. */
  list(): VatTotals[] {
    return [...this.rows.values()].sort((a, b) => a.box.localeCompare(b.box) || a.vatCode.localeCompare(b.vatCode));
  }

  private rowOf(vatCode: string): VatTotals {
    let row = this.rows.get(vatCode);
    if (!row) {
      row = { vatCode, box: vatCodeInfo(vatCode)?.box ?? '-', source: NO_AMOUNTS, booked: NO_AMOUNTS, books: NO_AMOUNTS };
      this.rows.set(vatCode, row);
    }
    return row;
  }
}

const money = (value: Decimal) => value.toFixed(2);
const amountsJson = (a: Amounts) => ({ excl: money(a.excl), vat: money(a.vat), incl: money(a.incl) });

/** The books minus the source. */
export function differenceOf(totals: VatTotals): Amounts {
  return { excl: totals.books.excl.minus(totals.source.excl), vat: totals.books.vat.minus(totals.source.vat), incl: totals.books.incl.minus(totals.source.incl) };
}

/** The report as `--json` prints it. */
export function reportJson(report: ReconcileReport): unknown {
  return {
    period: report.period,
    totals: report.totals.map((t) => ({
      vatCode: t.vatCode,
      box: t.box,
      source: amountsJson(t.source),
      booked: amountsJson(t.booked),
      books: amountsJson(t.books),
      difference: amountsJson(differenceOf(t)),
    })),
    differences: report.differences.map((d) => ({
      kind: d.kind,
      document: d.document,
      invoiceNumber: d.invoiceNumber,
      ...(d.field !== undefined ? { field: d.field } : {}),
      ...(d.expected !== undefined ? { expected: d.expected } : {}),
      ...(d.actual !== undefined ? { actual: d.actual } : {}),
      ...(d.reason !== undefined ? { reason: d.reason } : {}),
    })),
  };
}
