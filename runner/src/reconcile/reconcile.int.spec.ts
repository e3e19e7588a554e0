/**
 * `koppelwerk reconcile` through the real CLI against the simulators, for Mijnwebwinkel and
 * FactuurSturen, over SOAP and REST: a clean period agrees (exit 0) with totals per VAT code equal,
 * to the cent, to an independent sum of the seed; then each kind of difference is made the way a
 * person makes it (the simulators' manual endpoints) and reported once with its fields and nothing
 * else; `--rebook` books a deleted document once and a second rebook is refused.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal, vatCodeRate } from '@koppelwerk/core';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { generateInvoices, startFactuursturenSimulator, type RunningFactuursturenSimulator } from '@koppelwerk/factuursturen/simulator';
import { generateOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { EDIT_DOCUMENT_CONTROL, simControl } from '@koppelwerk/testing';
import { scratchDir } from '@koppelwerk/runtime/testing';
import { stringify } from 'yaml';
import { cli } from '../testing/cli-process';

jest.setTimeout(300_000);

type Raw = Record<string, unknown>;
const money = (value: unknown) => Decimal.parse(String(value));
const PERIOD = ['--from', '2025-01-01', '--to', '2025-12-31'];

/** Per VAT rate: the VAT and the amount incl. VAT, summed from the raw documents alone. */
type RateTotals = Map<string, { vat: Decimal; incl: Decimal }>;

function addRate(totals: RateTotals, rate: unknown, vat: Decimal, incl: Decimal): void {
  const key = Decimal.parse(String(rate)).toString();
  const sum = totals.get(key) ?? { vat: Decimal.ZERO, incl: Decimal.ZERO };
  totals.set(key, { vat: sum.vat.plus(vat), incl: sum.incl.plus(incl) });
}

interface Source {
  name: 'mijnwebwinkel' | 'factuursturen';
  prefix: string;
  start(): Promise<{ url: string; settings: Raw; close(): Promise<void>; documents: () => Raw[] }>;
  /** The seed's bookable documents' totals per rate, computed without Koppelwerk. */
  independent(documents: Raw[]): RateTotals;
  /** A copy of a booked document under a new number, in the same period, in euros or in dollars. */
  copy(documents: Raw[], number: number, currency: 'EUR' | 'USD'): Raw;
  add(running: unknown, document: Raw): void;
  /** The document's key (what reconcile names) and its number in the source (what its API shows). */
  numberOf(document: Raw): string;
}

const shopSeed = generateOrders({ count: 40, randomSeed: 11, quirks: false, start: '2025-03-01 09:00:00' });
const BOOKED_STATUSES = new Set(shopSeed.orderstatuses.filter((s) => /^(betaald|verzonden)$|afgehaald/i.test(s.description ?? '')).map((s) => s.status));
const CREDIT_STATUSES = new Set(shopSeed.orderstatuses.filter((s) => s.credit_order).map((s) => s.status));
const euroOrders = shopSeed.orders.filter((order) => (order.currency ?? 'EUR') === 'EUR');

