/**
 * A reconciliation report for people, in the CLI's language: the totals per VAT code and box side
 * by side, then one line per difference with its kind, document, invoice number and what differs.
 */
import { COMPARED_FIELD_WORDS, DIFFERENCE_KIND_WORDS, renderMessage, type Language } from '@koppelwerk/core';
import { table } from '../output';
import type { Amounts } from './booking-summary';
import { differenceOf, type Difference, type ReconcileReport } from './reconcile-report';

const HEADERS: Record<Language, string[]> = {
  en: ['VAT code', 'box', 'source excl', 'source VAT', 'booked excl', 'booked VAT', 'books excl', 'books VAT', 'difference excl', 'difference VAT'],
  nl: ['btw-code', 'rubriek', 'bron excl', 'bron btw', 'geboekt excl', 'geboekt btw', 'boekhouding excl', 'boekhouding btw', 'verschil excl', 'verschil btw'],
};

const pair = (a: Amounts) => [a.excl.toFixed(2), a.vat.toFixed(2)];

/** What differs in one line: `amount: 121.00 → 131.00`, or why a document is missing. */
export function differenceDetail(difference: Difference, language: Language): string {
  const reason = difference.reason !== undefined ? renderMessage(difference.reasonCode, difference.reasonParams, language, difference.reason).text : undefined;
  if (difference.field === undefined) return reason ?? '';
  const field = COMPARED_FIELD_WORDS[difference.field]?.[language] ?? difference.field;
  const empty = language === 'nl' ? '(geen)' : '(none)';
  return `${field}: ${difference.expected || empty} → ${difference.actual || empty}`;
}

export function reconcileLines(report: ReconcileReport, language: Language): string[] {
  const nl = language === 'nl';
  const { from, to } = report.period;
  const lines = [
    nl
      ? `controle van ${report.tenant}, ${from} t/m ${to}: ${report.counted.source} document(en) in de bron, ${report.counted.booked} geboekt door Koppelwerk, ${report.counted.books} in de boekhouding`
      : `reconciliation of ${report.tenant}, ${from} to ${to}: ${report.counted.source} document(s) in the source, ${report.counted.booked} booked by Koppelwerk, ${report.counted.books} in the books`,
    '',
  ];
  const rows = report.totals.map((t) => [t.vatCode, t.box, ...pair(t.source), ...pair(t.booked), ...pair(t.books), ...pair(differenceOf(t))]);
  if (rows.length > 0) lines.push(...table(HEADERS[language], rows, [2, 3, 4, 5, 6, 7, 8, 9]), '');
  if (report.differences.length === 0) {
    lines.push(nl ? 'de boekhouding klopt met de bron' : 'the books agree with the source');
    return lines;
  }
  const count = report.differences.length;
  lines.push(nl ? `${count} verschil${count === 1 ? '' : 'len'}:` : `${count} difference${count === 1 ? '' : 's'}:`);
  const differences = report.differences.map((d) => [d.kind, d.document, d.invoiceNumber || '-', differenceDetail(d, language)]);
  lines.push(...table(nl ? ['soort', 'document', 'factuurnummer', 'wat'] : ['kind', 'document', 'invoice number', 'what'], differences).map((line) => `  ${line}`));
  const kinds = [...new Set(report.differences.map((d) => d.kind))];
  lines.push('', ...kinds.map((kind) => `  ${kind}: ${DIFFERENCE_KIND_WORDS[kind]?.[language] ?? kind}`));
  return lines;
}
