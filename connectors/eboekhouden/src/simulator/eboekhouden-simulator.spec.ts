import axios from 'axios';
import * as soap from 'soap';
import { eboekhoudenManifest } from '../eboekhouden-manifest';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from './eboekhouden-simulator';

const envelope = (body: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${body}</soap:Body></soap:Envelope>`;

async function post(sim: EboekhoudenSimulator, operation: string, body: string) {
  return axios.post(sim.endpoint, envelope(body), {
    headers: { 'content-type': 'text/xml; charset=utf-8', SOAPAction: `"http://www.e-boekhouden.nl/soap/${operation}"` },
    validateStatus: () => true,
  });
}

describe('the e-Boekhouden simulator', () => {
  let sim: EboekhoudenSimulator;
  let sessionId: string;
  let code2: string;

  beforeAll(async () => {
    const mutaties = Array.from({ length: 620 }, (_, i) => ({ MutatieNr: i + 1, Soort: 'Memoriaal', Datum: '2023-01-02T00:00:00', Rekening: '1100', Factuurnummer: `M${i + 1}` }));
    sim = await eboekhoudenManifest.simulator!.start({ port: 0, seed: { mutaties } }) as EboekhoudenSimulator;
    const { username, securityCode1, securityCode2 } = sim.credentials;
    code2 = securityCode2;
    const response = await post(
      sim,
      'OpenSession',
      `<OpenSession xmlns="http://www.e-boekhouden.nl/soap"><Username>${username}</Username><SecurityCode1>${securityCode1}</SecurityCode1><SecurityCode2>${securityCode2}</SecurityCode2><Source>test</Source></OpenSession>`,
    );
    sessionId = /<SessionID>([^<]+)<\/SessionID>/.exec(response.data as string)![1];
  });
  afterAll(() => sim.close());

  it('starts through the manifest with the demo login the runner prints', () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(sim.credentials)).toEqual(['username', 'securityCode1', 'securityCode2']);
    expect(sim.credentials.username).toBe(eboekhoudenManifest.exampleConfig.username);
  });

  it('serves the WSDL at /soap.asmx?wsdl (any case)', async () => {
    for (const query of ['?wsdl', '?WSDL']) {
      const response = await axios.get(`${sim.endpoint}${query}`);
      expect(response.data).toContain('<wsdl:service name="soapApp">');
    }
  });

  it('answers in-band errors inside HTTP 200, like the real service', async () => {
    const response = await post(sim, 'GetRelaties', `<GetRelaties xmlns="http://www.e-boekhouden.nl/soap"><SessionID>{nope}</SessionID><SecurityCode2>x</SecurityCode2><cFilter><ID>0</ID></cFilter></GetRelaties>`);
    expect(response.status).toBe(200);
    expect(response.data).toContain('<LastErrorCode>E0023</LastErrorCode>');
  });

  it('refuses elements out of schema order with a SOAP fault, as a strict .NET reader would', async () => {
    const response = await post(
      sim,
      'GetMutaties',
      `<GetMutaties xmlns="http://www.e-boekhouden.nl/soap"><SessionID>${sessionId}</SessionID><SecurityCode2>${code2}</SecurityCode2><cFilter><DatumVan>1980-01-01</DatumVan><MutatieNr>0</MutatieNr><DatumTm>2049-12-31</DatumTm></cFilter></GetMutaties>`,
    );
    expect(response.status).toBe(500);
    expect(response.data).toMatch(/soap:Client/);
    expect(response.data).toMatch(/MutatieNr is out of order/);
  });

  it('refuses a request that leaves out a required element', async () => {
    const response = await post(sim, 'GetMutaties', `<GetMutaties xmlns="http://www.e-boekhouden.nl/soap"><SessionID>${sessionId}</SessionID><SecurityCode2>${code2}</SecurityCode2><cFilter><MutatieNr>0</MutatieNr></cFilter></GetMutaties>`);
    expect(response.status).toBe(500);
    expect(response.data).toMatch(/required element DatumVan is missing/);
  });

  it('returns at most 500 mutations per GetMutaties call', async () => {
    const client = await soap.createClientAsync(`${sim.endpoint}?wsdl`, { disableCache: true }, sim.endpoint);
    const filter = { MutatieNr: 0, DatumVan: '1980-01-01', DatumTm: '2049-12-31' };
    const [first] = await client.GetMutatiesAsync({ SessionID: sessionId, SecurityCode2: code2, cFilter: filter });
    expect(first.GetMutatiesResult.Mutaties.cMutatieList).toHaveLength(500);
    const [next] = await client.GetMutatiesAsync({ SessionID: sessionId, SecurityCode2: code2, cFilter: { MutatieNr: 0, MutatieNrVan: 501, DatumVan: '1980-01-01', DatumTm: '2049-12-31' } });
    expect(next.GetMutatiesResult.Mutaties.cMutatieList).toHaveLength(120);
  });

  it('injects faults through its control API', async () => {
    await axios.post(`${sim.url}/_sim/faults`, { failNext: 1 });
    expect((await post(sim, 'CloseSession', '<CloseSession xmlns="http://www.e-boekhouden.nl/soap"/>')).status).toBe(503);
    await axios.post(`${sim.url}/_sim/faults`, { dropNext: 1 });
    await expect(post(sim, 'CloseSession', '<CloseSession xmlns="http://www.e-boekhouden.nl/soap"/>')).rejects.toThrow(/socket hang up|ECONNRESET/);
    const settings = await axios.post(`${sim.url}/_sim/faults`, { latencyMs: 30 });
    expect(settings.data).toMatchObject({ latencyMs: 30, errorRate: 0, dropRate: 0, failNext: 0 });
    const started = Date.now();
    await post(sim, 'CloseSession', '<CloseSession xmlns="http://www.e-boekhouden.nl/soap"/>');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    await axios.post(`${sim.url}/_sim/faults`, { reset: true });
  });

  it('rotates credentials (a password change) and dumps its state as JSON', async () => {
    const old = sim.credentials;
    const rotated = (await axios.post(`${sim.url}/_sim/rotate-credentials`, {})).data as Record<string, string>;
    expect(rotated.username).toBe(old.username);
    expect(rotated.securityCode1).not.toBe(old.securityCode1);
    expect(rotated.securityCode1).toMatch(/^[0-9a-f]{32}$/);
    const state = (await axios.get(`${sim.url}/_sim/state`)).data as { administraties: { grootboekrekeningen: { Code: string }[] }[]; openSessions: number };
    expect(state.openSessions).toBe(0);
    expect(state.administraties[0].grootboekrekeningen.map((l) => l.Code)).toEqual(expect.arrayContaining(['1100', '1300', '1600', '8000', '8010', '8020', '4000']));
  });

  it('reports each handled operation to onCall after storing it and before answering', async () => {
    const seen: { operation: string; write: boolean; errorCode: string; storedBeforeAnswer: number }[] = [];
    const hooked: EboekhoudenSimulator = await startEboekhoudenSimulator({
      port: 0,
      onCall: (call) => seen.push({ ...call, storedBeforeAnswer: hooked.state().administraties[0].relaties.length }),
    });
    try {
      const { username, securityCode1, securityCode2 } = hooked.credentials;
      const client = await soap.createClientAsync(`${hooked.endpoint}?wsdl`, { disableCache: true }, hooked.endpoint);
      const [opened] = await client.OpenSessionAsync({ Username: username, SecurityCode1: securityCode1, SecurityCode2: securityCode2, Source: 'test' });
      const session = { SessionID: opened.OpenSessionResult.SessionID, SecurityCode2: securityCode2 };
      const relation = { ID: 0, AddDatum: '2025-01-01T00:00:00', Code: 'HOOK1', Bedrijf: 'Hook BV', BP: 'B', Gb_ID: 0, GeenEmail: 0, NieuwsbriefgroepenCount: 0 };
      await client.AddRelatieAsync({ ...session, oRel: relation });
      await client.AddRelatieAsync({ ...session, oRel: relation });
      expect(seen.map(({ operation, write, errorCode }) => ({ operation, write, errorCode }))).toEqual([
        { operation: 'OpenSession', write: false, errorCode: '' },
        { operation: 'AddRelatie', write: true, errorCode: '' },
        { operation: 'AddRelatie', write: true, errorCode: 'CREL001' },
      ]);
      expect(seen[1].storedBeforeAnswer).toBe(1);
    } finally {
      await hooked.close();
    }
  });
});
