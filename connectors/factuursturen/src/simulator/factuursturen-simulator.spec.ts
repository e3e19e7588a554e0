import { Decimal } from '@koppelwerk/core';
import { rawInvoice } from '../__fixtures__/raw-invoice-builder';
import { keyedList } from '../keyed-list';
import type { RawLine, RawTax } from '../raw-invoice';
import { startFactuursturenSimulator, type RunningFactuursturenSimulator } from './factuursturen-simulator';
import { generateInvoices } from './generate-invoices';

describe('FactuurSturen simulator', () => {
  let sim: RunningFactuursturenSimulator;
  afterEach(() => sim?.close());

  const auth = (login: { username: string; apiKey: string } = sim.credentials) => `Basic ${Buffer.from(`${login.username}:${login.apiKey}`).toString('base64')}`;
  const get = (path: string, headers: Record<string, string> = { authorization: auth(), accept: 'application/json' }) => fetch(`${sim.url}/api/v1${path}`, { headers });

  it('starts with demo data and its demo login', async () => {
    sim = await startFactuursturenSimulator();
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(sim.credentials)).toEqual(['username', 'apiKey']);
    expect(((await (await get('/invoices')).json()) as unknown[]).length).toBeGreaterThanOrEqual(40);
    expect(((await (await get('/purchase_invoices')).json()) as unknown[]).length).toBeGreaterThan(0);
    expect(await (await get('/countrylist')).json()).toContainEqual({ id: '146', name: 'Nederland' });
  });

  it('serves seeded raw records exactly as given, single records wrapped, lists bare', async () => {
    const quirky = rawInvoice('20170132', { taxes: [], history: [], invoicenr: '2025/001' });
    sim = await startFactuursturenSimulator({ seed: { invoices: [quirky] } });
    expect(await (await get('/invoices')).json()).toEqual([quirky]);
    expect(await (await get('/invoices/20170132')).json()).toEqual({ invoice: quirky });
    expect(await (await get(`/invoices/${encodeURIComponent('2025/001')}`)).json()).toEqual({ invoice: quirky });
    const missing = await get('/invoices/404');
    expect([missing.status, await missing.text()]).toEqual([404, 'Invoice 404 not found']);
  });

  it('answers XML unless JSON is asked for', async () => {
    sim = await startFactuursturenSimulator({ seed: { invoices: [rawInvoice(1)] } });
    const xml = await get('/invoices/1', { authorization: auth() });
    expect(xml.headers.get('content-type')).toContain('application/xml');
    expect(await xml.text()).toMatch(/^<\?xml[^>]*>\n<invoice><invoice><id>1<\/id>/);
  });

  it('refuses a missing or wrong login with a plain-text 401', async () => {
    sim = await startFactuursturenSimulator();
    const wrong = await get('/invoices', { authorization: auth({ username: sim.credentials.username, apiKey: 'wrong' }), accept: 'application/json' });
    expect([wrong.status, await wrong.text()]).toEqual([401, 'Invalid username or API key']);
    expect((await get('/invoices', { accept: 'application/json' })).status).toBe(401);
  });

  it('counts every call against the hourly quota, answers 403 at 0, and starts again next hour', async () => {
    let now = new Date('2025-06-20T10:59:00Z');
    sim = await startFactuursturenSimulator({ quotaPerHour: 2, now: () => now });
    expect((await get('/countrylist')).headers.get('x-ratelimit-remaining')).toBe('1');
    expect((await get('/countrylist')).headers.get('x-ratelimit-remaining')).toBe('0');
    const spent = await get('/countrylist');
    expect([spent.status, spent.headers.get('x-ratelimit-remaining'), await spent.text()]).toEqual([403, '0', 'API limit reached for this hour']);
    now = new Date('2025-06-20T11:00:00Z');
    expect((await get('/countrylist')).status).toBe(200);
  });

  it('filters by date, filter and client; pages with count and offset (or start); an unknown client number lists every client', async () => {
    const invoices = [rawInvoice(3, { clientnr: '2' }, '2025-06-03'), rawInvoice(1, { open: '0.00' }, '2025-06-01'), rawInvoice(2, {}, '2025-06-02')];
    sim = await startFactuursturenSimulator({ seed: { invoices, clients: [{ clientnr: '1' }, { clientnr: '2' }] }, now: () => new Date('2025-06-10T12:00:00Z') });
    const ids = async (query: string) => ((await (await get(`/invoices?${query}`)).json()) as { id: string }[]).map((i) => i.id);
    expect(await ids('')).toEqual(['1', '2', '3']);
    expect(await ids('since=2025-06-02')).toEqual(['2', '3']);
    expect(await ids('until=2025-06-02')).toEqual(['1', '2']);
    expect(await ids('filter=paid')).toEqual(['1']);
    expect(await ids('clientnr=2')).toEqual(['3']);
    expect(await ids('count=1&offset=1')).toEqual(['2']);
    expect(await ids('count=1&start=2')).toEqual(['3']);
    expect(await ids('count=-1')).toEqual(['1', '2', '3']);
    expect((await get('/invoices?since=01-06-2025')).status).toBe(400);
    expect((await get('/invoices?filter=unpaid')).status).toBe(400);
    expect(await (await get('/clients/2')).json()).toEqual({ client: { clientnr: '2' } });
    expect(await (await get('/clients/99')).json()).toEqual([{ clientnr: '1' }, { clientnr: '2' }]);
  });

  it('injects faults and resets to the seed through /_sim/', async () => {
    sim = await startFactuursturenSimulator({ seed: { invoices: [rawInvoice(1)] }, faults: { failNext: 1, errorStatus: 503 } });
    const failed = await get('/invoices');
    expect([failed.status, await failed.text()]).toEqual([503, 'Simulated server error']);
    sim.invoices()[0].open = '0.00';
    await fetch(`${sim.url}/_sim/reset`, { method: 'POST' });
    expect(sim.invoices()[0].open).toBe('62.92');
  });

  it('refuses a seed with unknown resources', async () => {
    await expect(startFactuursturenSimulator({ seed: { orders: [] } })).rejects.toThrow('unknown resource "orders"; known: invoices, clients, countrylist, purchase_invoices');
  });
});

