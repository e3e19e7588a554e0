/**
 * The account holder changes an invoice after it was booked (for tests, `editDocument` and the
 * control endpoint `POST /_sim/manual/edit-document {"number", "amountDelta"}`, `number` being the
 * invoice number, `invoicenr_full` or `invoicenr`): its first line with an amount and its total
 * incl. VAT change by `amountDelta`. The line's `linetotal` (and its unit `price`) change, the VAT
 * summary of the line's rate is worked out again as FactuurSturen does (per rate, rounded once),
 * and `tax`, `totalintax` and `open` follow. Prices excl. VAT (`extax`): the line changes by the
 * excl. part of the delta, chosen so the total changes by exactly `amountDelta` (when the rounding
 * of the VAT at that rate allows no such amount, by the nearest). A history item "Factuur
 * gewijzigd" stamps the change. Invoice discounts other than a percentage are not simulated (400).
 * The body is checked by the simulator toolkit's editDocumentBody.
 */
import { Decimal } from '@koppelwerk/core';
import { SimHttpError } from '@koppelwerk/testing';
import { keyedList } from '../keyed-list';
import { exactNumber } from '../mappers/invoice-lines';
import type { RawHistoryItem, RawInvoice, RawLine, RawTax } from '../raw-invoice';

const CENT = Decimal.parse('0.01');
const LAYOUT_TYPES = new Set(['subtotal', 'page_separator', 'bundle_start', 'bundle_end']);

const isMoneyLine = (line: RawLine) =>
  typeof line === 'object' && line !== null && !(typeof line.type === 'string' && LAYOUT_TYPES.has(line.type)) && !(line.amount === undefined && line.price === undefined && line.linetotal === undefined);

/** A line's amount: its stated `linetotal`, else quantity × price less its discount, to the cent. */
function lineTotal(line: RawLine): Decimal {
  const stated = line.linetotal === undefined || line.linetotal === '' ? undefined : exactNumber(line.linetotal);
  if (stated) return stated;
  const discount = exactNumber(line.discount_pct) ?? Decimal.ZERO;
  return (exactNumber(line.amount) ?? Decimal.ZERO).times(exactNumber(line.price) ?? Decimal.ZERO).times(Decimal.HUNDRED.minus(discount)).dividedBy(Decimal.HUNDRED, 2);
}

/** Changes the invoice in place; `stamp` is the account's clock as `yyyy-mm-dd hh:mm:ss`. */
export function editInvoice(invoice: RawInvoice, amountDelta: Decimal, stamp: string): RawInvoice {
  const number = invoice.invoicenr_full ?? invoice.invoicenr;
  const lines = (keyedList<RawLine>(invoice.lines) ?? []).map((entry) => entry.value).filter(isMoneyLine);
  const line = lines[0];
  const rate = exactNumber(line?.tax_rate);
  const quantity = exactNumber(line?.amount);
  if (!line || !rate || !quantity || quantity.isZero()) throw new SimHttpError(400, `invoice ${number} has no line with an amount to change`);
  const discount = exactNumber(invoice.discount) ?? Decimal.ZERO;
  if (!discount.isZero() && invoice.discounttype !== 'percentage') throw new SimHttpError(400, `invoice ${number} has a discount of an amount; changing it is not simulated`);
  const includesVat = invoice.tax_type === 'intax';
  const atRate = lines.filter((l) => exactNumber(l.tax_rate)?.equals(rate));
  const base = Decimal.sum(atRate.map(lineTotal));
  // The VAT summary of the rate as FactuurSturen works it out: the base less the invoice discount, VAT on it, rounded once.
  const summary = (lineBase: Decimal) => {
    const discounted = discount.isZero() ? lineBase : lineBase.times(Decimal.HUNDRED.minus(discount)).dividedBy(Decimal.HUNDRED, 2);
    const sum = includesVat ? discounted.times(rate).dividedBy(Decimal.HUNDRED.plus(rate), 2) : discounted.times(rate).dividedBy(Decimal.HUNDRED, 2);
    return { sumOf: includesVat ? discounted.minus(sum) : discounted, sum };
  };
  const total = (lineBase: Decimal) => {
    const s = summary(lineBase);
    return s.sumOf.plus(s.sum);
  };
  const before = total(base);
  const nearest = includesVat ? amountDelta : amountDelta.times(Decimal.HUNDRED).dividedBy(Decimal.HUNDRED.plus(rate), 2);
  const candidates = [0, 1, -1, 2, -2].map((cents) => nearest.plus(CENT.times(Decimal.of(cents))));
  const change = candidates.find((c) => total(base.plus(c)).minus(before).equals(amountDelta)) ?? nearest;

  const newLineTotal = lineTotal(line).plus(change);
  const lineDiscount = exactNumber(line.discount_pct) ?? Decimal.ZERO;
  line.linetotal = newLineTotal.toNumber();
  line.price = newLineTotal.times(Decimal.HUNDRED).dividedBy(quantity.times(Decimal.HUNDRED.minus(lineDiscount)), 6).toNumber();

  const after = summary(base.plus(change));
  const totalChange = total(base.plus(change)).minus(before);
  const taxes = keyedList<RawTax>(invoice.taxes) ?? [];
  const entry = taxes.find(({ value }) => exactNumber(value?.rate)?.equals(rate))?.value;
  if (entry) {
    const oldSum = exactNumber(entry.sum) ?? Decimal.ZERO;
    entry.sum = after.sum.toFixed(2);
    entry.sum_of = after.sumOf.toFixed(2);
    invoice.tax = (exactNumber(invoice.tax) ?? Decimal.ZERO).plus(after.sum).minus(oldSum).toFixed(2);
  }
  invoice.totalintax = (exactNumber(invoice.totalintax) ?? Decimal.ZERO).plus(totalChange).toFixed(2);
  invoice.open = (exactNumber(invoice.open) ?? Decimal.ZERO).plus(totalChange).toFixed(2);
  stampHistory(invoice, stamp);
  return invoice;
}

function stampHistory(invoice: RawInvoice, stamp: string): void {
  const items = keyedList<RawHistoryItem>(invoice.history) ?? [];
  const history: Record<string, RawHistoryItem> = Object.fromEntries(items.map(({ key, value }, index) => [/^item\d+$/.test(key) ? key : `item${index + 1}`, value]));
  history[`item${items.length + 1}`] = { date: stamp.slice(0, 10), time: stamp.slice(11, 16), description: 'Factuur gewijzigd' };
  invoice.history = history;
}
