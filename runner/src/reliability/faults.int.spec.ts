/**
 * A sync through bad weather: both simulators (the Mijnwebwinkel source and the e-Boekhouden
 * sink) answer about one call in five with trouble: latency spikes, 5xx pages, dropped
 * connections, 429 with Retry-After, and (e-Boekhouden) sessions that expire mid-run (E0023).
 * Every document is booked exactly once, and what `sync --json` reports (booked, parked, relations
 * created) matches what e-Boekhouden holds.
 *
 * Over both of e-Boekhouden's APIs (SOAP and REST); on REST an expired session is a 401.
 *
 * CI size: 300 orders. `npm run soak`: 5,000 orders. Repeat with RELIABILITY_SEED=<seed>.
 */
import { startScenario, syncToTheEnd } from './reliability-scenario';
import { SCENARIO_TIMEOUT_MS, isSessionCall, reportFigures, seededRandom, sized, suiteSeed, TRANSPORTS, type EboekhoudenSimCall } from './reliability-support';
import { bookedNumbers, expectExactlyOnce, expectNoSecretsLeaked, expectFinished, relationCodes } from './scenario-checks';

const ORDERS = sized(300, 5_000);
const SEED = suiteSeed();

/** Shares of calls per kind of trouble; together about 20% of all calls. */
const SHARES = { spike: 0.03, error: 0.05, drop: 0.04, rateLimit: 0.04, expireSession: 0.04 };
const SPIKE_MS = sized(600, 1_500);

describe.each(TRANSPORTS)(`koppelwerk sync over %s with about 20% of all calls failing in every way (RELIABILITY_SEED=${SEED}, ${ORDERS} orders)`, (api) => {
  it('books every document exactly once, and its summary matches the simulator', async () => {
    const started = Date.now();
    const random = seededRandom(SEED);
    let expiring = false;
    let expired = 0;
    let handled = 0;
    const onSinkCall = (call: EboekhoudenSimCall) => {
      if (!expiring) return;
      // The source has few calls: besides its random share, one drop, one 429 and one 5xx at set
      // moments, spread out so that they hit different calls.
      handled++;
      if (handled === 40) s.shop.faults.set({ dropNext: 1 });
      if (handled === 80) s.shop.faults.set({ rateLimitNext: 1 });
      if (handled === 120) s.shop.faults.set({ failNext: 1 });
      // After an answered call (not a login), every session may expire: the next call gets E0023.
      if (isSessionCall(call.operation)) return;
      if (random() < SHARES.expireSession) {
        s.sink.expireSessions();
        expired++;
      }
    };
    // Small pages, so the source is asked often enough for its share of trouble.
    const sourceSettings = { pageSize: 10 };
    const s = await startScenario({ api, tenant: 'stormshop', prefix: 'STO', orders: ORDERS, orderSeed: 21, faultSeed: SEED, onSinkCall, sourceSettings });
    try {
      const faults = {
        spikeRate: SHARES.spike,
        spikeMs: SPIKE_MS,
        errorRate: SHARES.error,
        dropRate: SHARES.drop,
        rateLimitRate: SHARES.rateLimit,
        retryAfterSeconds: 1,
      };
      s.sink.faults.set(faults);
      // The source has no sessions: its share of 5xx is larger instead.
      s.shop.faults.set({ ...faults, errorRate: SHARES.error + SHARES.expireSession, errorStatus: 502 });
      expiring = true;

      const runs = await syncToTheEnd(s, 8);
      expiring = false;
      expectFinished(s, runs);
      const figures = await expectExactlyOnce(s);

      // The summaries say what e-Boekhouden holds: every booking and every relation created.
      const total = (key: keyof (typeof runs)[number]['counts']) => runs.reduce((sum, r) => sum + r.counts[key], 0);
      expect(total('booked')).toBe(bookedNumbers(s).length);
      expect(total('relationsCreated')).toBe(relationCodes(s).length);
      for (const r of runs) expect(r.counts.read).toBe(r.counts.booked + r.counts.skipped + r.counts.parked + r.counts.stillParked + r.counts.pending);
      if (runs.length === 1) expect(runs[0].counts.parked).toBe(s.expectedParked.length);
      else expect(total('parked')).toBeGreaterThanOrEqual(s.expectedParked.length);

      // About one call in five was trouble (counted per simulator, whatever reached it).
      const sinkInjected = s.sink.faults.injected();
      const shopInjected = s.shop.faults.injected();
      const sinkHandled = Object.values(s.sink.calls()).reduce((sum, n) => sum + n, 0);
      const sinkRequests = sinkHandled + sinkInjected.failed + sinkInjected.dropped + sinkInjected.rateLimited;
      const shopRequests = Object.values(s.shop.server.calls.snapshot()).reduce((sum: number, n) => sum + Number(n), 0);
      const troubles = (i: typeof sinkInjected) => i.spiked + i.failed + i.dropped + i.rateLimited;
      const share = (troubles(sinkInjected) + expired + troubles(shopInjected)) / (sinkRequests + shopRequests);
      expect(share).toBeGreaterThan(0.1);
      expect(share).toBeLessThan(0.35);
      for (const injected of [sinkInjected, shopInjected]) {
        expect(injected.failed).toBeGreaterThan(0);
        expect(injected.dropped).toBeGreaterThan(0);
        expect(injected.rateLimited).toBeGreaterThan(0);
      }
      expect(sinkInjected.spiked).toBeGreaterThan(0);
      expect(expired).toBeGreaterThan(0);
      expectNoSecretsLeaked(s);
      reportFigures(SEED, `faults over ${api}`, {
        orders: ORDERS,
        ...figures,
        relations: relationCodes(s).length,
        runs: runs.map((r) => ({ code: r.code, ...r.counts })),
        sink: { requests: sinkRequests, ...sinkInjected, sessionsExpired: expired },
        shop: { requests: shopRequests, ...shopInjected },
        faultShare: Number(share.toFixed(3)),
        wallMs: Date.now() - started,
      });
    } finally {
      await s.close();
    }
  }, SCENARIO_TIMEOUT_MS);
});
