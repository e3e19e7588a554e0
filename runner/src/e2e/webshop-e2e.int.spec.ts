/**
 * Issue 5's "done when", end to end: a seeded Mijnwebwinkel shop of 200 orders and a seeded
 * FactuurSturen account (sales and purchase invoices) run through the runner's own sync command,
 * the real engine and the e-Boekhouden simulator over loopback. What e-Boekhouden ends up with is
 * compared, to the cent, with an independent computation from the raw seed; refused documents must
 * sit in the error queue with their reason.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal, ExitCode } from '@koppelwerk/core';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { generateInvoices, startFactuursturenSimulator, type GeneratedAccount, type RunningFactuursturenSimulator } from '@koppelwerk/factuursturen/simulator';
import { generateOrders, startMijnwebwinkelSimulator, type GeneratedShop, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { stringify } from 'yaml';
import { createRegistry, type Output } from '@koppelwerk/runtime';
import { errorsCommand } from '../commands/queue-commands';
import { syncCommand } from '../commands/sync-command';
import { runCommand, scratchDir } from '@koppelwerk/runtime/testing';

type Raw = Record<string, unknown>;

interface Expected {
  /** Invoice number in e-Boekhouden → what it must hold. */
  booked: Map<string, { soort: string; incl: Decimal; vatPerRate: Map<string, Decimal>; relationKey: string }>;
  /** Document key → the reason it must be parked with. */
  refused: Map<string, string>;
}

const money = (text: unknown) => Decimal.parse(String(text));
const rateKey = (rate: unknown) => Decimal.parse(String(rate)).toString();

function addTo(map: Map<string, Decimal>, key: string, amount: Decimal): void {
  map.set(key, (map.get(key) ?? Decimal.ZERO).plus(amount));
}

/** Mijnwebwinkel, computed from the raw seed alone: which orders are booked, with which totals per VAT rate. */
function expectedFromShop(shop: GeneratedShop): Expected {
  const statuses = shop.orderstatuses;
  const booked = new Set(statuses.filter((s) => /^(betaald|verzonden)$|afgehaald/i.test(s.description ?? '')).map((s) => s.status));
  const credit = new Set(statuses.filter((s) => s.credit_order).map((s) => s.status));
  const store = shop.store[0];
  const expected: Expected = { booked: new Map(), refused: new Map() };
  for (const order of shop.orders) {
    const number = String(order.number);
    if (/T$/i.test(number)) continue;
    const isCredit = credit.has(order.status!) && order.credited_order_number !== undefined && order.credited_order_number !== null;
    if (!booked.has(order.status!) && !isCredit) continue;
    const currency = order.currency ?? store.currency ?? 'EUR';
    if (currency !== 'EUR') {
      expected.refused.set(number, `the document is in ${currency}; foreign currency is refused`);
      continue;
    }
    // The shop's prices include VAT: per rate, the lines' amounts incl. VAT; VAT = incl × r / (100 + r), rounded once.
    const inclPerRate = new Map<string, Decimal>();
    for (const line of order.orderlines ?? []) {
      for (const part of Array.isArray(line.price) ? line.price : [line.price!]) addTo(inclPerRate, rateKey(part.rate), money(part.amount_including_tax));
    }
    const sign = isCredit ? Decimal.ONE.negated() : Decimal.ONE;
    const vatPerRate = new Map<string, Decimal>();
    for (const [rate, incl] of inclPerRate) {
      const r = Decimal.parse(rate);
      vatPerRate.set(rate, incl.round(2).times(r).dividedBy(Decimal.HUNDRED.plus(r), 2).times(sign));
    }
    expect(store.prices_include_tax).toBe(true);
    expected.booked.set(`MWW-${number}`, { soort: 'FactuurVerstuurd', incl: money(order.price!.total).times(sign), vatPerRate, relationKey: String(order.debtor!.email).toLowerCase() });
  }
  return expected;
}

