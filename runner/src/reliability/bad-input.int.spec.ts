/**
 * Bad input through the real CLI: thousands of fuzzed Mijnwebwinkel orders (missing fields, wrong
 * types, huge strings, odd Unicode, negative and absurd amounts, unknown VAT rates, bad dates,
 * records that are not JSON objects) between good ones, served by the Mijnwebwinkel simulator, and
 * `koppelwerk sync` over them (booking through e-Boekhouden's SOAP API and its REST API). The
 * process never crashes, every malformed order is parked with a
 * message naming its field, every good order is booked exactly once. And an answer cut off on the
 * wire loses and skips nothing.
 *
 * CI: 2,000 records. `npm run soak`: 20,000. RELIABILITY_SEED=<n> repeats a run.
 */
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { generateOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { cli } from '../testing/cli-process';
import { errorQueue, expectExit, fuzzSeed, sized, startTap, writeTenantFile, type QueueEntry, type Tamper } from './fuzz-support';
import { PROCESS_LIMIT_MS, TRANSPORTS, reportFigures, type Transport } from './reliability-support';
import { fuzzOrders, tally } from './order-fuzzer';
import { scratchDir } from '@koppelwerk/runtime/testing';

const RECORDS = sized(2_000, 20_000);
const SEED = fuzzSeed(20261121);
const TIMEOUT_MS = sized(120_000, 1_800_000);
/** A soak-size sync takes longer than the CLI helper's 90-second guard. */

/** Every process the suite starts may take long in a soak; the CLI helper's own guard is 90 s. */
jest.setTimeout(TIMEOUT_MS);

interface DryRun {
  wouldSend: { documentKey: string; booking: { entry: { invoiceNumber: string } } }[];
  gaps: { documentKey: string; errorClass: string; field?: string; message: string }[];
}

describe(`bad input (seed ${SEED}, ${RECORDS} records)`, () => {
  let sink: EboekhoudenSimulator;
  let dir: string;
  const closing: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    sink = await startEboekhoudenSimulator({ port: 0 });
    dir = scratchDir('bad-input');
  });

  afterAll(async () => {
    await Promise.all([sink?.close(), ...closing.map((close) => close())]);
  });

  async function shopWith(seed: Record<string, unknown>): Promise<RunningMijnwebwinkelSimulator> {
    const shop = await startMijnwebwinkelSimulator({ port: 0, seed });
    closing.push(() => shop.close());
    return shop;
  }

  /** A tenant on this shop, booking through e-Boekhouden's SOAP API (the default) or its REST API. */
  function tenant(name: string, prefix: string, endpoint: string, shop: RunningMijnwebwinkelSimulator, api: Transport = 'soap'): string {
    return writeTenantFile(dir, {
      tenant: name,
      source: { connector: 'mijnwebwinkel', endpoint, settings: { ...shop.credentials } },
      sink:
        api === 'rest'
          ? { connector: 'eboekhouden', endpoint: sink.url, settings: { api: 'rest', accessToken: sink.accessToken } }
          : { connector: 'eboekhouden', endpoint: sink.endpoint, settings: { ...sink.credentials } },
      mapping: { relations: { codePrefix: prefix }, texts: { invoiceNumber: `${prefix}-{number}` } },
    });
  }

  function bookedWith(prefix: string): string[] {
    return sink
      .state()
      .administraties[0].mutaties.map((m) => String(m.Factuurnummer))
      .filter((n) => n.startsWith(`${prefix}-`));
  }

  const names = (entry: Pick<QueueEntry, 'message' | 'field'>, fields: string[]) =>
    fields.some((field) => `${entry.message} ${entry.field ?? ''}`.toLowerCase().includes(field.toLowerCase()));

  it.each(TRANSPORTS)('over %s: parks every malformed order naming its field, books every good one exactly once, and never crashes', async (api) => {
    // Each transport books under its own prefix in the one administration.
    const p = api === 'soap' ? 'FZ' : 'FR';
    const started = Date.now();
    const fuzzed = fuzzOrders({ total: RECORDS, randomSeed: SEED });
    const context = `(seed ${SEED}; repeat with RELIABILITY_SEED=${SEED})`;

    // What a clean run books and parks of the good orders alone (foreign currency is refused by default).
    const cleanShop = await shopWith(fuzzed.goodSeed);
    const dry = await cli(['sync', tenant(`fuzz-baseline-${api}`, `${p}B`, cleanShop.url, cleanShop, api), '--dry-run', '--json'], {}, PROCESS_LIMIT_MS);
    expect([0, 1]).toContain(dry.code);
    const baseline = JSON.parse(dry.stdout).dryRun as DryRun;
    const expectedBooked = baseline.wouldSend.map((w) => w.booking.entry.invoiceNumber.replace(`${p}B-`, `${p}-`)).sort();
    const expectedGaps = new Set(baseline.gaps.map((g) => g.documentKey));

    const shop = await shopWith(fuzzed.seed);
    const file = tenant(`fuzz-${api}`, p, shop.url, shop, api);
    const run = await cli(['sync', file, '--json'], {}, PROCESS_LIMIT_MS);
    if (![0, 1].includes(run.code)) throw new Error(`sync exited ${run.code} ${context}:\n${run.stderr.slice(0, 4000)}\n${run.stdout.slice(0, 4000)}`);
    const summary = JSON.parse(run.stdout);
    const queue = await errorQueue(file);
    const byKey = new Map(queue.map((entry) => [entry.documentKey, entry]));
    const booked = bookedWith(p);
    const bookedSet = new Set(booked);

    // Every malformed order with a number: parked under it, the entry naming the field.
    const problems: string[] = [];
    const numbered = fuzzed.bad.filter((b) => b.number !== null);
    for (const bad of numbered) {
      const entry = byKey.get(bad.number!);
      if (!entry) problems.push(`not parked: ${bad.number!.slice(0, 40)} (${bad.kind})`);
      else if (!names(entry, bad.expect)) problems.push(`${bad.number!.slice(0, 40)} (${bad.kind}) parked as "${entry.message.slice(0, 200)}" (field ${entry.field}), expected ${bad.expect.join(' or ')}`);
      if (bookedSet.has(`${p}-${bad.number}`)) problems.push(`booked although malformed: ${bad.number} (${bad.kind})`);
    }
    // Without a usable number they are parked under their place in the listing.
    const numberless = queue.filter((entry) => entry.documentKey.startsWith('(no number'));
    expect(numberless).toHaveLength(fuzzed.bad.length - numbered.length);
    for (const entry of numberless) if (!names(entry, ['number', 'order'])) problems.push(`${entry.documentKey} parked as "${entry.message}"`);
    expect(problems.slice(0, 20)).toEqual([]);

    // Every good order booked exactly once, the same as a clean run; nothing else parked.
    const expectedSet = new Set(expectedBooked);
    const badInvoiceNumbers = new Set(fuzzed.bad.map((b) => `${p}-${b.number}`));
    const goodBooked = booked.filter((n) => expectedSet.has(n) || !badInvoiceNumbers.has(n));
    expect(new Set(booked).size).toBe(booked.length);
    const oddNumbers = new Set(fuzzed.odd.map((o) => `${p}-${o.number}`));
    expect(goodBooked.filter((n) => !oddNumbers.has(n)).sort()).toEqual(expectedBooked);
    const badKeys = new Set(numbered.map((b) => b.number));
    const oddKeys = new Set(fuzzed.odd.map((o) => o.number));
    const unexpected = queue.filter((e) => !badKeys.has(e.documentKey) && !expectedGaps.has(e.documentKey) && !e.documentKey.startsWith('(no number') && !oddKeys.has(e.documentKey));
    expect(unexpected.slice(0, 10)).toEqual([]);

    // Odd but readable orders: booked once, or parked naming the field.
    const oddOutcome = fuzzed.odd.map((odd) => {
      const entry = byKey.get(odd.number);
      if (entry) {
        if (!names(entry, odd.fields)) problems.push(`odd ${odd.number} (${odd.kind}) parked as "${entry.message.slice(0, 200)}"`);
        return `${odd.kind}: parked`;
      }
      return bookedSet.has(`${p}-${odd.number}`) ? `${odd.kind}: booked` : `${odd.kind}: missing`;
    });
    expect(oddOutcome.filter((o) => o.endsWith('missing'))).toEqual([]);
    expect(problems.slice(0, 20)).toEqual([]);

    // A second run books nothing more.
    const again = await cli(['sync', file, '--json'], {}, PROCESS_LIMIT_MS);
    expect([0, 1]).toContain(again.code);
    expect(JSON.parse(again.stdout).counts.booked).toBe(0);
    expect(bookedWith(p)).toHaveLength(booked.length);

    reportFigures(SEED, `bad-input over ${api}`, {
      records: RECORDS,
      good: fuzzed.goodCount,
      bad: fuzzed.bad.length,
      badByCategory: tally(fuzzed.bad, (b) => b.category),
      odd: fuzzed.odd.length,
      oddOutcome: tally(oddOutcome, (o) => o),
      exitCode: run.code,
      counts: summary.counts,
      parked: queue.length,
      booked: booked.length,
      duplicates: booked.length - new Set(booked).size,
      messagesWithoutFieldInText: queue.filter((e) => !e.field || !e.message.includes(e.field)).length,
      wallSeconds: Math.round((Date.now() - started) / 100) / 10,
    });
  });

  describe('an answer cut off on the wire', () => {
    const ORDERS = 250;
    const PAGE = 'GET /v1/orders';

    /** Runs sync through a proxy that tampers with the answers of the order pages as `plan` says. */
    async function syncThrough(name: string, prefix: string, plan: (pageRequest: number) => Tamper, shop: RunningMijnwebwinkelSimulator) {
      let pages = 0;
      const tap = await startTap(shop.url, {
        tamper: (method, path) => (`${method} ${path}` === PAGE ? plan(++pages) : 'pass'),
      });
      try {
        const file = tenant(name, prefix, tap.url, shop);
        const result = await cli(['sync', file, '--json'], {}, PROCESS_LIMIT_MS);
        return { file, result, pages };
      } finally {
        await tap.close();
      }
    }

    it('a page whose connection drops halfway is read again: nothing lost, nothing skipped', async () => {
      const shop = await shopWith(generateOrders({ count: ORDERS, randomSeed: SEED + 7 }) as unknown as Record<string, unknown>);
      const clean = await cli(['sync', tenant('cut-clean', 'CTC', shop.url, shop), '--dry-run', '--json'], {}, PROCESS_LIMIT_MS);
      const expected = (JSON.parse(clean.stdout).dryRun as DryRun).wouldSend.map((w) => w.booking.entry.invoiceNumber.replace(/^CTC-/, 'CUT-')).sort();

      const { file, result } = await syncThrough('cut', 'CUT', (n) => (n === 2 || n === 3 ? 'cut' : 'pass'), shop);
      expectExit(result, [0, 1]);
      expect(bookedWith('CUT').sort()).toEqual(expected);
      tenant('cut', 'CUT', shop.url, shop);
      expectExit(await cli(['sync', file, '--json'], {}, PROCESS_LIMIT_MS), [0, 1]);
      expect(bookedWith('CUT').sort()).toEqual(expected);
    });

    it('a page whose body arrives cut short is retried; if it stays cut, the run stops as transient with the cursor before that page', async () => {
      const shop = await shopWith(generateOrders({ count: ORDERS, randomSeed: SEED + 8 }) as unknown as Record<string, unknown>);
      const clean = await cli(['sync', tenant('short-clean', 'SHC', shop.url, shop), '--dry-run', '--json'], {}, PROCESS_LIMIT_MS);
      const expected = (JSON.parse(clean.stdout).dryRun as DryRun).wouldSend.map((w) => w.booking.entry.invoiceNumber.replace(/^SHC-/, 'SHT-')).sort();

      // Once: retried, the run goes on.
      const once = await syncThrough('short-once', 'SHO', (n) => (n === 2 ? 'short' : 'pass'), shop);
      expectExit(once.result, [0, 1]);
      expect(bookedWith('SHO')).toHaveLength(expected.length);

      // Always (from the third page on): the run stops as transient; the first two pages are booked, the rest waits.
      const always = await syncThrough('short', 'SHT', (n) => (n >= 3 ? 'short' : 'pass'), shop);
      expectExit(always.result, [4]);
      const partial = bookedWith('SHT');
      expect(partial.length).toBeGreaterThan(0);
      expect(partial.length).toBeLessThan(expected.length);
      const status = JSON.parse((await cli(['status', always.file, '--json'], {}, PROCESS_LIMIT_MS)).stdout);
      expect(status.lastRun).toMatchObject({ outcome: 'transient' });

      // The wire is fine again: the next run books the rest, nothing twice.
      tenant('short', 'SHT', shop.url, shop);
      const rest = await cli(['sync', always.file, '--json'], {}, PROCESS_LIMIT_MS);
      expect([0, 1]).toContain(rest.code);
      const all = bookedWith('SHT');
      expect(new Set(all).size).toBe(all.length);
      expect(all.sort()).toEqual(expected);
    });
  });
});
