/** The shop owner changes a booked order (editDocument, and over HTTP POST /_sim/manual/edit-document); read back through the API. */
import { Decimal } from '@koppelwerk/core';
import { EDIT_DOCUMENT_CONTROL, simControl } from '@koppelwerk/testing';
import { rawOrder } from '../__fixtures__/raw-order-builder';
import type { RawOrder, RawTaxPrice } from '../raw-order';
import { startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from './mijnwebwinkel-simulator';

let sim: RunningMijnwebwinkelSimulator;
afterEach(() => sim?.close());

const twoRates = () =>
  rawOrder(1001, {
    price: { tax: [{ amount: '1.72', rate: '21.00' }, { amount: '0.25', rate: '9.00' }], total: '12.90' },
    orderlines: [
      { id: 'a', type: 'article', quantity: 2, description: 'Mok', price: { amount: '8.181818', amount_including_tax: '9.90', rate: '21.00' } },
      { id: 'b', type: 'article', quantity: 1, description: 'Koffie', price: { amount: '2.752294', amount_including_tax: '3.00', rate: '9.00' } },
    ],
  });

async function order(number: number | string): Promise<RawOrder> {
  const response = await fetch(`${sim.url}/v1/orders/${number}?${new URLSearchParams(sim.credentials)}`);
  return (await response.json()) as RawOrder;
}

const parts = (o: RawOrder) => o.orderlines!.flatMap((l) => (Array.isArray(l.price) ? l.price : [l.price as RawTaxPrice]));
const inclSum = (o: RawOrder) => Decimal.sum(parts(o).map((p) => Decimal.parse(p.amount_including_tax!))).toFixed(2);

it('changes the first line incl. VAT and the total by amountDelta; excl. and the VAT at its rate follow; the change stamp moves', async () => {
  sim = await startMijnwebwinkelSimulator({ seed: { orders: [twoRates()] }, now: () => new Date('2025-07-01T10:00:00Z') });
  sim.editDocument(1001, '-2.00');
  const changed = await order(1001);
  expect(changed.orderlines![0].price).toEqual({ amount: '6.528926', amount_including_tax: '7.90', rate: '21.00' });
  expect(changed.orderlines![1].price).toEqual({ amount: '2.752294', amount_including_tax: '3.00', rate: '9.00' });
  expect(changed.price).toEqual({ tax: [{ amount: '1.37', rate: '21.00' }, { amount: '0.25', rate: '9.00' }], total: '10.90' });
  expect(inclSum(changed)).toBe('10.90');
  expect([changed.status_changed_date, changed.status_changed_time]).toEqual(['2025-07-01', '12:00:00']);
  const since = await fetch(`${sim.url}/v1/orders?${new URLSearchParams({ ...sim.credentials, status_changed_start_date: '2025-07-01 00:00:00' })}`);
  expect(((await since.json()) as RawOrder[]).map((o) => o.number)).toEqual([1001]);
});

it('changes the first price part of a line split over rates; a number works as amountDelta', async () => {
  const split = rawOrder(1002, {
    price: { tax: { amount: '0.52', rate: '21.00' }, total: '3.00' },
    orderlines: [{ id: 'a', type: 'article', quantity: 1, description: 'Pakket', price: [{ amount: '1.652893', amount_including_tax: '2.00', rate: '21.00' }, { amount: '0.917431', amount_including_tax: '1.00', rate: '9.00' }] }],
  });
  sim = await startMijnwebwinkelSimulator({ seed: { orders: [split] } });
  expect(sim.editDocumentRequest({ number: '1002', amountDelta: 1.5 }).price).toEqual({ tax: { amount: '0.61', rate: '21.00' }, total: '4.50' });
  expect(parts(await order(1002))).toEqual([
    { amount: '2.892562', amount_including_tax: '3.50', rate: '21.00' },
    { amount: '0.917431', amount_including_tax: '1.00', rate: '9.00' },
  ]);
});

it('is a control request over HTTP: POST /_sim/manual/edit-document changes the order the API then shows, the order listed as changed since', async () => {
  sim = await startMijnwebwinkelSimulator({ seed: { orders: [twoRates()] }, now: () => new Date('2025-07-01T10:00:00Z') });
  const answer = await simControl(sim.url, EDIT_DOCUMENT_CONTROL, { number: 1001, amountDelta: '2.50' });
  expect(answer).toMatchObject({ status: 200, body: { number: 1001, price: { total: '15.40' } } });
  const changed = await order(1001);
  expect(changed.price!.total).toBe('15.40');
  expect(inclSum(changed)).toBe('15.40');
  expect([changed.status_changed_date, changed.status_changed_time]).toEqual(['2025-07-01', '12:00:00']);
  // A control request is not an API call: not counted, and not faulted.
  sim.faults.set({ failNext: 1 });
  expect((await simControl(sim.url, EDIT_DOCUMENT_CONTROL, { number: '1001', amountDelta: -0.5 })).status).toBe(200);
  expect(sim.server.calls.count('POST /_sim/manual/edit-document')).toBe(0);
  sim.faults.set({ failNext: 0 });
  expect((await order(1001)).price!.total).toBe('14.90');
});

it('says what is wrong with the request: 404 for an unknown order, 400 for a body that is not JSON, a missing number or a bad amount', async () => {
  sim = await startMijnwebwinkelSimulator({ seed: { orders: [twoRates()] } });
  const refusal = (body: unknown) => simControl(sim.url, EDIT_DOCUMENT_CONTROL, body);
  const refused = (status: number, error: string) => ({ status, body: { error } });
  expect(await refusal({ number: 9999, amountDelta: '1.00' })).toEqual(refused(404, 'Order 9999 not found'));
  expect(await refusal('{"number": 1001,')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^the body must be JSON \(/) } });
  expect(await refusal(undefined)).toEqual(refused(400, 'the body must be a JSON object {"number", "amountDelta"}'));
  expect(await refusal({ amountDelta: '1.00' })).toEqual(refused(400, 'number is required: the order number as the API shows it'));
  expect(await refusal({ number: 1001 })).toEqual(refused(400, 'amountDelta is required'));
  expect(await refusal({ number: 1001, amountDelta: '1,00' })).toEqual(refused(400, 'amountDelta must be an amount in euros with at most two decimals, such as "12.50" or -5 (got "1,00")'));
  expect(await refusal({ number: 1001, amountDelta: 1, total: 2 })).toEqual(refused(400, 'unknown field total; known: number, amountDelta'));
  expect(await refusal([])).toEqual(refused(400, 'the body must be a JSON object {"number", "amountDelta"}'));
  expect((await order(1001)).price!.total).toBe('12.90');
});
