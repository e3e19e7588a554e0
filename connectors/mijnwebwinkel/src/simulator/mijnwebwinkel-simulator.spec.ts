import { Decimal } from '@koppelwerk/core';
import { rawOrder } from '../__fixtures__/raw-order-builder';
import { generateOrders } from './generate-orders';
import { startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from './mijnwebwinkel-simulator';

describe('Mijnwebwinkel simulator', () => {
  let sim: RunningMijnwebwinkelSimulator;
  afterEach(() => sim?.close());

  const get = (path: string, auth: Record<string, string> = sim.credentials) =>
    fetch(`${sim.url}${path}${path.includes('?') ? '&' : '?'}${new URLSearchParams(auth)}`);

  it('starts with demo data and its demo login', async () => {
    sim = await startMijnwebwinkelSimulator();
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(sim.credentials)).toEqual(['token', 'partner_token']);
    const { count } = (await (await get('/v1/orders/count')).json()) as { count: number };
    expect(count).toBeGreaterThanOrEqual(40);
    expect(((await (await get('/v1/orderstatuses', { partner_token: sim.credentials.partner_token })).json()) as unknown[]).length).toBeGreaterThan(3);
  });

  it('serves seeded raw records exactly as given, quirks included', async () => {
    const quirky = rawOrder('1001', { price: { tax: { amount: '1.72', rate: '21.00' }, total: '9.90' }, shipping: [{ country: [] }] });
    sim = await startMijnwebwinkelSimulator({ seed: { orders: [quirky] } });
    expect(await (await get('/v1/orders/1001')).json()).toEqual(quirky);
    expect(await (await get('/v1/orders')).json()).toEqual([quirky]);
  });

  it('serves a seed whose list holds records that are not objects (mangled records, for bad-input tests)', async () => {
    const good = rawOrder('1002');
    sim = await startMijnwebwinkelSimulator({ seed: { orders: [null, good, '{"number": 10', 42] } });
    expect(await (await get('/v1/orders')).json()).toEqual([null, '{"number": 10', 42, good]);
    expect(await (await get('/v1/orders/1002')).json()).toEqual(good);
    expect((await get('/v1/orders/9999')).status).toBe(404);
  });

  it('refuses missing or wrong tokens with the API error body', async () => {
    sim = await startMijnwebwinkelSimulator();
    const refused = await get('/v1/orders', { token: 'wrong', partner_token: sim.credentials.partner_token });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ code: 401, message: 'Unauthorized', description: 'Invalid token' });
    expect((await get('/v1/orders', {})).status).toBe(401);
    expect((await get('/v1/orderstatuses', { partner_token: 'wrong' })).status).toBe(401);
  });

  it('filters by status change time, status, order date and test flag; orders by number; limits pages to 100', async () => {
    const orders = [rawOrder(3, {}, '2025-06-01 10:00:00'), rawOrder(1, { status: 2 }, '2025-06-01 11:00:00'), rawOrder('2-T', {}, '2025-06-01 12:00:00'), rawOrder(2, {}, '2025-06-02 09:00:00')];
    sim = await startMijnwebwinkelSimulator({ seed: { orders } });
    const numbers = async (query: string) => ((await (await get(`/v1/orders?${query}`)).json()) as { number: unknown }[]).map((o) => o.number);
    expect(await numbers('')).toEqual([1, 2, 3]);
    expect(await numbers('ordering=desc')).toEqual([3, 2, 1]);
    expect(await numbers('test=true')).toEqual([1, '2-T', 2, 3]);
    expect(await numbers(`status_changed_start_date=${encodeURIComponent('2025-06-01 11:00:00')}`)).toEqual([1, 2]);
    expect(await numbers('status_id=2')).toEqual([1]);
    expect(await numbers('start_date=2025-06-02')).toEqual([2]);
    expect(await numbers('limit=1&offset=1')).toEqual([2]);
    expect((await get('/v1/orders?limit=101')).status).toBe(400);
    expect((await get('/v1/orders?status_changed_start_date=2025-06-01')).status).toBe(400);
  });

  it('lists the orders as they are now on every page: a change between two pages shows on the next one', async () => {
    const orders = [rawOrder(1, { status: 2 }, '2025-06-01 10:00:00'), rawOrder(2, { status: 2 }, '2025-06-01 11:00:00'), rawOrder(3, { status: 2 }, '2025-06-01 12:00:00')];
    sim = await startMijnwebwinkelSimulator({ seed: { orders }, now: () => new Date('2025-07-01T10:00:00Z') });
    const page = async (offset: number) => ((await (await get(`/v1/orders?status_id=2&limit=1&offset=${offset}`)).json()) as { number: unknown }[]).map((o) => o.number);
    expect(await page(0)).toEqual([1]);
    sim.setStatus(2, 3);
    expect(await page(1)).toEqual([3]);
    await fetch(`${sim.url}/v1/orders/3?${new URLSearchParams(sim.credentials)}`, { method: 'PATCH', body: JSON.stringify({ status: 3 }) });
    sim.addOrders(rawOrder(4, { status: 2 }));
    expect(await page(1)).toEqual([4]);
  });

  it('changes an order status with PATCH, stamped with the shop clock', async () => {
    sim = await startMijnwebwinkelSimulator({ seed: { orders: [rawOrder(1, { status: 1 })] }, now: () => new Date('2025-07-01T10:00:00Z') });
    const patched = await fetch(`${sim.url}/v1/orders/1?${new URLSearchParams(sim.credentials)}`, { method: 'PATCH', body: JSON.stringify({ status: 3 }) });
    expect(await patched.json()).toMatchObject({ status: 3, status_changed_date: '2025-07-01', status_changed_time: '12:00:00' });
    expect((await get('/v1/orders/99')).status).toBe(404);
  });

  it('injects faults and resets to the seed through /_sim/', async () => {
    sim = await startMijnwebwinkelSimulator({ seed: { orders: [rawOrder(1, { status: 1 })] }, faults: { rateLimitNext: 1, retryAfterSeconds: 3 } });
    const limited = await get('/v1/orders');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(await limited.json()).toMatchObject({ code: 429, message: 'Too Many Requests' });
    sim.setStatus(1, 3);
    await fetch(`${sim.url}/_sim/reset`, { method: 'POST' });
    expect(sim.orders()[0].status).toBe(1);
    expect((await get('/v1/orders')).status).toBe(429);
  });

  it('exposes its fault layer like the other simulators: faults set while running hit the next calls', async () => {
    sim = await startMijnwebwinkelSimulator({ seed: { orders: [rawOrder(1, { status: 1 })] }, randomSeed: 3 });
    sim.faults.set({ failNext: 1, errorStatus: 502 });
    const failed = await get('/v1/orders');
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({ code: 502 });
    expect((await get('/v1/orders')).status).toBe(200);
    expect(sim.faults.injected().failed).toBe(1);
  });

  it('refuses a seed with unknown resources', async () => {
    await expect(startMijnwebwinkelSimulator({ seed: { invoices: [] } })).rejects.toThrow('unknown resource "invoices"; known: orders, orderstatuses, store');
  });
});

