/**
 * The shop owner changes an order after it was booked (for tests, `editDocument` and the control
 * endpoint `POST /_sim/manual/edit-document {"number", "amountDelta"}`): the first line's amount
 * incl. VAT (its first price part, when the line is split over rates) and the order's total change
 * by `amountDelta`; the part's amount excl. VAT follows at its rate (to six decimals, as the shop
 * writes it) and so does the order's VAT at that rate; the status change stamp moves to the
 * shop's clock, the stamp the source's cursor reads, so the order is listed as changed. The body
 * is checked by the simulator toolkit's editDocumentBody.
 */
import { Decimal } from '@koppelwerk/core';
import { SimHttpError } from '@koppelwerk/testing';
import type { RawOrder, RawTaxPrice } from '../raw-order';

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
