/**
 * The shop owner changes an order after it was booked (for tests, `editDocument` and the control
 * endpoint `POST /_sim/manual/edit-document {"number", "amountDelta"}`): the first line's amount
 * incl. VAT (its first price part, when the line is split over rates) and the order's total change
 * by `amountDelta`; the part's amount excl. VAT follows at its rate (to six decimals, as the shop
 * writes it) and so does the order's VAT at that rate; the status change stamp moves to the
 * shop's clock, the stamp the source's cursor reads, so the order is listed as changed.
 */
import { Decimal } from '@koppelwerk/core';
import { SimHttpError } from '@koppelwerk/testing';
import type { RawOrder, RawTaxPrice } from '../raw-order';

const AMOUNT = /^-?\d+(\.\d{1,2})?$/;

/** `amountDelta` as the body gives it: euros with at most two decimals, as a string or a number. */
export function amountDeltaOf(value: unknown): Decimal {
  const raw = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!AMOUNT.test(raw)) throw new SimHttpError(400, `amountDelta must be an amount in euros with at most two decimals, such as "12.50" or -5 (got ${JSON.stringify(value)})`);
  return Decimal.parse(raw);
}

/** The body of `POST /_sim/manual/edit-document`, checked: `{number, amountDelta}`. */
export function editDocumentBody(body: unknown): { number: string; amountDelta: Decimal } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SimHttpError(400, 'the body must be a JSON object {"number", "amountDelta"}');
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => key !== 'number' && key !== 'amountDelta');
  if (unknown.length > 0) throw new SimHttpError(400, `unknown field ${unknown.join(', ')}; known: number, amountDelta`);
  if ((typeof fields.number !== 'string' && typeof fields.number !== 'number') || String(fields.number).trim() === '') {
    throw new SimHttpError(400, 'number is required: the order number as the API shows it');
  }
  if (fields.amountDelta === undefined) throw new SimHttpError(400, 'amountDelta is required');
  return { number: String(fields.number).trim(), amountDelta: amountDeltaOf(fields.amountDelta) };
}

/** Changes the order in place; `stamp` is the shop's clock as `yyyy-mm-dd hh:mm:ss`. */
export function editOrder(order: RawOrder, amountDelta: Decimal, stamp: string): RawOrder {
  const line = Array.isArray(order.orderlines) ? order.orderlines[0] : undefined;
  const part: RawTaxPrice | undefined = Array.isArray(line?.price) ? line.price[0] : line?.price;
  const incl = Decimal.tryParse(String(part?.amount_including_tax ?? ''));
  const rate = Decimal.tryParse(String(part?.rate ?? ''));
  const total = Decimal.tryParse(String(order.price?.total ?? ''));
  if (!part || !incl || !rate || !total) throw new SimHttpError(400, `order ${String(order.number)} has no first line with a price and a total to change`);
  const newIncl = incl.plus(amountDelta);
  const newExcl = newIncl.times(Decimal.HUNDRED).dividedBy(Decimal.HUNDRED.plus(rate), 6);
  part.amount_including_tax = newIncl.toFixed(2);
  part.amount = newExcl.toFixed(6);
  order.price!.total = total.plus(amountDelta).toFixed(2);
  // The order's VAT at that rate, as the shop states it: incl. minus excl. of its parts at the rate, to the cent.
  const taxes = order.price!.tax === undefined ? [] : Array.isArray(order.price!.tax) ? order.price!.tax : [order.price!.tax];
  const tax = taxes.find((t) => Decimal.tryParse(String(t.rate ?? ''))?.equals(rate));
  if (tax) {
    const parts = order.orderlines!.flatMap((l) => (Array.isArray(l.price) ? l.price : l.price ? [l.price] : []));
    const atRate = parts.filter((p) => Decimal.tryParse(String(p.rate ?? ''))?.equals(rate));
    const vat = Decimal.sum(atRate.map((p) => (Decimal.tryParse(String(p.amount_including_tax)) ?? Decimal.ZERO).minus(Decimal.tryParse(String(p.amount)) ?? Decimal.ZERO)));
    tax.amount = vat.round(2).toFixed(2);
  }
  order.status_changed_date = stamp.slice(0, 10);
  order.status_changed_time = stamp.slice(11, 19);
  return order;
}