describe('generateInvoices', () => {
  it('makes consistent invoices: several rates, repeat clients, credit notes, discounts, foreign currency, quirks, purchases', () => {
    const account = generateInvoices({ count: 300, randomSeed: 11 });
    for (const invoice of [...account.invoices, ...account.purchase_invoices]) {
      const taxes = keyedList<RawTax>(invoice.taxes)!.map((entry) => entry.value);
      const total = Decimal.sum(taxes.map((tax) => Decimal.parse(String(tax.sum)).plus(Decimal.parse(String(tax.sum_of)))));
      expect(total.toFixed(2)).toBe(invoice.totalintax);
    }
    const rates = new Set(account.invoices.flatMap((invoice) => keyedList<RawLine>(invoice.lines)!.map((line) => line.value.tax_rate).filter((rate) => rate !== undefined)));
    expect([...rates].sort()).toEqual([0, 21, 9]);
    const clients = account.invoices.map((invoice) => invoice.clientnr);
    expect(new Set(clients).size).toBeLessThan(clients.length / 10);
    expect(account.invoices.some((invoice) => invoice.totalintax!.startsWith('-'))).toBe(true);
    expect(account.invoices.some((invoice) => invoice.discount !== '0')).toBe(true);
    expect(account.invoices.some((invoice) => Array.isArray(invoice.history))).toBe(true);
    expect(account.invoices.some((invoice) => invoice.sent === '')).toBe(true);
    expect(account.clients.some((client) => client.currency === 'USD')).toBe(true);
    expect(account.purchase_invoices.length).toBe(60);
    expect(JSON.stringify(generateInvoices({ count: 5, randomSeed: 3 }))).toBe(JSON.stringify(generateInvoices({ count: 5, randomSeed: 3 })));
  });
});
