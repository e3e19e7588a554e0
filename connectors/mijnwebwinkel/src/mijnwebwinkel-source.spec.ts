import { ConfigurationError, RecordError, type SourceDocument } from '@koppelwerk/core';
import { bookedOrders, rawOrder } from './__fixtures__/raw-order-builder';
import { keysOf, startHarness, type Harness } from './__fixtures__/source-harness';
import { generateOrders } from './simulator/generate-orders';

const ORDERS_CALL = 'GET /v1/orders';

describe('MijnwebwinkelSource reading orders', () => {
  let harness: Harness;
  afterEach(() => harness?.close());

  it.each([
    [20, 10, 3],
    [21, 10, 3],
    [19, 10, 2],
    [10, 10, 2],
    [0, 10, 1],
  ])('reads %i orders with page size %i in %i requests, each order once', async (count, pageSize, requests) => {
    harness = await startHarness({ orders: bookedOrders(count) });
    const { items } = await harness.read(null, { pageSize });
    expect(keysOf(items)).toEqual(bookedOrders(count).map((order) => String(order.number)));
    expect(harness.sim.server.calls.count(ORDERS_CALL)).toBe(requests);
  });

  it('books only Betaald, Verzonden and (Betaald &) Afgehaald orders, resolved from /orderstatuses, and never test orders', async () => {
    const orders = [
      rawOrder(1001, { status: 1 }),
      rawOrder(1002, { status: 2 }),
      rawOrder(1003, { status: 3 }),
      rawOrder(1004, { status: 4 }),
      rawOrder(1005, { status: 5 }),
      rawOrder(1006, { status: 6 }),
      rawOrder('1007-T', { status: 3 }),
    ];
    harness = await startHarness({ orders, sim: { } });
    const { items } = await harness.read(null);
    expect(keysOf(items)).toEqual(['1002', '1003', '1006']);
    // Test orders are not even listed by default; when a shop lists them anyway, they are skipped.
    expect(harness.sim.orders().some((order) => order.number === '1007-T')).toBe(true);
  });

  it('uses status ids from the shop, not fixed ids', async () => {
    const orderstatuses = [
      { status: 41, description: 'Open', credit_order: false },
      { status: 42, description: 'Betaald', credit_order: false },
      { status: 43, description: 'Verzonden', credit_order: false },
      { status: 44, description: 'Afgehaald', credit_order: false },
    ];
    const orders = [rawOrder(1, { status: 41 }), rawOrder(2, { status: 42 }), rawOrder(3, { status: 3 }), rawOrder(4, { status: 44 })];
    harness = await startHarness({ seed: { orders, orderstatuses } });
    expect(keysOf((await harness.read(null)).items)).toEqual(['2', '4']);
  });

  it('honours configured statuses and names an unknown one with the shop\'s own list', async () => {
    harness = await startHarness({ orders: [rawOrder(1, { status: 1 }), rawOrder(2, { status: 3 })], settings: { bookedStatuses: ['Nieuw'] } });
    expect(keysOf((await harness.read(null)).items)).toEqual(['1']);
    await harness.close();

    harness = await startHarness({ orders: [], settings: { bookedStatuses: ['Betaald', 'Bezorgd'] } });
    const error = await harness.read(null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('the shop has no order status "Bezorgd"; its statuses: "Nieuw", "Verzonden", "Betaald"');
    const check = await harness.source.check();
    expect(check).toMatchObject({ ok: false, errorClass: 'configuration' });
  });

  it('resumes from a saved cursor after a crash with nothing lost or repeated', async () => {
    const orders = bookedOrders(23);
    harness = await startHarness({ orders });
    const first = await harness.read(null, { pageSize: 5, maxPages: 2 });
    expect(first.items).toHaveLength(10);
    const rest = await harness.read(first.cursor, { pageSize: 5 });
    expect([...keysOf(first.items), ...keysOf(rest.items)]).toEqual(orders.map((order) => String(order.number)));

    harness.clock.now = new Date('2025-06-01T13:00:00Z');
    const again = await harness.read(rest.cursor, { pageSize: 5 });
    expect(again.items).toEqual([]);
  });

  it('delivers an order once when it first reaches a booked status, also when it changes at a page boundary', async () => {
    const orders = bookedOrders(12).map((order, i) => (i % 4 === 0 ? { ...order, status: 1 } : order));
    harness = await startHarness({ orders, now: '2025-06-01T08:00:00Z' });
    const run1page1 = await harness.read(null, { pageSize: 4, maxPages: 1 });
    expect(keysOf(run1page1.items)).toEqual(['1002', '1003', '1004']);

    // While the run is between pages: an order already passed and one still ahead get paid.
    harness.clock.now = new Date('2025-06-01T08:05:00Z');
    harness.sim.setStatus(1001, 3);
    harness.sim.setStatus(1009, 3);
    const run1rest = await harness.read(run1page1.cursor, { pageSize: 4 });
    expect(keysOf(run1rest.items)).toEqual(['1006', '1007', '1008', '1009', '1010', '1011', '1012']);

    harness.clock.now = new Date('2025-06-01T09:00:00Z');
    const run2 = await harness.read(run1rest.cursor, { pageSize: 4 });
    expect(keysOf(run2.items)).toEqual(['1001']);

    harness.clock.now = new Date('2025-06-01T10:00:00Z');
    expect((await harness.read(run2.cursor, { pageSize: 4 })).items).toEqual([]);
  });

  it('does not lose an order whose status changes just before the previous run started (clock boundary)', async () => {
    harness = await startHarness({ orders: bookedOrders(3, 1001, '2025-06-01 09:00:00'), now: '2025-06-01T08:00:00Z' });
    // 10:00 Amsterdam (08:00Z): run 1 reads the three orders.
    const run1 = await harness.read(null);
    expect(run1.items).toHaveLength(3);
    // A new order paid at 09:59:59 Amsterdam, committed late (it was not visible to run 1).
    harness.sim.addOrders(rawOrder(1004, {}, '2025-06-01 09:59:59'));
    harness.clock.now = new Date('2025-06-01T09:00:00Z');
    const run2 = await harness.read(run1.cursor);
    expect(keysOf(run2.items)).toEqual(['1004']);
    // It asked with the previous run's start minus the overlap window.
    expect(harness.sim.server.calls.count(ORDERS_CALL)).toBe(2);
  });

  it('books a credit order as a credit note against the original', async () => {
    const credit = rawOrder(1002, { status: 10, credited_order_number: 1001 });
    harness = await startHarness({ orders: [rawOrder(1001, { credit_order_numbers: [1002] }), credit] });
    const { items } = await harness.read(null);
    const documents = items.map((item) => (item.ok ? (item.record as SourceDocument) : null));
    expect(documents.map((doc) => [doc?.kind, doc?.number, doc?.originalNumber])).toEqual([
      ['sales-order', '1001', undefined],
      ['sales-credit-note', '1002', '1001'],
    ]);
  });

  it('refetches one order by number, refusing one that is gone or no longer booked', async () => {
    harness = await startHarness({ orders: [rawOrder('1001'), rawOrder(1002, { status: 5 })] });
    const item = await harness.source.fetch!('1001');
    expect(item).toMatchObject({ ok: true, key: '1001', record: { number: '1001' } });
    const gone = await harness.source.fetch!('9999');
    expect(gone).toMatchObject({ ok: false, key: '9999' });
    expect((gone as { error: RecordError }).error.message).toBe('order 9999 no longer exists in Mijnwebwinkel');
    const cancelled = await harness.source.fetch!('1002');
    expect((cancelled as { error: RecordError }).error).toMatchObject({ field: 'status', documentKey: '1002', message: 'order 1002 has status "Geannuleerd", which is not booked' });
  });

  it('exports a date range by order date without moving the cursor', async () => {
    const orders = [rawOrder(1, {}, '2025-05-30 10:00:00'), rawOrder(2, {}, '2025-05-31 10:00:00'), rawOrder(3, {}, '2025-06-01 10:00:00')];
    harness = await startHarness({ orders });
    const exported = await harness.read('{"v":1,"since":"2025-06-01 00:00:00","next":null,"offset":0,"seen":{}}', { from: '2025-05-31', to: '2025-06-01' });
    expect(keysOf(exported.items)).toEqual(['2', '3']);
    expect(exported.cursor).toBe('{"v":1,"since":"2025-06-01 00:00:00","next":null,"offset":0,"seen":{}}');
  });

  it('reads a generated shop of 200 orders: every booked order once, none refused', async () => {
    const shop = generateOrders({ count: 200, randomSeed: 7 });
    harness = await startHarness({ seed: { ...shop }, now: '2025-06-01T12:00:00Z' });
    const { items } = await harness.read(null, { pageSize: 50 });
    const expected = shop.orders.filter((order) => [2, 3, 6, 10].includes(order.status!) && !/T$/.test(String(order.number)));
    expect(items.filter((item) => !item.ok)).toEqual([]);
    expect(keysOf(items)).toEqual(expected.map((order) => String(order.number)));
    expect(items.some((item) => item.ok && (item.record as SourceDocument).kind === 'sales-credit-note')).toBe(true);
  });
});
