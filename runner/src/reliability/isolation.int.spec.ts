/**
 * Concurrency and isolation through the real CLI: three tenants in one `koppelwerk daemon` read the
 * same Mijnwebwinkel shop and book into three administrations of one e-Boekhouden simulator, each
 * with its own login. Each administration ends with exactly its own documents, once; no tenant uses
 * another's sessions (a proxy per tenant sees every SOAP call), relation codes are created in each
 * administration on their own, cursors and error queues stay apart (one tenant with a strict
 * mapping parks documents, the others park none). And a manual `sync` of a tenant the daemon is
 * running refuses with the lock message; nothing is booked twice.
 *
 * CI: 150 orders. `npm run soak`: 1,500. RELIABILITY_SEED=<n> repeats a run.
 */
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { SqliteStateStore } from '@koppelwerk/store-sqlite';
import { generateOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { cli, startCli } from '../testing/cli-process';
import { errorQueue, expectExit, fuzzSeed, sized, startTap, writeTenantFile, type Exchange, type Tap } from './fuzz-support';
import { reportFigures } from './reliability-support';
import { scratchDir } from '@koppelwerk/runtime/testing';

const ORDERS = sized(150, 1_500);
const SEED = fuzzSeed(777);
const TIMEOUT_MS = sized(150_000, 1_800_000);

/** Three logins, three administrations; the first administration is the simulator's main one. */
const LOGINS = [
  { username: 'iso.eerste', securityCode1: 'a1'.repeat(16), securityCode2: 'A1A1A1A1-0000-4000-8000-000000000001' },
  { username: 'iso.tweede', securityCode1: 'b2'.repeat(16), securityCode2: 'B2B2B2B2-0000-4000-8000-000000000002' },
  { username: 'iso.derde', securityCode1: 'c3'.repeat(16), securityCode2: 'C3C3C3C3-0000-4000-8000-000000000003' },
];
const EXTRA_ADMINISTRATIONS = [
  { Bedrijf: 'Tweede Winkel B.V.', Guid: '2B2B2B2B-1111-4111-8111-222222222222', Plaats: 'Utrecht' },
  { Bedrijf: 'Derde Winkel B.V.', Guid: '3C3C3C3C-1111-4111-8111-333333333333', Plaats: 'Zwolle' },
];

/** The same invoice numbers and relation codes in every administration: a leak between tenants would show as a duplicate or a gap. */
const SHARED_MAPPING = { relations: { codePrefix: 'ISO' }, texts: { invoiceNumber: 'ISO-{number}' }, currency: { foreign: 'book-as-euro' } };
/** The third tenant knows only 21%: its 9% lines are parked. */
const STRICT_MAPPING = { ...SHARED_MAPPING, vat: { builtInDefaults: false, sales: [{ rate: 21, code: 'HOOG_VERK_21' }] } };

const SESSION = /<(?:\w+:)?SessionID>([^<]+)<\//g;
const USERNAME = /<(?:\w+:)?Username>([^<]+)<\//g;
const matches = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1].replace(/[{}]/g, '').toLowerCase());

interface Watched {
  name: string;
  tap: Tap;
  opened: Set<string>;
  used: Set<string>;
  usernames: Set<string>;
}

