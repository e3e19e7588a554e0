/**
 * Crash safety of the real CLI: `koppelwerk sync` is killed with SIGKILL at random moments, many
 * times, then run to the end. Half of the kills are picked by counting the calls the e-Boekhouden
 * simulator handled; the other half land at the worst moment: right after e-Boekhouden stored a
 * mutation and before it answered, so the write is in the books but the runner never heard of it.
 * Whatever happened, e-Boekhouden holds each document exactly once and nothing is missing: every
 * document a clean run would book is booked, every other one is parked with a reason.
 *
 * Over both of e-Boekhouden's APIs (SOAP and REST), the same scenarios.
 *
 * CI size: 500 orders, 10 kills per scenario. `npm run soak`: 5,000 orders, 50 kills.
 * Repeat a run with RELIABILITY_SEED=<seed from the title>.
 */
import type { ChildProcess } from 'node:child_process';
import { SqliteStateStore } from '@koppelwerk/store-sqlite';
import { sinkCalls, startScenario, syncKilledAfter, syncToTheEnd, type Scenario } from './reliability-scenario';
import { SCENARIO_TIMEOUT_MS, nextTurn, reportFigures, seededRandom, sized, suiteSeed, MUTATION_WRITE, TRANSPORTS, type EboekhoudenSimCall, type Transport } from './reliability-support';
import { bookedNumbers, expectExactlyOnce, expectNoSecretsLeaked, expectFinished, sinkDot } from './scenario-checks';

const ORDERS = sized(500, 5_000);
const KILLS = sized(10, 50);
/** Kill points: after 1 to this many more sink calls, so most kills land in the middle of writing. */
const MAX_CALLS_BEFORE_KILL = sized(60, 150);
const SEED = suiteSeed();

/** Kills the child the moment a chosen write has been stored by e-Boekhouden, before it is answered. */
class KillAfterStoredWrite {
  private armed: { child: ChildProcess; remaining: number } | null = null;
  fired = 0;

  /** `api`: which API's mutation write counts (AddMutatie, POST /v1/mutation). */
  constructor(private readonly api: Transport) {}

  readonly onCall = (call: EboekhoudenSimCall): void => {
    if (!this.armed || call.operation !== MUTATION_WRITE[this.api] || call.errorCode !== '') return;
    if (--this.armed.remaining > 0) return;
    this.armed.child.kill('SIGKILL');
    this.armed = null;
    this.fired++;
  };

  /** Starts `sync`, kills it right after the `nth` mutation it gets stored, waits for the end. */
  async run(s: Scenario, nth: number): Promise<boolean> {
    const run = s.start(s.syncArgs());
    const before = this.fired;
    this.armed = { child: run.child, remaining: nth };
    await run.done;
    this.armed = null;
    return this.fired > before;
  }
}

/** In-doubt ledger rows whose mutation e-Boekhouden already holds: writes that landed unrecorded. */
async function landedButUnrecorded(s: Scenario): Promise<number> {
  const booked = new Set(bookedNumbers(s));
  const store = new SqliteStateStore({ path: s.statePath });
  try {
    return (await store.listLedger({ state: 'in-doubt' })).filter((row) => row.invoiceNumber && booked.has(row.invoiceNumber)).length;
  } finally {
    await store.close();
  }
}

interface KillFigures {
  byCallCount: number;
  afterStoredWrite: number;
  /** After a kill right after a stored write: that write was in e-Boekhouden, in doubt in the ledger. */
  landedUnrecorded: number;
  endedBeforeKill: number;
  /** Exit codes of the runs that ended before their kill point. */
  endedWith: number[];
}

/** `kills` kills, alternating: by sink-call count, and right after a stored write. */
async function killRepeatedly(s: Scenario, hook: KillAfterStoredWrite, random: () => number, kills: number): Promise<KillFigures> {
  const figures: KillFigures = { byCallCount: 0, afterStoredWrite: 0, landedUnrecorded: 0, endedBeforeKill: 0, endedWith: [] };
  for (let i = 0; i < kills; i++) {
    if (i % 2 === 0) {
      const result = await syncKilledAfter(s, 1 + Math.floor(random() * MAX_CALLS_BEFORE_KILL));
      if (result.signal === 'SIGKILL') figures.byCallCount++;
      else {
        figures.endedBeforeKill++;
        figures.endedWith.push(result.code ?? -1);
      }
    } else if (await hook.run(s, 1 + Math.floor(random() * (MAX_CALLS_BEFORE_KILL / 2)))) {
      figures.afterStoredWrite++;
      if ((await landedButUnrecorded(s)) > 0) figures.landedUnrecorded++;
    } else {
      figures.endedBeforeKill++;
      figures.endedWith.push(s.outputs[s.outputs.length - 1].code ?? -1);
    }
  }
  return figures;
}