const mijnwebwinkel: Source = {
  name: 'mijnwebwinkel',
  prefix: 'MW',
  async start() {
    const shop: RunningMijnwebwinkelSimulator = await startMijnwebwinkelSimulator({ port: 0, seed: { ...shopSeed, orders: euroOrders } });
    return { url: shop.url, settings: shop.credentials, close: () => shop.close(), documents: () => shop.orders() as Raw[], running: shop } as never;
  },
  independent(orders) {
    const totals: RateTotals = new Map();
    for (const order of orders) {
      const status = order.status as number;
      const credit = CREDIT_STATUSES.has(status) && order.credited_order_number != null;
      if (!BOOKED_STATUSES.has(status) && !credit) continue;
      const sign = credit ? Decimal.ONE.negated() : Decimal.ONE;
      const inclPerRate = new Map<string, Decimal>();
      for (const line of (order.orderlines as Raw[]) ?? []) {
        for (const part of Array.isArray(line.price) ? (line.price as Raw[]) : [line.price as Raw]) {
          const rate = Decimal.parse(String(part.rate)).toString();
          inclPerRate.set(rate, (inclPerRate.get(rate) ?? Decimal.ZERO).plus(money(part.amount_including_tax)));
        }
      }
      for (const [rate, incl] of inclPerRate) {
        const r = Decimal.parse(rate);
        const vat = incl.round(2).times(r).dividedBy(Decimal.HUNDRED.plus(r), 2);
        addRate(totals, rate, vat.times(sign), incl.round(2).times(sign));
      }
    }
    return totals;
  },
  copy(orders, number, currency) {
    const booked = orders.find((order) => BOOKED_STATUSES.has(order.status as number))!;
    return { ...booked, number, uuid: undefined, currency };
  },
  add(running, order) {
    (running as RunningMijnwebwinkelSimulator).addOrders(order as never);
  },
  numberOf: (order) => String(order.number),
};

const accountSeed = generateInvoices({ count: 30, purchaseCount: 5, randomSeed: 4, quirks: false, foreignCurrency: false, start: '2025-03-01' });

const factuursturen: Source = {
  name: 'factuursturen',
  prefix: 'FS',
  async start() {
    const account: RunningFactuursturenSimulator = await startFactuursturenSimulator({ port: 0, seed: { ...accountSeed } });
    return { url: account.url, settings: account.credentials, close: () => account.close(), documents: () => [...account.invoices(), ...account.purchaseInvoices()] as Raw[], running: account } as never;
  },
  independent(documents) {
    const totals: RateTotals = new Map();
    for (const document of documents) {
      if ('invoicenr_full' in document && !document.sent) continue;
      const taxes = Object.values(document.taxes as Record<string, Raw>);
      for (const tax of taxes) addRate(totals, tax.rate, money(tax.sum), money(tax.sum).plus(money(tax.sum_of)));
    }
    return totals;
  },
  copy(documents, number, currency) {
    const sent = documents.find((document) => 'invoicenr_full' in document && document.sent)!;
    const nr = `F2025${number}`;
    return { ...sent, id: String(number), invoicenr: nr, invoicenr_full: nr, clientnr: currency === 'USD' ? '9' : sent.clientnr };
  },
  add(running, invoice) {
    const account = running as RunningFactuursturenSimulator;
    if (invoice.clientnr === '9' && !account.clients().some((client) => client.clientnr === '9')) {
      account.addClients({ ...account.clients()[0], clientnr: '9', company: 'Lone Star Imports LLC', country: '214', currency: 'USD' } as never);
    }
    account.addInvoices(invoice as never);
  },
  numberOf: (document) => String(document.invoicenr_full ?? document.invoicenr),
};

const SOURCES = { mijnwebwinkel, factuursturen };