describe(`isolation of tenants in one daemon (seed ${SEED}, ${ORDERS} orders)`, () => {
  let sink: EboekhoudenSimulator;
  let shop: RunningMijnwebwinkelSimulator;
  let dir: string;
  const watched: Watched[] = [];

  beforeAll(async () => {
    sink = await startEboekhoudenSimulator({ port: 0, seed: { users: LOGINS.map((l) => ({ Username: l.username, SecurityCode1: l.securityCode1, SecurityCode2: l.securityCode2 })), administraties: EXTRA_ADMINISTRATIONS } });
    shop = await startMijnwebwinkelSimulator({ port: 0, seed: generateOrders({ count: ORDERS, randomSeed: SEED }) as unknown as Record<string, unknown> });
    dir = scratchDir('isolation');
  });

  afterAll(async () => {
    await Promise.all([...watched.map((w) => w.tap.close()), sink?.close(), shop?.close()]);
  });

  /** A proxy per tenant in front of the one e-Boekhouden simulator: which sessions it opens and uses. */
  async function watch(name: string, delayMs = 0): Promise<Watched> {
    const w: Watched = { name, tap: undefined as unknown as Tap, opened: new Set(), used: new Set(), usernames: new Set() };
    w.tap = await startTap(sink.url, {
      delayMs,
      onExchange: (exchange: Exchange) => {
        if (exchange.method !== 'POST') return;
        for (const id of matches(exchange.requestBody, SESSION)) w.used.add(id);
        for (const user of matches(exchange.requestBody, USERNAME)) w.usernames.add(user);
        if (/OpenSession/.test(exchange.requestBody)) for (const id of matches(exchange.responseBody, SESSION)) w.opened.add(id);
      },
    });
    watched.push(w);
    return w;
  }

  function tenantFile(name: string, login: (typeof LOGINS)[number], tap: Tap, mapping: unknown, administration?: string): string {
    return writeTenantFile(dir, {
      tenant: name,
      source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: { ...shop.credentials } },
      sink: { connector: 'eboekhouden', endpoint: `${tap.url}/soap.asmx`, settings: { ...login, ...(administration ? { administration } : {}) } },
      mapping,
      schedule: { everyMinutes: 24 * 60 },
    });
  }

  /** What a clean run of this tenant file books (invoice numbers), from a dry run. */
  async function expectedBooked(file: string): Promise<string[]> {
    const dry = await cli(['sync', file, '--dry-run', '--json']);
    expectExit(dry, [0, 1]);
    return (JSON.parse(dry.stdout).dryRun.wouldSend as { booking: { entry: { invoiceNumber: string } } }[]).map((w) => w.booking.entry.invoiceNumber).sort();
  }

  const administration = (index: number) => sink.state().administraties[index];
  const numbersIn = (index: number) => administration(index).mutaties.map((m) => String(m.Factuurnummer)).filter((n) => n.startsWith('ISO-'));

  it(
    'three tenants, one shop, three administrations: each gets exactly its own documents once, sessions, caches, cursors and errors apart; a manual sync during a daemon run refuses',
    async () => {
      const started = Date.now();
      const eerste = await watch('eerste', 60);
      const tweede = await watch('tweede');
      const derde = await watch('derde');
      const files = [
        tenantFile('eerste', LOGINS[0], eerste.tap, SHARED_MAPPING),
        tenantFile('tweede', LOGINS[1], tweede.tap, SHARED_MAPPING, EXTRA_ADMINISTRATIONS[0].Bedrijf),
        tenantFile('derde', LOGINS[2], derde.tap, STRICT_MAPPING, EXTRA_ADMINISTRATIONS[1].Guid),
      ];
      const expected = [await expectedBooked(files[0]), await expectedBooked(files[1]), await expectedBooked(files[2])];
      expect(expected[0]).toEqual(expected[1]);
      expect(expected[2].length).toBeLessThan(expected[0].length);
      expect(expected[2].length).toBeGreaterThan(0);
      for (const w of watched) {
        // The dry runs' sessions are no concern of the daemon's.
        w.opened.clear();
        w.used.clear();
      }

      const daemon = startCli(['daemon', dir, '--run-at-start'], {}, sized(90_000, 1_200_000));
      // While the daemon books the first tenant (over a slower line), the same tenant by hand.
      await daemon.waitFor(/"tenant":"eerste"[^\n]*"msg":"sync started"/);
      const manual = await cli(['sync', files[0], '--json']);
      const manualShown = manual.stdout + manual.stderr;
      for (const name of ['eerste', 'tweede', 'derde']) await daemon.waitFor(new RegExp(`"tenant":"${name}"[^\\n]*"msg":"sync finished: (ok|parked)"`));
      daemon.child.kill('SIGTERM');
      const stopped = await daemon.done;
      expect(stopped.code).toBe(0);

      // The manual run refused (exit 5) naming the run that holds the tenant, or waited and found nothing new.
      if (manual.code === 5) expect(manualShown).toMatch(/another run of this tenant is busy \(run [0-9a-f-]+, process \d+/);
      else {
        expectExit(manual, [0]);
        expect(JSON.parse(manual.stdout).counts.booked).toBe(0);
      }

      // Each administration: exactly its own documents, once.
      for (const index of [0, 1, 2]) {
        const numbers = numbersIn(index);
        expect(numbers.filter((n, i) => numbers.indexOf(n) !== i)).toEqual([]);
        expect([...numbers].sort()).toEqual(expected[index]);
      }
      // Relations: created in each administration on its own (the same codes, each once per administration).
      const relationCodes = [0, 1, 2].map((index) => administration(index).relaties.map((r) => String(r.Code)).filter((c) => c.startsWith('ISO')));
      for (const codes of relationCodes) expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
      expect([...relationCodes[1]].sort()).toEqual([...relationCodes[0]].sort());
      for (const index of [0, 1, 2]) {
        const referenced = new Set(administration(index).mutaties.map((m) => String(m.RelatieCode)).filter((c) => c.startsWith('ISO')));
        expect([...referenced].filter((code) => !relationCodes[index].includes(code))).toEqual([]);
      }

      // Sessions: each tenant used only sessions it opened itself, with its own login.
      for (const w of watched) {
        expect(w.opened.size).toBeGreaterThan(0);
        expect([...w.used].filter((id) => !w.opened.has(id))).toEqual([]);
      }
      for (const a of watched) for (const b of watched) if (a !== b) expect([...a.opened].filter((id) => b.opened.has(id) || b.used.has(id))).toEqual([]);
      expect([...eerste.usernames]).toEqual([LOGINS[0].username]);
      expect([...tweede.usernames]).toEqual([LOGINS[1].username]);
      expect([...derde.usernames]).toEqual([LOGINS[2].username]);

      // Errors and cursors: the strict tenant parked its 9% documents; the others parked nothing.
      const queues = await Promise.all(files.map((file) => errorQueue(file)));
      expect(queues[0]).toEqual([]);
      expect(queues[1]).toEqual([]);
      expect(queues[2].length).toBeGreaterThan(0);
      expect(queues[2].every((e) => e.errorClass === 'record' && /mapping\.vat\.sales/.test(e.message))).toBe(true);
      const cursors = await Promise.all(
        ['eerste', 'tweede', 'derde'].map(async (name) => {
          const store = new SqliteStateStore({ path: join(dir, 'state', `${name}.sqlite`) });
          try {
            return { cursor: await store.getCursor('documents'), inDoubt: (await store.listLedger({ state: 'in-doubt' })).length };
          } finally {
            await store.close();
          }
        }),
      );
      for (const { cursor, inDoubt } of cursors) {
        expect(cursor).toEqual(expect.any(String));
        expect(inDoubt).toBe(0);
      }

      // Each tenant alone again: nothing new, nothing twice.
      for (const file of files) expectExit(await cli(['sync', file, '--json']), [0, 1]);
      for (const index of [0, 1, 2]) expect(numbersIn(index).sort()).toEqual(expected[index]);

      reportFigures(SEED, 'isolation', {
        orders: ORDERS,
        tenants: 3,
        booked: [0, 1, 2].map((i) => numbersIn(i).length),
        parkedStrictTenant: queues[2].length,
        relationsPerAdministration: relationCodes.map((c) => c.length),
        sessionsOpened: watched.map((w) => w.opened.size),
        manualSyncDuringDaemonRun: manual.code === 5 ? 'refused (exit 5, names the holder)' : 'waited, booked 0',
        duplicates: 0,
        wallSeconds: Math.round((Date.now() - started) / 100) / 10,
      });
    },
    TIMEOUT_MS,
  );
});
