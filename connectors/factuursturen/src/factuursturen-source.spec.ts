import { RecordError } from '@koppelwerk/core';
import { rawInvoice, rawPurchaseInvoice, sentInvoices } from './__fixtures__/raw-invoice-builder';
import { documentOf, keysOf, seedWith, startHarness, type Harness } from './__fixtures__/source-harness';
import { generateInvoices } from './simulator/generate-invoices';

const INVOICES_CALL = 'GET /api/v1/invoices';
const PURCHASES_CALL = 'GET /api/v1/purchase_invoices';

describe('FactuursturenSource reading invoices', () => {
  let harness: Harness;
  afterEach(() => harness?.close());

  it.each([
    [20, 10, 3],
    [21, 10, 3],
    [19, 10, 2],
    [10, 10, 2],
    [0, 10, 1],
  ])('reads %i invoices with page size %i in %i requests, each invoice once', async (count, pageSize, requests) => {
    harness = await startHarness({ seed: seedWith({ invoices: sentInvoices(count) }) });
    const { items } = await harness.read(null, { pageSize });
    expect(keysOf(items)).toEqual(sentInvoices(count).map((invoice) => invoice.invoicenr));
    expect(harness.sim.server.calls.count(INVOICES_CALL)).toBe(requests);
    expect(harness.sim.server.calls.count(PURCHASES_CALL)).toBe(1);
  });

  it('resumes from a saved cursor after a crash with nothing lost or repeated, in both streams', async () => {
    const invoices = sentInvoices(23);
    const purchases = Array.from({ length: 7 }, (_, i) => rawPurchaseInvoice(900 + i));
    harness = await startHarness({ seed: seedWith({ invoices, purchase_invoices: purchases }) });
    const expected = [...invoices.map((invoice) => invoice.invoicenr), ...purchases.map((purchase) => `purchase:${purchase.id}`)];
    const first = await harness.read(null, { pageSize: 5, maxPages: 2 });
    expect(first.items).toHaveLength(10);
    const second = await harness.read(first.cursor, { pageSize: 5, maxPages: 4 });
    const rest = await harness.read(second.cursor, { pageSize: 5 });
    expect([...keysOf(first.items), ...keysOf(second.items), ...keysOf(rest.items)]).toEqual(expected);

    harness.clock.now = new Date('2025-06-20T13:30:00Z');
    expect((await harness.read(rest.cursor, { pageSize: 5 })).items).toEqual([]);
  });

  it('picks up invoices sent later, also ones dated before the previous run (overlap window), and nothing twice', async () => {
    harness = await startHarness({ seed: seedWith({ invoices: sentInvoices(3, 1001, '2025-06-19') }), now: '2025-06-20T21:50:00Z' });
    const run1 = await harness.read(null);
    expect(run1.items).toHaveLength(3);
    // Sent just before midnight but committed after run 1 read; and one back-dated two days.
    harness.sim.addInvoices(rawInvoice(1004, {}, '2025-06-20'), rawInvoice(1005, {}, '2025-06-18'));
    harness.clock.now = new Date('2025-06-21T00:10:00Z');
    const run2 = await harness.read(run1.cursor);
    expect(keysOf(run2.items)).toEqual(['F1004', 'F1005']);
    harness.sim.addInvoices(rawInvoice(1006, {}, '2025-06-21'));
    harness.clock.now = new Date('2025-06-21T01:10:00Z');
    const run3 = await harness.read(run2.cursor);
    expect(keysOf(run3.items)).toEqual(['F1006']);
  });

  it('asks for invoices from the previous pass minus the overlap, so old invoices are not listed again', async () => {
    harness = await startHarness({ seed: seedWith({ invoices: sentInvoices(8, 1001, '2025-05-01') }), settings: { overlapDays: 3 } });
    const run1 = await harness.read(null);
    expect(run1.items).toHaveLength(8);
    const cursor = JSON.parse(run1.cursor!);
    expect(cursor.sales).toMatchObject({ since: '2025-06-17', offset: 0, seen: {} });
    harness.sim.server.calls.reset();
    await harness.read(run1.cursor);
    expect(harness.sim.server.calls.count(INVOICES_CALL)).toBe(1);
  });

  it('skips invoices that are not sent yet and books them once they are', async () => {
    const planned = rawInvoice(1002, { sent: '', history: [] });
    harness = await startHarness({ seed: seedWith({ invoices: [rawInvoice(1001), planned] }) });
    const run1 = await harness.read(null);
    expect(keysOf(run1.items)).toEqual(['F1001']);
    harness.sim.invoices()[1].sent = '2025-06-20';
    const run2 = await harness.read(run1.cursor);
    expect(keysOf(run2.items)).toEqual(['F1002']);
  });

  it('books a negative invoice as a credit note, and purchase invoices on a creditor', async () => {
    const credit = rawInvoice(1002, {
      lines: { line1: { amount: 1, description: 'Creditering adviesuur', tax_rate: 21, price: -13, discount_pct: 0, linetotal: -13 } },
      taxes: { tax1: { rate: 21, sum: '-2.73', sum_of: '-13.00' } },
      tax: '-2.73',
      totalintax: '-15.73',
      open: '-15.73',
    });
    harness = await startHarness({ seed: seedWith({ invoices: [rawInvoice(1001), credit], purchase_invoices: [rawPurchaseInvoice(900)] }) });
    const { items } = await harness.read(null);
    expect(items.map((item) => [item.key, documentOf(item).kind, documentOf(item).relation.role])).toEqual([
      ['F1001', 'sales-invoice', 'debtor'],
      ['F1002', 'sales-credit-note', 'debtor'],
      ['purchase:900', 'purchase-invoice', 'creditor'],
    ]);
    expect(documentOf(items[2]).relation).toMatchObject({ sourceId: '101', name: 'Groothandel Van Dijk B.V.', role: 'creditor' });
    expect(documentOf(items[2]).number).toBe('INK-900');
  });

  it('reads sales only when the provisional purchase endpoint is missing or switched off', async () => {
    harness = await startHarness({ seed: seedWith({ invoices: [rawInvoice(1001)] }), sim: { purchaseInvoices: false } });
    expect(keysOf((await harness.read(null)).items)).toEqual(['F1001']);
    expect(harness.logger.text()).toContain('no purchase invoice endpoint');
    expect((await harness.source.check()).details).toContain('purchase invoices: the provisional endpoint is not available, only sales invoices are read');
    await harness.close();

    harness = await startHarness({ seed: seedWith({ invoices: [rawInvoice(1001)], purchase_invoices: [rawPurchaseInvoice(900)] }), settings: { purchaseInvoices: false } });
    expect(keysOf((await harness.read(null)).items)).toEqual(['F1001']);
    expect(harness.sim.server.calls.count(PURCHASES_CALL)).toBe(0);
  });

  it('refuses an invoice whose client FactuurSturen does not know (it answers an unknown number with every client)', async () => {
    harness = await startHarness({ seed: seedWith({ invoices: [rawInvoice(1001, { clientnr: '7' }), rawInvoice(1002, { clientnr: '2' })] }) });
    const { items } = await harness.read(null);
    expect(items[0]).toMatchObject({ ok: false, key: 'F1001' });
    expect((items[0] as { error: RecordError }).error).toMatchObject({
      field: 'clientnr',
      documentKey: 'F1001',
      message: `invoice F1001: clientnr is "7", a client FactuurSturen does not list, so the invoice's currency is unknown`,
    });
    expect(documentOf(items[1]).relation).toMatchObject({ sourceId: '2', kind: 'person', name: 'Piet Bakker' });
    expect(harness.sim.server.calls.count('GET /api/v1/clients/:clientnr')).toBe(1);
  });

  it('refetches one invoice by number (wrapped record), refusing one that is gone or not sent', async () => {
    harness = await startHarness({ seed: seedWith({ invoices: [rawInvoice(1001), rawInvoice(1002, { sent: '' })], purchase_invoices: [rawPurchaseInvoice(900)] }) });
    expect(await harness.source.fetch!('F1001')).toMatchObject({ ok: true, key: 'F1001', record: { number: 'F1001', sourceId: '1001' } });
    expect(await harness.source.fetch!('purchase:900')).toMatchObject({ ok: true, key: 'purchase:900', record: { kind: 'purchase-invoice' } });
    const gone = await harness.source.fetch!('F9999');
    expect((gone as { error: RecordError }).error.message).toBe('invoice F9999 no longer exists in FactuurSturen');
    const planned = await harness.source.fetch!('F1002');
    expect((planned as { error: RecordError }).error).toMatchObject({ field: 'sent', documentKey: 'F1002', message: 'invoice F1002 has not been sent, so it is not booked' });
    const goneBuy = await harness.source.fetch!('purchase:999');
    expect((goneBuy as { error: RecordError }).error.message).toBe('purchase invoice purchase:999 no longer exists in FactuurSturen');
  });

  it('exports a date range of sales and purchase invoices without moving the cursor', async () => {
    const invoices = [rawInvoice(1, {}, '2025-05-30'), rawInvoice(2, {}, '2025-05-31'), rawInvoice(3, {}, '2025-06-01'), rawInvoice(4, {}, '2025-06-02')];
    const purchases = [rawPurchaseInvoice(900, {}, '2025-05-29'), rawPurchaseInvoice(901, {}, '2025-06-01')];
    harness = await startHarness({ seed: seedWith({ invoices, purchase_invoices: purchases }) });
    const saved = '{"v":1,"phase":"sales","sales":{"since":"2025-06-10","next":null,"offset":0,"seen":{}},"purchase":{"since":null,"next":null,"offset":0,"seen":{}}}';
    const exported = await harness.read(saved, { from: '2025-05-31', to: '2025-06-01', pageSize: 1 });
    expect(keysOf(exported.items)).toEqual(['F2', 'F3', 'purchase:901']);
    expect(exported.cursor).toBe(saved);
  });

  it('reads a generated account of 200 invoices: every sent invoice once, none refused', async () => {
    const account = generateInvoices({ count: 200, randomSeed: 7 });
    harness = await startHarness({ seed: { ...account } });
    const { items } = await harness.read(null, { pageSize: 50 });
    expect(items.filter((item) => !item.ok)).toEqual([]);
    const sent = account.invoices.filter((invoice) => invoice.sent);
    expect(keysOf(items)).toEqual([...sent.map((invoice) => invoice.invoicenr), ...account.purchase_invoices.map((p) => `purchase:${p.id}`)]);
    const kinds = new Set(items.map((item) => documentOf(item).kind));
    expect(kinds).toEqual(new Set(['sales-invoice', 'sales-credit-note', 'purchase-invoice']));
    expect(items.some((item) => documentOf(item).currency === 'USD')).toBe(true);
  });
});
