/**
 * Crash safety of the real CLI: `koppelwerk sync` is killed with SIGKILL at random moments (picked
 * by counting the calls the e-Boekhouden simulator received) during a 500-order run, ten times, then
 * run to the end. Whatever happened, e-Boekhouden holds each document exactly once and nothing is
 * missing: every document a clean run would book is booked, every other one is parked with a reason.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden';
import { SqliteStateStore } from '@koppelwerk/engine';
import { generateOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel';
import { stringify } from 'yaml';
import { cli, startCli } from './testing/cli-process';

const ORDERS = 500;
const KILLS = 10;
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);

/** A small seeded generator, so a failing run can be repeated with CRASH_SEED. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Each scenario spawns about fifteen processes; generous on a loaded machine. */
const SCENARIO_TIMEOUT_MS = 150_000;

const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 1));

interface Scenario {
  sink: EboekhoudenSimulator;
  shop: RunningMijnwebwinkelSimulator;
  file: string;
  tenant: string;
  prefix: string;
  statePath: string;
  /** What a clean run books (invoice numbers) and parks (document keys), from a dry run. */
  expectedBooked: string[];
  expectedParked: string[];
  close(): Promise<void>;
}

async function scenario(tenant: string, prefix: string, randomSeed: number): Promise<Scenario> {
  const sink = await startEboekhoudenSimulator({ port: 0 });
  const shop = await startMijnwebwinkelSimulator({ port: 0, seed: generateOrders({ count: ORDERS, randomSeed }) as unknown as Record<string, unknown> });
  const dir = mkdtempSync(join(tmpdir(), `koppelwerk-crash-${tenant}-`));
  const file = join(dir, `${tenant}.yaml`);
  const scenarioValue: Scenario = {
    sink,
    shop,
    file,
    tenant,
    prefix,
    statePath: join(dir, 'state', `${tenant}.sqlite`),
    expectedBooked: [],
    expectedParked: [],
    close: async () => {
      await Promise.all([sink.close(), shop.close()]);
    },
  };
  try {
    writeTenant(scenarioValue, sink.credentials);
    // A dry run says what a clean run books and parks (exit 1: some documents would be parked).
    const dry = await cli(['sync', file, '--dry-run', '--json']);
    expect([0, 1]).toContain(dry.code);
    const report = JSON.parse(dry.stdout).dryRun as { wouldSend: { booking: { entry: { invoiceNumber: string } } }[]; gaps: { documentKey: string }[] };
    scenarioValue.expectedBooked = report.wouldSend.map((w) => w.booking.entry.invoiceNumber).sort();
    scenarioValue.expectedParked = report.gaps.map((g) => g.documentKey).sort();
    expect(scenarioValue.expectedBooked.length).toBeGreaterThan(ORDERS * 0.6);
    return scenarioValue;
  } catch (error) {
    await scenarioValue.close();
    throw error;
  }
}

function writeTenant(s: Scenario, codes: Record<string, string>): void {
  const tenant = {
    tenant: s.tenant,
    source: { connector: 'mijnwebwinkel', endpoint: s.shop.url, settings: s.shop.credentials },
    sink: { connector: 'eboekhouden', endpoint: s.sink.endpoint, settings: { username: codes.username, securityCode1: codes.securityCode1, securityCode2: codes.securityCode2 } },
    mapping: { relations: { codePrefix: s.prefix }, texts: { invoiceNumber: `${s.prefix}-{number}` } },
  };
  writeFileSync(s.file, stringify(tenant));
}

function sinkCalls(sink: EboekhoudenSimulator): number {
  return Object.values(sink.calls()).reduce((sum, n) => sum + n, 0);
}

/** Starts `sync` and kills it with SIGKILL once the sink has received `after` more calls (or it ends first). */
async function syncKilledAfter(s: Scenario, after: number): Promise<void> {
  const target = sinkCalls(s.sink) + after;
  const run = startCli(['sync', s.file]);
  let ended = false;
  void run.done.then(() => (ended = true));
  while (!ended && sinkCalls(s.sink) < target) await nextTurn();
  if (!ended) run.child.kill('SIGKILL');
  await run.done;
}

/** Reruns `sync` until it ends with everything handled (0, or 1 when some documents are parked). */
async function syncToTheEnd(s: Scenario): Promise<number[]> {
  const codes: number[] = [];
  for (let attempt = 0; attempt < 6; attempt++) {
    const result = await cli(['sync', s.file, '--json']);
    codes.push(result.code);
    if (result.code === 0 || result.code === 1) break;
  }
  return codes;
}