/** FactuurSturen, computed from the raw seed alone: sent invoices in euros and every purchase invoice, with their VAT summaries. */
function expectedFromAccount(account: GeneratedAccount): Expected {
  const expected: Expected = { booked: new Map(), refused: new Map() };
  const currencyOf = new Map(account.clients.map((client) => [client.clientnr, client.currency ?? 'EUR']));
  const vatOf = (taxes: unknown) => {
    const perRate = new Map<string, Decimal>();
    for (const tax of Array.isArray(taxes) ? taxes : Object.values(taxes as Record<string, Raw>)) addTo(perRate, rateKey(tax.rate), money(tax.sum));
    return perRate;
  };
  for (const invoice of account.invoices) {
    if (!invoice.sent) continue;
    const currency = currencyOf.get(invoice.clientnr) ?? 'EUR';
    if (currency !== 'EUR') {
      expected.refused.set(invoice.invoicenr!, `the document is in ${currency}; foreign currency is refused`);
      continue;
    }
    expected.booked.set(`FS-${invoice.invoicenr_full}`, { soort: 'FactuurVerstuurd', incl: money(invoice.totalintax), vatPerRate: vatOf(invoice.taxes), relationKey: `debtor ${invoice.clientnr}` });
  }
  for (const purchase of account.purchase_invoices) {
    const supplier = purchase.supplier as Raw;
    expected.booked.set(`FS-${purchase.invoicenr}`, { soort: 'FactuurOntvangen', incl: money(purchase.totalintax), vatPerRate: vatOf(purchase.taxes), relationKey: `creditor ${supplier.suppliernr}` });
  }
  return expected;
}

