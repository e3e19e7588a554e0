/**
 * runConnectorLookup against the simulators, started in this process: e-Boekhouden's ledgers over
 * SOAP and REST and Mijnwebwinkel's order statuses, from draft settings with plain secrets, as the
 * link wizard asks for them; and each way it can go wrong, as a KoppelwerkError with a clear message.
 */
import { ConfigurationError, KoppelwerkError, MemoryLogger, TransientError, type LookupItem } from '@koppelwerk/core';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { runConnectorLookup } from './connector-lookups';
import { createRegistry } from './connectors';

jest.setTimeout(60_000);

/** How long the simulators keep an answer back in the tests of the timeout and the stop. */
const LATENCY_MS = 1_500;
/** A lookup that was given up on still runs out on its wire (the clients take no signal): let it end against a live simulator. */
const settle = () => new Promise((resolve) => setTimeout(resolve, LATENCY_MS + 500));

const registry = createRegistry();

async function failure(work: Promise<LookupItem[]>): Promise<KoppelwerkError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!KoppelwerkError.is(error)) throw new Error(`expected a KoppelwerkError, got ${String(error)}`);
  return error;
}

describe.each(['soap', 'rest'] as const)("e-Boekhouden's ledgers over %s", (api) => {
  let sim: EboekhoudenSimulator;
  beforeAll(async () => {
    sim = await startEboekhoudenSimulator({ port: 0, api });
  });
  afterAll(() => sim?.close());

  /** What the wizard has so far: the API, its login typed in plain, the simulator's endpoint. */
  const draft = () => ({ settings: { ...(api === 'rest' ? { api: 'rest' } : {}), ...sim.credentials }, endpoint: sim.endpoint });
  const secretsOf = () => Object.values(sim.credentials).filter((value) => value.length >= 8);

  it("lists the administration's chart from the draft settings and ends its session", async () => {
    const logger = new MemoryLogger();
    const items = await runConnectorLookup(registry, { connector: 'eboekhouden', side: 'sink', lookup: 'ledgers', ...draft(), logger });
    expect(items).toEqual(expect.arrayContaining([
      { value: '1300', label: 'Debiteuren', detail: 'DEB · Vorderingen' },
      { value: '8000', label: 'Omzet hoog tarief', detail: 'VW · Omzet' },
    ]));
    const { calls, openSessions } = sim.state();
    if (api === 'soap') {
      expect(calls).toMatchObject({ GetGrootboekrekeningen: 1, CloseSession: 1 });
      expect(openSessions).toBe(0);
    } else {
      expect(calls).toMatchObject({ 'GET /v1/ledger': 1, 'DELETE /v1/session': 1 });
    }
    for (const secret of secretsOf()) expect(logger.text()).not.toContain(secret);
  });

  it('says which lookups the connector offers for a name it does not, before any call', async () => {
    const before = sim.state().calls;
    const error = await failure(runConnectorLookup(registry, { connector: 'eboekhouden', lookup: 'orderStatuses', ...draft() }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).toEqual([expect.objectContaining({ path: 'lookup', message: 'e-Boekhouden.nl offers no lookup "orderStatuses"; it offers: ledgers' })]);
    expect(sim.state().calls).toEqual(before);
  });

  it('refuses a draft its settings schema refuses, every problem at its path in the tenant file, before any call', async () => {
    const before = sim.state().calls;
    const settings = api === 'rest' ? { api: 'rest' } : { ...sim.credentials, username: 'abc' };
    const error = await failure(runConnectorLookup(registry, { connector: 'eboekhouden', lookup: 'ledgers', settings, endpoint: 'not a url' }));
    expect(error.errorClass).toBe('configuration');
    const paths = (error as ConfigurationError).problems.map((problem) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(['sink.endpoint', api === 'rest' ? 'sink.settings.accessToken' : 'sink.settings.username']));
    expect(sim.state().calls).toEqual(before);
  });

  it('turns refused credentials into an authentication error that shows none of them', async () => {
    const wrong = api === 'rest' ? { api: 'rest', accessToken: 'f'.repeat(48) } : { ...sim.credentials, securityCode1: 'f'.repeat(32) };
    const error = await failure(runConnectorLookup(registry, { connector: 'eboekhouden', lookup: 'ledgers', settings: wrong, endpoint: sim.endpoint }));
    expect(error.errorClass).toBe('authentication');
    expect(error.message).not.toContain('f'.repeat(32));
  });

  it('gives up after its timeout with a transient error that says so', async () => {
    sim.faults.set({ latencyMs: LATENCY_MS });
    try {
      const started = Date.now();
      const error = await failure(runConnectorLookup(registry, { connector: 'eboekhouden', lookup: 'ledgers', ...draft(), timeoutMs: 400 }));
      expect(Date.now() - started).toBeLessThan(LATENCY_MS);
      expect(error).toBeInstanceOf(TransientError);
      expect(error).toMatchObject({ code: 'LOOKUP_TIMEOUT', message: 'the lookup ledgers of e-Boekhouden.nl got no answer within 0.4 s' });
    } finally {
      sim.faults.set({ latencyMs: 0 });
      await settle();
    }
  });
});

describe("Mijnwebwinkel's order statuses", () => {
  let shop: RunningMijnwebwinkelSimulator;
  beforeAll(async () => {
    shop = await startMijnwebwinkelSimulator({ port: 0 });
  });
  afterAll(() => shop?.close());

  it("lists the shop's statuses, with tokens given as references", async () => {
    const env = { MWW_TOKEN: shop.credentials.token, MWW_PARTNER_TOKEN: shop.credentials.partner_token };
    const settings = { token: '${env:MWW_TOKEN}', partner_token: '${env:MWW_PARTNER_TOKEN}' };
    const items = await runConnectorLookup(registry, { connector: 'mijnwebwinkel', side: 'source', lookup: 'orderStatuses', settings, endpoint: shop.url, env });
    expect(items.map((item) => item.value)).toEqual(['Nieuw', 'Verzonden', 'Betaald', 'Wacht op betaling', 'Geannuleerd', 'Betaald & afgehaald', 'Gecrediteerd']);
  });

  it('names a reference it cannot resolve, and the side a connector is not on', async () => {
    const unset = await failure(runConnectorLookup(registry, { connector: 'mijnwebwinkel', lookup: 'orderStatuses', settings: { token: '${env:NOT_SET_ANYWHERE}', partner_token: 'p' }, endpoint: shop.url, env: {} }));
    expect((unset as ConfigurationError).problems).toEqual([{ path: 'source.settings.token', message: 'environment variable NOT_SET_ANYWHERE is not set', code: 'REFERENCE_ENV_MISSING', params: { name: 'NOT_SET_ANYWHERE' } }]);
    const wrongSide = await failure(runConnectorLookup(registry, { connector: 'mijnwebwinkel', side: 'sink', lookup: 'orderStatuses', settings: shop.credentials }));
    expect(wrongSide.errorClass).toBe('configuration');
    expect(wrongSide.message).toContain('sink.connector');
    const unknown = await failure(runConnectorLookup(registry, { connector: 'webwinkel', lookup: 'orderStatuses' }));
    expect(unknown.message).toContain('mijnwebwinkel');
  });

  it("stops when the caller's signal aborts", async () => {
    shop.faults.set({ latencyMs: LATENCY_MS });
    try {
      const controller = new AbortController();
      const pending = runConnectorLookup(registry, { connector: 'mijnwebwinkel', lookup: 'orderStatuses', settings: shop.credentials, endpoint: shop.url, signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      const error = await failure(pending);
      expect(error).toMatchObject({ errorClass: 'transient', code: 'LOOKUP_STOPPED', message: 'the lookup orderStatuses of Mijnwebwinkel was stopped before it had an answer' });
    } finally {
      shop.faults.set({ latencyMs: 0 });
      await settle();
    }
  });
});