async function expectExactlyOnce(s: Scenario): Promise<void> {
  const numbers = s.sink
    .state()
    .administraties[0].mutaties.map((m) => String(m.Factuurnummer))
    .filter((n) => n.startsWith(`${s.prefix}-`));
  const duplicates = numbers.filter((n, i) => numbers.indexOf(n) !== i);
  expect(duplicates).toEqual([]);
  expect([...numbers].sort()).toEqual(s.expectedBooked);

  const store = new SqliteStateStore({ path: s.statePath });
  try {
    expect(await store.listLedger({ state: 'in-doubt' })).toEqual([]);
    expect(await store.listLedger({ state: 'pending' })).toEqual([]);
    const parked = await store.listErrors();
    expect(parked.map((e) => e.documentKey).sort()).toEqual(s.expectedParked);
    expect(parked.filter((e) => e.errorClass === 'authentication' || e.errorClass === 'transient')).toEqual([]);
  } finally {
    await store.close();
  }
}

describe(`koppelwerk sync killed with SIGKILL at random moments (CRASH_SEED=${SEED})`, () => {
  const random = seededRandom(SEED);
  /** Kill points: after 1 to 60 more sink calls, so most kills land in the middle of writing. */
  const killPoint = () => 1 + Math.floor(random() * 60);

  it('ten kills, then a run to the end: each document booked exactly once, nothing missing', async () => {
    const s = await scenario('crashshop', 'CRA', 11);
    try {
      for (let i = 0; i < KILLS; i++) await syncKilledAfter(s, killPoint());
      expect(await syncToTheEnd(s)).toEqual([s.expectedParked.length ? 1 : 0]);
      await expectExactlyOnce(s);
    } finally {
      await s.close();
    }
  }, SCENARIO_TIMEOUT_MS);

  it('the same with 20% of the sink calls failing transiently', async () => {
    const s = await scenario('flakyshop', 'FLA', 12);
    try {
      s.sink.faults.set({ errorRate: 0.2 });
      for (let i = 0; i < KILLS; i++) await syncKilledAfter(s, killPoint());
      const codes = await syncToTheEnd(s);
      expect(codes[codes.length - 1]).toBe(s.expectedParked.length ? 1 : 0);
      await expectExactlyOnce(s);
    } finally {
      await s.close();
    }
  }, SCENARIO_TIMEOUT_MS);

  it('with the credentials changed halfway: red, then new codes and retry --all: everything booked, green', async () => {
    const s = await scenario('rotateshop', 'ROT', 13);
    try {
      for (let i = 0; i < KILLS / 2; i++) await syncKilledAfter(s, killPoint());

      // A password change in e-Boekhouden while a run is writing: the old codes stop working.
      const target = sinkCalls(s.sink) + 20 + Math.floor(random() * 40);
      const run = startCli(['sync', s.file, '--json']);
      let ended = false;
      void run.done.then(() => (ended = true));
      while (!ended && sinkCalls(s.sink) < target) await nextTurn();
      const fresh = s.sink.rotateCredentials();
      const interrupted = await run.done;
      const red = interrupted.code === 3 ? interrupted : await cli(['sync', s.file, '--json']);
      expect(red.code).toBe(3);
      const redStatus = JSON.parse((await cli(['status', s.file, '--json'])).stdout) as { checks: { side: string; ok: boolean }[] };
      expect(redStatus.checks.find((c) => c.side === 'sink')).toMatchObject({ ok: false });

      // The new codes are saved in the tenant file; the parked documents are reprocessed, the rest is synced.
      writeTenant(s, { username: fresh.username, securityCode1: fresh.securityCode1, securityCode2: fresh.securityCode2 });
      const retried = await cli(['retry', s.file, '--all', '--json']);
      expect([0, 1]).toContain(retried.code);
      expect(await syncToTheEnd(s)).toEqual([s.expectedParked.length ? 1 : 0]);
      await expectExactlyOnce(s);
      const greenStatus = JSON.parse((await cli(['status', s.file, '--json'])).stdout) as { checks: { side: string; ok: boolean }[] };
      expect(greenStatus.checks.find((c) => c.side === 'sink')).toMatchObject({ ok: true });
    } finally {
      await s.close();
    }
  }, SCENARIO_TIMEOUT_MS);
});