describe.each(TRANSPORTS)(`koppelwerk sync over %s killed with SIGKILL at random moments (RELIABILITY_SEED=${SEED}, ${ORDERS} orders, ${KILLS} kills)`, (api) => {
  const random = seededRandom(SEED);

  it('kills, some right between a stored write and its ledger update, then a run to the end: each document booked exactly once', async () => {
    const started = Date.now();
    const hook = new KillAfterStoredWrite(api);
    const s = await startScenario({ api, tenant: 'crashshop', prefix: 'CRA', orders: ORDERS, orderSeed: 11, onSinkCall: hook.onCall });
    try {
      const kills = await killRepeatedly(s, hook, random, KILLS);
      // Every kill right after a stored write left exactly that situation behind.
      expect(kills.afterStoredWrite).toBeGreaterThan(0);
      expect(kills.landedUnrecorded).toBe(kills.afterStoredWrite);
      const runs = await syncToTheEnd(s);
      expectFinished(s, runs, { runs: 1 });
      const figures = await expectExactlyOnce(s);
      expectNoSecretsLeaked(s);
      reportFigures(SEED, `crash over ${api}`, { orders: ORDERS, ...kills, ...figures, wallMs: Date.now() - started });
    } finally {
      await s.close();
    }
  }, SCENARIO_TIMEOUT_MS);

  it('the same with 20% of the sink calls failing transiently', async () => {
    const started = Date.now();
    const hook = new KillAfterStoredWrite(api);
    const s = await startScenario({ api, tenant: 'flakyshop', prefix: 'FLA', orders: ORDERS, orderSeed: 12, faultSeed: SEED, onSinkCall: hook.onCall });
    try {
      s.sink.faults.set({ errorRate: 0.2 });
      const kills = await killRepeatedly(s, hook, random, KILLS);
      const runs = await syncToTheEnd(s);
      expectFinished(s, runs);
      const figures = await expectExactlyOnce(s);
      expectNoSecretsLeaked(s);
      reportFigures(SEED, `crash over ${api} with 20% transient faults`, { orders: ORDERS, ...kills, ...figures, injected: s.sink.faults.injected(), wallMs: Date.now() - started });
    } finally {
      await s.close();
    }
  }, SCENARIO_TIMEOUT_MS);

  it('with the credentials changed halfway: red, then the new login and retry --all: everything booked, green', async () => {
    const started = Date.now();
    const hook = new KillAfterStoredWrite(api);
    const s = await startScenario({ api, tenant: 'rotateshop', prefix: 'ROT', orders: ORDERS, orderSeed: 13, onSinkCall: hook.onCall });
    try {
      const kills = await killRepeatedly(s, hook, random, Math.ceil(KILLS / 2));

      // A password change (SOAP) or a new API token (REST) in e-Boekhouden while a run is writing: the old login stops working.
      const target = sinkCalls(s.sink) + 20 + Math.floor(random() * 40);
      const run = s.start(s.syncArgs('--json'));
      let ended = false;
      void run.done.then(() => (ended = true));
      while (!ended && sinkCalls(s.sink) < target) await nextTurn();
      const fresh = s.rotateLogin();
      const interrupted = await run.done;
      const red = interrupted.code === 3 ? interrupted : await s.run(s.syncArgs('--json'));
      expect(red.code).toBe(3);
      expect(await sinkDot(s)).toBe(false);

      // The new login is saved in the tenant file; the parked documents are reprocessed, the rest is synced.
      s.writeTenant(fresh);
      const retried = await s.run(['retry', s.file, '--all', '--json']);
      expect([0, 1]).toContain(retried.code);
      expectFinished(s, await syncToTheEnd(s), { runs: 1 });
      const figures = await expectExactlyOnce(s);
      expect(await sinkDot(s)).toBe(true);
      expectNoSecretsLeaked(s);
      reportFigures(SEED, `crash over ${api} with credentials changed halfway`, { orders: ORDERS, ...kills, ...figures, wallMs: Date.now() - started });
    } finally {
      await s.close();
    }
  }, SCENARIO_TIMEOUT_MS);
});

