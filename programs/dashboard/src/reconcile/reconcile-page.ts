/**
 * The Controle tab: a period in, the three sides' totals per VAT code and box out, with one line per
 * difference (its kind in words, what differs, why a document is missing), and "Opnieuw boeken" on
 * a document deleted from the books (confirmed on a page of its own).
 */
import { DIFFERENCE_KIND_WORDS } from '@koppelwerk/core';
import { differenceDetail, type ActionResult, type AmountsView, type ReconcileView } from '@koppelwerk/runtime';
import { dutchAmount, amountsInText } from '../dutch-format';
import { html, tenantPath, type SafeHtml } from '../html';
import type { Messages } from '../messages/nl';
import { storedText } from '../views/stored-text';
import { reconcileTexts } from './reconcile-texts';

export interface PeriodInput {
  from: string;
  to: string;
}

/** What the tab shows under the form: nothing yet, the report, a period it cannot use, or why there is no report. */
export type ReconcileResult = { view: ReconcileView } | { badPeriod: true } | { failed: ActionResult } | undefined;

function periodForm(m: Messages, tenant: string, period: PeriodInput): SafeHtml {
  const t = reconcileTexts(m.lang);
  return html`<form method="get" action="${tenantPath(tenant, 'reconcile')}" class="filters">
  <label>${t.from} <input type="date" name="from" value="${period.from}" required></label>
  <label>${t.to} <input type="date" name="to" value="${period.to}" required></label>
  <button type="submit" class="primary">${t.submit}</button>
</form>`;
}

function amount(m: Messages, value: string): string {
  return m.lang === 'nl' ? dutchAmount(value) : value;
}

function totalsTable(m: Messages, view: ReconcileView): SafeHtml {
  const t = reconcileTexts(m.lang);
  const sides = ['source', 'booked', 'books', 'difference'] as const;
  const cells = (a: AmountsView, side: string) =>
    (['excl', 'vat', 'incl'] as const).map((k) => html`<td class="amount${side === 'difference' && a[k] !== '0.00' ? ' differs' : ''}">${amount(m, a[k])}</td>`);
  return html`<h2>${t.totals}</h2>
<table class="reconcile-totals">
  <thead>
    <tr><th scope="col" rowspan="2">${t.vatCode}</th><th scope="col" rowspan="2">${t.box}</th>${sides.map((side) => html`<th scope="colgroup" colspan="3">${t.sides[side]}</th>`)}</tr>
    <tr>${sides.map(() => (['excl', 'vat', 'incl'] as const).map((k) => html`<th scope="col">${t.amounts[k]}</th>`))}</tr>
  </thead>
  <tbody>
${view.totals.map((row) => html`<tr><td><code>${row.vatCode}</code></td><td>${row.box}</td>${sides.map((side) => cells(row[side], side))}</tr>`)}
  </tbody>
</table>`;
}

function differencesTable(m: Messages, tenant: string, view: ReconcileView, csrf: string): SafeHtml {
  const t = reconcileTexts(m.lang);
  const what = (d: ReconcileView['differences'][number]) => {
    if (d.field === undefined && d.reason !== undefined) return storedText(m, { message: d.reason, code: d.reasonCode, params: d.reasonParams });
    const text = differenceDetail(d, m.lang);
    return html`${m.lang === 'nl' ? amountsInText(text) : text}`;
  };
  const rebook = (d: ReconcileView['differences'][number]) =>
    d.kind === 'deleted-in-books'
      ? html`<form method="post" action="${tenantPath(tenant, 'rebook')}" class="inline">
  <input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="document" value="${d.document}"><input type="hidden" name="invoiceNumber" value="${d.invoiceNumber}">
  <input type="hidden" name="from" value="${view.period.from}"><input type="hidden" name="to" value="${view.period.to}">
  <button type="submit">${t.rebook}</button>
</form>`
      : '';
  return html`<h2>${t.differences(view.differences.length)}</h2>
<table class="reconcile-differences">
  <thead><tr><th scope="col">${t.kind}</th><th scope="col">${t.document}</th><th scope="col">${t.invoiceNumber}</th><th scope="col">${t.what}</th><th scope="col"></th></tr></thead>
  <tbody>
${view.differences.map(
  (d) =>
    html`<tr class="kind-${d.kind}"><td>${DIFFERENCE_KIND_WORDS[d.kind]?.[m.lang] ?? d.kind}</td><td>${d.document}</td><td>${d.invoiceNumber || '-'}</td><td>${what(d)}</td><td>${rebook(d)}</td></tr>`,
)}
  </tbody>
</table>`;
}

export function reconcileTab(m: Messages, tenant: string, period: PeriodInput, result: ReconcileResult, csrf: string): SafeHtml {
  const t = reconcileTexts(m.lang);
  let body: SafeHtml | '' = '';
  if (result && 'badPeriod' in result) body = html`<p class="notice bad">${t.badPeriod}</p>`;
  else if (result && 'failed' in result) {
    const failed = result.failed;
    body = html`<section class="notice bad"><p>${t.failed}</p><p>${failed.text ? storedText(m, { message: failed.message, ...failed.text }) : failed.message}</p></section>`;
  } else if (result) {
    const view = result.view;
    const { source, booked, books } = view.counted;
    body = html`<p>${t.counted(source, booked, books)}</p>
${view.differences.length === 0 && html`<p class="notice good" role="status">${t.agree}</p>`}
${view.totals.length > 0 && totalsTable(m, view)}
${view.differences.length > 0 && differencesTable(m, tenant, view, csrf)}`;
  }
  return html`<p>${t.intro}</p>
${periodForm(m, tenant, period)}
${body}`;
}

/** The page that asks before a document is booked again. */
export function rebookConfirmation(m: Messages, tenant: string, input: { document: string; invoiceNumber: string; from: string; to: string }, csrf: string): SafeHtml {
  const t = reconcileTexts(m.lang);
  const back = `${tenantPath(tenant, 'reconcile')}?from=${encodeURIComponent(input.from)}&to=${encodeURIComponent(input.to)}`;
  return html`<section class="notice partial" role="alertdialog" aria-labelledby="rebook-title">
  <h2 id="rebook-title">${t.confirmTitle}</h2>
  <p>${t.confirm(input.document, input.invoiceNumber)}</p>
  <form method="post" action="${tenantPath(tenant, 'rebook')}" class="inline">
    <input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="document" value="${input.document}"><input type="hidden" name="confirm" value="yes">
    <input type="hidden" name="from" value="${input.from}"><input type="hidden" name="to" value="${input.to}">
    <button type="submit" class="primary">${t.confirmYes}</button>
  </form>
  <a href="${back}">${t.cancel}</a>
</section>`;
}
