import { generateWorkOrders } from './generate-work-data';
import { startWerkbonappSimulator, type RunningWerkbonappSimulator } from './werkbonapp-simulator';

describe('WerkbonApp simulator', () => {
  let sim: RunningWerkbonappSimulator;
  afterEach(() => sim?.close());

  const call = (fn: string, query: Record<string, string> = {}, auth: Record<string, string> = sim.credentials, init?: RequestInit) =>
    fetch(`${sim.url}/openapi/8/${fn}/?${new URLSearchParams({ ...auth, ...query })}`, init);

  it('starts with demo work orders and its demo login', async () => {
    sim = await startWerkbonappSimulator();
    expect(Object.keys(sim.credentials)).toEqual(['token', 'software_token']);
    const body = (await (await call('GetWorkorders', { update_status: 'false' })).json()) as { code: number; response: unknown[] };
    expect(body.code).toBe(200);
    expect(body.response.length).toBeGreaterThanOrEqual(10);
  });

  it('answers errors with HTTP 200 and a code', async () => {
    sim = await startWerkbonappSimulator();
    const cases: [Promise<Response>, number][] = [
      [call('GetWorkorders', {}, {}), 1002],
      [call('GetWorkorders', {}, { token: sim.credentials.token }), 1003],
      [call('GetWorkorders', {}, { ...sim.credentials, token: 'x' }), 1004],
      [call('GetWorkorders', {}, { ...sim.credentials, software_token: 'x' }), 1005],
      [call('NoSuchThing'), 1001],
      [call('GetWorkorder', { row_id: '999' }), 1500],
      [call('relations', {}, sim.credentials, { method: 'POST', body: '{"name":"x"' }), 1009],
      [call('relations', {}, sim.credentials, { method: 'POST', body: JSON.stringify([{ name: 'X', debtor_number: '1' }]) }), 1101],
    ];
    for (const [pending, code] of cases) {
      const response = await pending;
      expect(response.status).toBe(200);
      expect(((await response.json()) as { code: number }).code).toBe(code);
    }
  });

  it('GetWorkorders moves every fetched work order to Afgehandeld unless update_status=false (the real default)', async () => {
    sim = await startWerkbonappSimulator({ seed: { workorders: generateWorkOrders({ count: 3 }) } });
    await call('GetWorkorders', { status: 'Compleet', update_status: 'false' });
    expect(sim.workorders().every((o) => o.status === 'Compleet')).toBe(true);
    await call('GetWorkorders', { status: 'Compleet' });
    expect(sim.workorders().every((o) => o.status === 'Afgehandeld')).toBe(true);
  });

  it('serves seeded raw records exactly as given', async () => {
    const [order] = generateWorkOrders({ count: 1 });
    sim = await startWerkbonappSimulator({ seed: { workorders: [order], relations: [{ name: 'A', debtor_number: '1' }] } });
    expect(((await (await call('GetWorkorder', { row_id: order.id!, update_status: 'false' })).json()) as { response: unknown }).response).toEqual(order);
    expect(((await (await call('relations')).json()) as { response: unknown }).response).toEqual([{ name: 'A', debtor_number: '1' }]);
  });
});
