/**
 * A reconciliation report as a page (the Controle tab) or a worker's job gets it: plain data, the
 * amounts as decimal strings, each difference with its reason's code and params so the page words
 * it in its own language.
 */
import type { LocalDate } from '@koppelwerk/core';
import { differenceOf, type Difference, type ReconcileReport } from '../reconcile/reconcile-report';
import type { ActionResult } from './tenant-directory';

export interface AmountsView {
  excl: string;
  vat: string;
  incl: string;
}

export interface ReconcileView {
  tenant: string;
  period: { from: LocalDate; to: LocalDate };
  totals: { vatCode: string; box: string; source: AmountsView; booked: AmountsView; books: AmountsView; difference: AmountsView }[];
  differences: Difference[];
  counted: ReconcileReport['counted'];
}

/** What a page or a failed job shows instead of a report: why there is none. */
export type ReconcileOutcome = { view: ReconcileView } | { failed: ActionResult };

const amounts = (a: { excl: { toFixed(digits: number): string }; vat: { toFixed(digits: number): string }; incl: { toFixed(digits: number): string } }): AmountsView => ({
  excl: a.excl.toFixed(2),
  vat: a.vat.toFixed(2),
  incl: a.incl.toFixed(2),
});

export function reconcileView(report: ReconcileReport): ReconcileView {
  return {
    tenant: report.tenant,
    period: report.period,
    totals: report.totals.map((t) => ({ vatCode: t.vatCode, box: t.box, source: amounts(t.source), booked: amounts(t.booked), books: amounts(t.books), difference: amounts(differenceOf(t)) })),
    differences: report.differences.map((d) => ({ ...d })),
    counted: report.counted,
  };
}