describe('generateOrders', () => {
  it('makes realistic, internally consistent orders: rates, costs, repeat customers, credit orders, currencies, quirks', () => {
    const { orders } = generateOrders({ count: 300, randomSeed: 11 });
    for (const order of orders) {
      const parts = order.orderlines!.flatMap((line) => (Array.isArray(line.price) ? line.price : [line.price!]));
      expect(Decimal.sum(parts.map((part) => Decimal.parse(part.amount_including_tax!))).toFixed(2)).toBe(order.price!.total);
    }
    const rates = new Set(orders.flatMap((order) => order.orderlines!.flatMap((line) => (Array.isArray(line.price) ? line.price : [line.price!]).map((p) => p.rate))));
    expect([...rates].sort()).toEqual(['0.00', '21.00', '9.00']);
    const emails = orders.map((order) => order.debtor!.email);
    expect(new Set(emails).size).toBeLessThan(emails.length / 2);
    expect(orders.some((order) => order.credited_order_number)).toBe(true);
    expect(new Set(orders.map((order) => order.currency)).size).toBeGreaterThan(1);
    expect(new Set(orders.map((order) => order.tax_strategy))).toEqual(new Set(['', 'zero_percent', 'reverse_charged_vat']));
    expect(orders.some((order) => typeof order.number === 'string')).toBe(true);
    expect(orders.some((order) => order.price!.tax !== undefined && !Array.isArray(order.price!.tax))).toBe(true);
    expect(orders.some((order) => order.orderlines!.some((line) => Array.isArray(line.price) && line.price.length > 1))).toBe(true);
    expect(orders.some((order) => /T$/.test(String(order.number)))).toBe(true);
    expect(JSON.stringify(generateOrders({ count: 5, randomSeed: 3 }))).toBe(JSON.stringify(generateOrders({ count: 5, randomSeed: 3 })));
  });
});
