/**
 * The total the customer paid wins. The rows are rounded per VAT code (amounts.ts), and a source
 * that rounds per line (a webshop with prices excl. VAT) can end a cent or two away from that.
 * The bookkeeper wants the debtor's open item to be what the customer paid, so:
 *   - the same total: nothing to do;
 *   - a difference up to `mapping.rounding.maxDifference`: the source's total is booked, with the
 *     difference on one rounding row (VAT code GEEN, no VAT) on the rounding ledger;
 *   - a larger difference: the document is refused with both totals and the difference, because
 *     that is no rounding but an error in the source's data or in the mapping.
 */
import { Decimal, RecordError, isCreditNote, type CodedText, type ExplainStep, type JournalRow, type SourceDocument } from '@koppelwerk/core';
import { because, valueOf, worded } from './worded';

export interface RoundingSettings {
  /** Where the difference goes; undefined when neither the rounding nor the default ledger is set. */
  ledger: string | undefined;
  /** Where the ledger came from, as a user finds it in the config (`ruleText` when words are part of it). */
  ledgerRule: { rule: string; ruleText?: CodedText };
  maxDifference: Decimal;
}

export const ROUNDING_VAT_CODE = 'GEEN';
export const ROUNDING_DESCRIPTION = 'Afrondingsverschil';

/**
 * The rounding row that makes the rows add up to the source's stated total, or undefined when they
 * already do (or the source states no total). Throws a record error when the difference is too large.
 */
export function roundingRow(
  document: SourceDocument,
  rows: JournalRow[],
  factor: Decimal,
  settings: RoundingSettings,
  documentKey: string,
  trace: ExplainStep[] | null,
): JournalRow | undefined {
  if (document.statedTotal === undefined) return undefined;
  const stated = document.statedTotal.times(factor).round(2);
  // A credit note books negative, whichever sign the source writes its total with.
  const expected = isCreditNote(document.kind) ? stated.abs().negated() : stated;
  const booked = Decimal.sum(rows.map((row) => row.amountIncl));
  const difference = expected.minus(booked);
  const totals = { booked: booked.toFixed(2), expected: expected.toFixed(2) };
  if (difference.isZero()) {
    trace?.push({ target: 'total', value: booked.toFixed(2), rule: 'mapping.rounding', ...because('EXPLAIN_TOTAL', totals) });
    return undefined;
  }
  const where = { kind: document.kind, number: document.number, ...totals, difference: difference.toFixed(2) };
  if (difference.abs().compare(settings.maxDifference) > 0) {
    throw new RecordError(...worded('MAP_TOTAL_MISMATCH', { ...where, maxDifference: settings.maxDifference.toFixed(2) }, { field: 'statedTotal', documentKey }));
  }
  if (!settings.ledger) {
    throw new RecordError(...worded('MAP_NO_ROUNDING_LEDGER', where, { field: 'statedTotal', documentKey }));
  }
  trace?.push({
    target: 'total',
    ...valueOf('EXPLAIN_VALUE_ROUNDED', { expected: expected.toFixed(2), difference: difference.toFixed(2), ledger: settings.ledger }),
    ...settings.ledgerRule,
    ...because('EXPLAIN_TOTAL', { ...totals, difference: difference.toFixed(2), maxDifference: settings.maxDifference.toFixed(2) }),
  });
  return {
    ledger: settings.ledger,
    vatCode: ROUNDING_VAT_CODE,
    vatRate: Decimal.ZERO,
    amountExcl: difference,
    amountVat: Decimal.ZERO,
    amountIncl: difference,
    description: ROUNDING_DESCRIPTION,
  };
}
