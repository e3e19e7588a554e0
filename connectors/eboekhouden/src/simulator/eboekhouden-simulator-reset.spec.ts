/**
 * POST /_sim/reset puts the e-Boekhouden simulator back as it started: the administration as
 * seeded (nothing booked since survives), the logins with their seeded codes, no open session, no
 * calls counted, the faults and closed period as given at start.
 */
import axios from 'axios';
import * as soap from 'soap';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from './eboekhouden-simulator';
import type { EboekhoudenSimState } from './sim-backend';

describe('resetting the e-Boekhouden simulator', () => {
  let sim: EboekhoudenSimulator;
  beforeAll(async () => {
    sim = await startEboekhoudenSimulator({ port: 0, closedUntil: '2020-12-31', faults: { latencyMs: 1 }, seed: { relaties: [{ ID: 1, Code: 'SEED1', Bedrijf: 'Seed BV', BP: 'B' }] } });
  });
  afterAll(() => sim.close());

  it('clears everything that happened since the start', async () => {
    const seeded = sim.credentials;
    const client = await soap.createClientAsync(`${sim.endpoint}?wsdl`, { disableCache: true }, sim.endpoint);
    const [opened] = await client.OpenSessionAsync({ Username: seeded.username, SecurityCode1: seeded.securityCode1, SecurityCode2: seeded.securityCode2, Source: 'test' });
    const relation = { ID: 0, AddDatum: '2025-01-01T00:00:00', Code: 'NEW1', Bedrijf: 'Nieuw BV', BP: 'B', Gb_ID: 0, GeenEmail: 0, NieuwsbriefgroepenCount: 0 };
    await client.AddRelatieAsync({ SessionID: opened.OpenSessionResult.SessionID, SecurityCode2: seeded.securityCode2, oRel: relation });
    // A second, still open session, a password change, another closed period and a fault.
    const rotated = sim.rotateCredentials();
    await client.OpenSessionAsync({ Username: rotated.username, SecurityCode1: rotated.securityCode1, SecurityCode2: rotated.securityCode2, Source: 'test' });
    sim.closePeriodUntil('2024-12-31');
    sim.faults.set({ errorRate: 1 });
    const before = (await axios.get(`${sim.url}/_sim/state`)).data as EboekhoudenSimState;
    expect(before.openSessions).toBe(1);
    expect(before.administraties[0].relaties.map((r) => r.Code)).toEqual(['SEED1', 'NEW1']);

    const answer = await axios.post(`${sim.url}/_sim/reset`, {});
    expect(answer.status).toBe(200);
    const after = (await axios.get(`${sim.url}/_sim/state`)).data as EboekhoudenSimState;
    expect(after.openSessions).toBe(0);
    expect(after.calls).toEqual({});
    expect(after.administraties[0].relaties.map((r) => r.Code)).toEqual(['SEED1']);
    expect(after.administraties[0].mutaties).toEqual([]);
    expect(sim.credentials).toEqual(seeded);
    expect(sim.faults.get()).toMatchObject({ errorRate: 0, latencyMs: 1 });
    expect(sim.calls()).toEqual({});

    // The seeded login works again, the rotated one no longer; the closed period is the one given at start.
    const [again] = await client.OpenSessionAsync({ Username: seeded.username, SecurityCode1: seeded.securityCode1, SecurityCode2: seeded.securityCode2, Source: 'test' });
    expect(again.OpenSessionResult.ErrorMsg?.LastErrorCode ?? '').toBe('');
    expect(again.OpenSessionResult.SessionID).toBeTruthy();
    expect(sim.state().administraties[0]).toMatchObject({ closedUntil: '2020-12-31' });
  });
});