describe('webshop and invoicing sources end to end', () => {
  let bookkeeping: EboekhoudenSimulator;
  let shop: RunningMijnwebwinkelSimulator;
  let invoicing: RunningFactuursturenSimulator;
  let dir: string;
  const registry = createRegistry();
  const shopSeed = generateOrders({ count: 200, randomSeed: 5 });
  const accountSeed = generateInvoices({ count: 80, purchaseCount: 12, randomSeed: 3 });

  beforeAll(async () => {
    bookkeeping = await startEboekhoudenSimulator({ port: 0 });
    shop = await startMijnwebwinkelSimulator({ port: 0, seed: { ...shopSeed } });
    invoicing = await startFactuursturenSimulator({ port: 0, seed: { ...accountSeed } });
    dir = scratchDir('webshop-e2e');
  });

  afterAll(async () => {
    await Promise.all([bookkeeping?.close(), shop?.close(), invoicing?.close()]);
  });

  function tenantFile(name: string, source: Raw, prefix: string): string {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(
      file,
      stringify({
        tenant: name,
        source,
        sink: { connector: 'eboekhouden', endpoint: bookkeeping.endpoint, settings: bookkeeping.credentials },
        mapping: { relations: { codePrefix: prefix }, texts: { invoiceNumber: `${prefix}-{number}` } },
      }),
    );
    return file;
  }

  async function run(command: (output: Output) => Promise<number>): Promise<{ code: number; json: Raw }> {
    const { code, stdout } = await runCommand(command, { json: true });
    return { code, json: JSON.parse(stdout) as Raw };
  }

  const administration = () => bookkeeping.state().administraties[0];

  /** Compares what e-Boekhouden holds under a prefix with the expectation, to the cent. */
  function expectBooked(prefix: string, expected: Expected): Raw[] {
    const mutations = administration().mutaties.filter((m) => String(m.Factuurnummer).startsWith(`${prefix}-`));
    expect(mutations.map((m) => String(m.Factuurnummer)).sort()).toEqual([...expected.booked.keys()].sort());
    for (const mutation of mutations) {
      const want = expected.booked.get(String(mutation.Factuurnummer))!;
      const rows = (mutation.MutatieRegels as { cMutatieListRegel: Raw[] }).cMutatieListRegel;
      const incl = Decimal.sum(rows.map((row) => money(row.BedragInclBTW)));
      const vatPerRate = new Map<string, Decimal>();
      for (const row of rows) {
        expect(money(row.BedragExclBTW).plus(money(row.BedragBTW)).equals(money(row.BedragInclBTW))).toBe(true);
        addTo(vatPerRate, rateKey(row.BTWPercentage), money(row.BedragBTW));
      }
      const shown = (map: Map<string, Decimal>) => Object.fromEntries([...map].filter(([, v]) => !v.isZero()).map(([k, v]) => [k, v.toFixed(2)]));
      expect({ invoice: mutation.Factuurnummer, soort: mutation.Soort, incl: incl.toFixed(2), vat: shown(vatPerRate) }).toEqual({
        invoice: mutation.Factuurnummer,
        soort: want.soort,
        incl: want.incl.toFixed(2),
        vat: shown(want.vatPerRate),
      });
    }
    return mutations;
  }

  /** One relation per party: same party, same code; every code used exists in e-Boekhouden. */
  function expectRelations(mutations: Raw[], expected: Expected, prefix: string): void {
    const codeByParty = new Map<string, string>();
    for (const mutation of mutations) {
      const party = expected.booked.get(String(mutation.Factuurnummer))!.relationKey;
      const code = String(mutation.RelatieCode);
      expect(codeByParty.get(party) ?? code).toBe(code);
      codeByParty.set(party, code);
    }
    const codes = new Set(codeByParty.values());
    expect(codes.size).toBe(new Set([...expected.booked.values()].map((b) => b.relationKey)).size);
    const relations = administration().relaties.filter((r) => String(r.Code).startsWith(prefix));
    expect(relations.map((r) => String(r.Code)).sort()).toEqual([...codes].sort());
  }

  async function expectQueue(file: string, expected: Expected): Promise<void> {
    const queue = ((await run((output) => errorsCommand(registry, file, {}, output))).json.errors as Raw[]).map((e) => [String(e.documentKey), String(e.message)]);
    expect(queue.map(([key]) => key).sort()).toEqual([...expected.refused.keys()].sort());
    for (const [key, message] of queue) expect(message).toContain(expected.refused.get(key));
    expect((await run((output) => errorsCommand(registry, file, {}, output))).json.errors).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'MAP_FOREIGN_CURRENCY', errorClass: 'record' })]));
  }

  it('books a 200-order Mijnwebwinkel shop exactly: the right mutations and relations, to the cent, and parks the foreign-currency orders', async () => {
    const expected = expectedFromShop(shopSeed);
    expect(expected.booked.size).toBeGreaterThan(100);
    expect(expected.refused.size).toBeGreaterThan(0);
    const rates = new Set([...expected.booked.values()].flatMap((b) => [...b.vatPerRate.keys()]));
    expect([...rates].sort()).toEqual(['0', '21', '9']);
    expect([...expected.booked.values()].some((b) => b.incl.isNegative())).toBe(true);
    const file = tenantFile('webshop', { connector: 'mijnwebwinkel', endpoint: shop.url, settings: shop.credentials }, 'MWW');

    const first = await run((output) => syncCommand(registry, file, {}, output));
    expect(first.code).toBe(ExitCode.parked);
    expect(first.json.counts).toMatchObject({ booked: expected.booked.size, parked: expected.refused.size });
    const mutations = expectBooked('MWW', expected);
    expectRelations(mutations, expected, 'MWW');
    await expectQueue(file, expected);

    const second = await run((output) => syncCommand(registry, file, {}, output));
    expect(second.json.counts).toMatchObject({ booked: 0 });
    expect(administration().mutaties.filter((m) => String(m.Factuurnummer).startsWith('MWW-'))).toHaveLength(expected.booked.size);
  });

  it('books FactuurSturen sales and purchase invoices exactly, creates the debtors and creditors, and parks the invoice in dollars', async () => {
    const expected = expectedFromAccount(accountSeed);
    expect([...expected.refused.values()].some((reason) => reason.includes('USD'))).toBe(true);
    expect([...expected.booked.values()].some((b) => b.incl.isNegative() && b.soort === 'FactuurVerstuurd')).toBe(true);
    const file = tenantFile('facturen', { connector: 'factuursturen', endpoint: invoicing.url, settings: invoicing.credentials }, 'FS');

    const first = await run((output) => syncCommand(registry, file, {}, output));
    expect(first.code).toBe(ExitCode.parked);
    expect(first.json.counts).toMatchObject({ booked: expected.booked.size, parked: expected.refused.size });
    const mutations = expectBooked('FS', expected);
    expectRelations(mutations, expected, 'FS');
    const creditors = administration().relaties.filter((r) => String(r.Code).startsWith('FSC'));
    expect(creditors.map((r) => r.Bedrijf).sort()).toEqual(['Drukkerij De Letter', 'Groothandel Van Dijk B.V.', 'Papier & Co GmbH']);
    await expectQueue(file, expected);

    // The bulk export of a date range books nothing twice and leaves the cursor alone.
    const exported = await run((output) => syncCommand(registry, file, { from: '2025-03-01', to: '2025-12-31' }, output));
    expect(exported.json.counts).toMatchObject({ booked: 0 });
    const again = await run((output) => syncCommand(registry, file, {}, output));
    expect(again.json.counts).toMatchObject({ booked: 0, read: 0 });
    expect(administration().mutaties.filter((m) => String(m.Factuurnummer).startsWith('FS-'))).toHaveLength(expected.booked.size);
  });
});
