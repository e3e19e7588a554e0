/**
 * Journal rows and their amounts. The rule, stated once:
 *   1. A line's amount is quantity × unit price, exact.
 *   2. Lines with the same VAT code and ledger form one row; rows are grouped per VAT code (and rate).
 *   3. Per VAT code, the total is rounded to cents once (half away from zero), and so is its VAT:
 *      prices incl. VAT: VAT = total × r / (100 + r); prices excl. VAT: VAT = total × r / 100.
 *      This is how e-Boekhouden totals VAT per rate.
 *   4. The group's rounded totals are spread over its rows by cumulative rounding, so the rows add
 *      up to the group to the cent, and every row has incl = excl + VAT.
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
