import axios from 'axios';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from './eboekhouden-simulator';
import { ledgerId, RestTestClient } from './rest-test-client';
import type { EboekhoudenSimCall } from './sim-soap-service';

describe('the REST simulator: injected faults', () => {
  let sim: EboekhoudenSimulator;
  let client: RestTestClient;
  const calls: EboekhoudenSimCall[] = [];
  let sale: (invoiceNumber: string) => Record<string, unknown>;

  beforeAll(async () => {
    sim = await startEboekhoudenSimulator({ api: 'rest', seed: { relaties: [{ Code: 'K1', Bedrijf: 'Klant 1' }] }, onCall: (call) => calls.push(call) });
    client = new RestTestClient(sim.url);
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    sim.reset();
    calls.length = 0;
    await client.login(sim.accessToken);
    const debtors = await ledgerId(client, '1300');
    const revenue = await ledgerId(client, '8000');
    const relation = (await client.get('/v1/relation?code=K1')).body.items[0].id;
    sale = (invoiceNumber) => ({
      type: 2,
      date: '2024-05-01',
      ledgerId: debtors,
      relationId: relation,
      invoiceNumber,
      inExVat: 'EX',
      rows: [{ ledgerId: revenue, vatCode: 'HOOG_VERK_21', amount: 10 }],
    });
  });

  it('answers 429 with Retry-After and a JSON body through the shared fault injector', async () => {
    sim.faults.set({ rateLimitNext: 1, retryAfterSeconds: 7 });
    const limited = await client.get('/v1/ledger');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body).toMatchObject({ type: 'error', status: 429, title: expect.any(String) });
    expect((await client.get('/v1/ledger')).status).toBe(200);
  });

  it('answers an injected server error as the documented JSON (ERR_001), and SOAP still as IIS’s HTML page', async () => {
    sim.faults.set({ failNext: 1 });
    const failed = await client.get('/v1/ledger');
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ code: 'ERR_001', status: 503 });
    sim.faults.set({ failNext: 1 });
    const soap = await axios.post(sim.url + '/soap.asmx', '<x/>', { headers: { 'content-type': 'text/xml' }, validateStatus: () => true });
    expect(soap.status).toBe(503);
    expect(String(soap.headers['content-type'])).toContain('text/html');
  });

  it('answers an HTML page with status 200 without handling the request', async () => {
    sim.restFaults.set({ htmlNext: 1 });
    const page = await client.post('/v1/mutation', sale('2024-1'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toBeUndefined();
    expect(sim.state().administraties[0].mutaties).toHaveLength(0);
    expect((await client.post('/v1/mutation', sale('2024-1'))).status).toBe(200);
  });

  it('cuts the body off after the write landed, so the client cannot know the outcome', async () => {
    sim.restFaults.set({ truncateNext: 1 });
    const cut = await client.post('/v1/mutation', sale('2024-2'));
    expect(cut.status).toBe(200);
    expect(cut.body).toBeUndefined();
    expect(cut.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(cut.text)).toThrow();
    expect(sim.state().administraties[0].mutaties).toHaveLength(1);
    expect(calls.at(-1)).toEqual({ operation: 'POST /v1/mutation', write: true, errorCode: '' });
    const retry = await client.post('/v1/mutation', sale('2024-2'));
    expect(retry.body.code).toBe('MUT_019');
    expect(calls.at(-1)).toEqual({ operation: 'POST /v1/mutation', write: true, errorCode: 'MUT_019' });
  });

  it('sets, answers and resets the REST faults over the control API', async () => {
    const set = await client.call('POST', '/_sim/rest-faults', { truncateNext: 2 });
    expect(set.body).toEqual({ htmlNext: 0, truncateNext: 2 });
    expect((await client.call('POST', '/_sim/rest-faults', { truncateNext: -1 })).status).toBe(400);
    await client.call('POST', '/_sim/reset');
    expect(sim.restFaults.get()).toEqual({ htmlNext: 0, truncateNext: 0 });
  });

  it('counts REST calls per route next to the SOAP operations', async () => {
    // beforeEach: a session, two ledger look-ups and one relation look-up.
    await client.get('/v1/ledger');
    await client.get('/v1/ledger?code=1300');
    expect(sim.calls()).toMatchObject({ 'POST /v1/session': 1, 'GET /v1/ledger': 4, 'GET /v1/relation': 1 });
  });
});
