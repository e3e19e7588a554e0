/**
 * Journal rows and their amounts. The rule, stated once:
 *   1. A line's amount is quantity × unit price, exact (no rounding per line).
 *   2. Lines with the same VAT code and ledger form one row; rows are grouped per VAT code (and rate).
 *   3. Per VAT code, the exact sum of its lines is rounded to cents once (half away from zero).
 *      The VAT is computed from that ROUNDED sum and rounded to cents once more:
 *        prices excl. VAT: VAT = round(round(sum) × r / 100)
 *        prices incl. VAT: VAT = round(round(sum) × r / (100 + r))
 *      Never from the exact sum: e-Boekhouden receives cents and computes the VAT of a code from
 *      the cent amount (the REST API takes no VAT amount at all), and an invoice states VAT as
 *      rate × taxable amount in cents. Example, excl. VAT at 21%: 3 × 8.181818 = 24.545454 exact,
 *      24.55 rounded, VAT round(5.1555) = 5.16, incl. 29.71 (from the exact sum it would be 5.15).
 *   4. The group's rounded totals are spread over its rows by cumulative rounding, so the rows add
 *      up to the group to the cent, and every row has incl = excl + VAT.
 *   5. When the source states what the customer paid and that differs (29.70 in the example, three
 *      lines of 9.90 incl. VAT), stated-total.ts books the source's total with a rounding row.
 */
import { Decimal, type JournalRow } from '@koppelwerk/core';

export interface RowInput {
  ledger: string;
  vatCode: string;
  vatRate: Decimal;
  /** Exact sum of the row's line amounts (incl. or excl. VAT as the document says). */
  amount: Decimal;
}

const CENTS = 2;

export function buildRows(inputs: RowInput[], pricesIncludeVat: boolean): JournalRow[] {
  const groups = new Map<string, RowInput[]>();
  for (const input of inputs) {
    const key = `${input.vatCode}|${input.vatRate.toString()}`;
    const group = groups.get(key);
    if (group) group.push(input);
    else groups.set(key, [input]);
  }
  const rows: JournalRow[] = [];
  for (const group of groups.values()) rows.push(...buildGroup(group, pricesIncludeVat));
  return rows;
}

function buildGroup(group: RowInput[], pricesIncludeVat: boolean): JournalRow[] {
  const rate = group[0].vatRate;
  const exactTotal = Decimal.sum(group.map((row) => row.amount));
  // Rule 3: the VAT of the rounded sum, not of the exact one.
  const total = exactTotal.round(CENTS);
  const vatTotal = pricesIncludeVat
    ? total.times(rate).dividedBy(Decimal.HUNDRED.plus(rate), CENTS)
    : total.times(rate).dividedBy(Decimal.HUNDRED, CENTS);
  const weights = group.map((row) => row.amount);
  const bases = spread(total, weights);
  const vats = spread(vatTotal, bases);
  return group.map((row, i) => {
    const amountVat = vats[i];
    const amountIncl = pricesIncludeVat ? bases[i] : bases[i].plus(amountVat);
    const amountExcl = amountIncl.minus(amountVat);
    return { ledger: row.ledger, vatCode: row.vatCode, vatRate: rate, amountExcl, amountVat, amountIncl };
  });
}

/**
 * Splits a cent amount over weights by cumulative rounding: the parts add up to `total` exactly
 * and each part is within a cent of its exact share.
 */
export function spread(total: Decimal, weights: Decimal[]): Decimal[] {
  if (weights.length === 1) return [total];
  const weightSum = Decimal.sum(weights);
  if (weightSum.isZero()) {
    // Rows that cancel out (a discount equal to a charge): each keeps its own rounded amount,
    // the last one absorbs the difference so the group still adds up.
    const parts = weights.map((w) => w.round(CENTS));
    const rest = total.minus(Decimal.sum(parts.slice(0, -1)));
    parts[parts.length - 1] = rest;
    return parts;
  }
  const parts: Decimal[] = [];
  let cumulative = Decimal.ZERO;
  let previous = Decimal.ZERO;
  for (const weight of weights) {
    cumulative = cumulative.plus(weight);
    const upTo = total.times(cumulative).dividedBy(weightSum, CENTS);
    parts.push(upTo.minus(previous));
    previous = upTo;
  }
  return parts;
}