describe.each([
  ['mijnwebwinkel', 'soap'],
  ['mijnwebwinkel', 'rest'],
  ['factuursturen', 'soap'],
  ['factuursturen', 'rest'],
] as const)('koppelwerk reconcile: %s over %s', (name, api) => {
  const source: Source = SOURCES[name];
  let bookkeeping: EboekhoudenSimulator;
  let opened: { url: string; settings: Raw; close(): Promise<void>; documents: () => Raw[]; running: unknown };
  let file: string;

  beforeAll(async () => {
    bookkeeping = await startEboekhoudenSimulator({ port: 0, api });
    opened = (await source.start()) as typeof opened;
    file = join(scratchDir(`reconcile-${source.name}-${api}`), 'shop.yaml');
    writeFileSync(
      file,
      stringify({
        tenant: `${source.name}-${api}`,
        source: { connector: source.name, endpoint: opened.url, settings: opened.settings },
        sink: { connector: 'eboekhouden', endpoint: bookkeeping.endpoint, settings: api === 'rest' ? { api, ...bookkeeping.credentials } : bookkeeping.credentials },
        mapping: { relations: { codePrefix: source.prefix }, texts: { invoiceNumber: `${source.prefix}-{number}` } },
      }),
    );
    const sync = await cli(['sync', file]);
    expect([sync.code, sync.stderr]).toEqual([0, '']);
  });

  afterAll(async () => {
    await Promise.all([bookkeeping?.close(), opened?.close()]);
  });

  const reconcile = async () => {
    const result = await cli(['reconcile', file, ...PERIOD, '--json']);
    return { code: result.code, report: JSON.parse(result.stdout) as { totals: Raw[]; differences: Raw[] }, stderr: result.stderr };
  };
  const booked = (invoiceNumber: string) => bookkeeping.state().administraties[0].mutaties.filter((m) => String(m.Factuurnummer) === invoiceNumber);
  const manual = async (action: string, body: Raw) => {
    const answer = await simControl(new URL(bookkeeping.url).origin, `POST /manual/${action}`, body);
    expect([action, answer.status]).toEqual([action, 200]);
  };

  it('agrees on a clean period: exit 0, the three sides equal per VAT code, and equal to an independent sum of the source', async () => {
    const { code, report } = await reconcile();
    expect(report.differences).toEqual([]);
    expect(code).toBe(0);
    expect(report.totals.length).toBeGreaterThan(1);
    for (const row of report.totals) {
      expect(row.booked).toEqual(row.source);
      expect(row.books).toEqual(row.source);
      expect(row.difference).toEqual({ excl: '0.00', vat: '0.00', incl: '0.00' });
      expect(row.box).toMatch(/^(1[abce]|2a|3[abc]|4[ab]|5b|-)$/);
    }
    // Per VAT rate, what reconcile says the source holds is what the raw documents add up to.
    const byRate: RateTotals = new Map();
    for (const row of report.totals) {
      const rate = vatCodeRate(String(row.vatCode), '2025-06-01') ?? Decimal.ZERO;
      const source = row.source as Raw;
      addRate(byRate, rate, money(source.vat), money(source.incl));
    }
    const independent = source.independent(opened.documents());
    expect(new Map([...byRate].map(([rate, t]) => [rate, [t.vat.toFixed(2), t.incl.toFixed(2)]]))).toEqual(
      new Map([...independent].map(([rate, t]) => [rate, [t.vat.toFixed(2), t.incl.toFixed(2)]])),
    );
  });

  it('reports each kind of difference once, with its fields, and nothing else', async () => {
    const documents = opened.documents().filter((document) => booked(`${source.prefix}-${source.numberOf(document)}`).length === 1);
    const [deleted, changed, changedInSource] = documents.map((document) => source.numberOf(document));
    const number = (n: string) => `${source.prefix}-${n}`;
    const inclOf = (mutation: Raw) => {
      const rows = (mutation.MutatieRegels as Raw).cMutatieListRegel;
      return (Array.isArray(rows) ? (rows as Raw[]) : [rows as Raw]).reduce((sum, row) => sum.plus(money(row.BedragInclBTW)), Decimal.ZERO);
    };
    const deletedIncl = inclOf(booked(number(deleted))[0]);

    await manual('delete', { invoiceNumber: number(deleted) });
    await manual('edit', { invoiceNumber: number(changed), amountDelta: '10.00' });
    await manual('add', { invoiceNumber: number('99999'), date: '2025-03-15', amount: '121.00', vatCode: 'HOOG_VERK_21', ledger: '8000' });
    expect((await simControl(opened.url, EDIT_DOCUMENT_CONTROL, { number: changedInSource, amountDelta: '5.00' })).status).toBe(200);
    const notRead = source.copy(opened.documents(), 77001, 'EUR');
    const foreign = source.copy(opened.documents(), 77002, 'USD');
    source.add(opened.running, notRead);
    source.add(opened.running, foreign);

    const { code, report } = await reconcile();
    expect(code).toBe(1);
    const lines = report.differences.map((d) => ({ ...d }));
    const kinds = Object.fromEntries(lines.map((d) => [`${d.kind} ${d.invoiceNumber || d.document}`, d]));
    expect(Object.keys(kinds).sort()).toEqual(
      [
        `deleted-in-books ${number(deleted)}`,
        `changed-in-books ${number(changed)}`,
        `unknown-in-books ${number('99999')}`,
        `changed-in-source ${number(changedInSource)}`,
        `missing-in-books ${number(source.numberOf(notRead))}`,
        `missing-in-books ${source.numberOf(foreign)}`,
      ].sort(),
    );
    expect(lines).toHaveLength(6);
    const changedLine = kinds[`changed-in-books ${number(changed)}`];
    expect(changedLine.field).toBe('amount');
    expect(money(changedLine.actual).minus(money(changedLine.expected)).toFixed(2)).toBe('10.00');
    const sourceLine = kinds[`changed-in-source ${number(changedInSource)}`];
    expect(sourceLine.field).toBe('amount');
    expect(money(sourceLine.actual).minus(money(sourceLine.expected)).toFixed(2)).toBe('5.00');
    expect(kinds[`missing-in-books ${number(source.numberOf(notRead))}`].reason).toBe('not read yet: the next sync reads it');
    expect(String(kinds[`missing-in-books ${source.numberOf(foreign)}`].reason)).toMatch(/^cannot be booked: .*USD/);

    // The totals: the books hold one booking less, one changed and one added; the foreign document is in none.
    const sum = (side: string) => report.totals.reduce((total, row) => total.plus(money((row[side] as Raw).incl)), Decimal.ZERO);
    expect(sum('books').minus(sum('booked')).toFixed(2)).toBe(Decimal.parse('131.00').minus(deletedIncl).toFixed(2));

    // Text for people: the same lines, and the kinds in words.
    const text = await cli(['reconcile', file, ...PERIOD]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('6 differences:');
    expect(text.stdout).toMatch(/changed-in-books\s+\S+\s+\S+\s+amount: \d+\.\d{2} → \d+\.\d{2}/);
    expect(text.stdout).not.toMatch(/undefined/);
  });

  it('books a deleted document again once, after --yes, and refuses a second rebook', async () => {
    const { report } = await reconcile();
    const deleted = report.differences.find((d) => d.kind === 'deleted-in-books')!;
    const document = String(deleted.document);
    const invoiceNumber = String(deleted.invoiceNumber);
    expect(booked(invoiceNumber)).toHaveLength(0);

    const asked = await cli(['reconcile', file, '--rebook', document]);
    expect(asked.code).toBe(64);
    expect(asked.stdout).toContain('nothing was booked: run again with --yes');
    expect(booked(invoiceNumber)).toHaveLength(0);

    const rebooked = await cli(['reconcile', file, '--rebook', document, '--yes']);
    expect([rebooked.code, rebooked.stderr]).toEqual([0, '']);
    expect(booked(invoiceNumber)).toHaveLength(1);

    const again = await cli(['reconcile', file, '--rebook', document, '--yes']);
    expect(again.code).toBe(64);
    expect(again.stderr).toContain(`not booked again: document ${document} (${invoiceNumber}) is still in the books`);
    expect(booked(invoiceNumber)).toHaveLength(1);

    const log = await cli(['log', file, '--document', document, '--json']);
    expect(log.stdout).toContain('"rebook"');
    const { report: after } = await reconcile();
    expect(after.differences.filter((d) => d.invoiceNumber === invoiceNumber && d.kind === 'deleted-in-books')).toEqual([]);
  });

  it('takes a changed mapping rule for no change in the source: only the amounts and the date of what was booked before are compared', async () => {
    const { report: before } = await reconcile();
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('mapping:\n', 'mapping:\n  ledgers:\n    sales:\n      default: "8010"\n'));
    try {
      const { report } = await reconcile();
      expect(report.differences).toEqual(before.differences);
    } finally {
      writeFileSync(file, text);
    }
  });
});
