/** The `ledgers` lookup over both APIs, against the simulator: the administration's chart, as a person picks from it. */
import { AccountingSink, ConnectorLookups, MemoryLogger, Redactor, collectSecrets, createTenantContainer, parseConfig } from '@koppelwerk/core';
import { simulatorSettings } from './__fixtures__/sink-harness';
import { eboekhoudenConfigSchema } from './eboekhouden-config';
import { eboekhoudenManifest } from './eboekhouden-manifest';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from './simulator/eboekhouden-simulator';

describe.each(['soap', 'rest'] as const)('the ledgers lookup over %s', (api) => {
  const simulators: EboekhoudenSimulator[] = [];
  afterAll(() => Promise.all(simulators.map((sim) => sim.close())));

  async function open(seed?: Record<string, unknown>) {
    const sim = await startEboekhoudenSimulator({ port: 0, api, seed });
    simulators.push(sim);
    const config = parseConfig(eboekhoudenConfigSchema, simulatorSettings(sim));
    const redactor = new Redactor(collectSecrets(eboekhoudenConfigSchema, config));
    const container = createTenantContainer({ tenant: 'wizard', runId: 'r1', logger: new MemoryLogger([], {}, redactor), redactor, sink: { manifest: eboekhoudenManifest, config } });
    return { sim, lookups: container.get<ConnectorLookups>(ConnectorLookups), sink: container.get<AccountingSink>(AccountingSink) };
  }

  it("lists the administration's ledger accounts by code, with name, category and group", async () => {
    const { lookups, sink } = await open();
    const items = await lookups.lookup('ledgers');
    await sink.close();
    expect(items).toEqual(expect.arrayContaining([
      { value: '1100', label: 'Bank', detail: 'FIN · Liquide middelen' },
      { value: '1300', label: 'Debiteuren', detail: 'DEB · Vorderingen' },
      { value: '1600', label: 'Crediteuren', detail: 'CRED · Schulden' },
      { value: '8000', label: 'Omzet hoog tarief', detail: 'VW · Omzet' },
      { value: '8990', label: 'Afrondingsverschillen', detail: 'VW · Omzet' },
    ]));
    expect(items.map((item) => item.value)).toEqual([...items.map((item) => item.value)].sort((a, b) => Number(a) - Number(b)));
  });

  it("reads an administration's own chart, six-digit codes after four-digit ones", async () => {
    const { lookups, sink } = await open({
      grootboekrekeningen: [
        { ID: 7, Code: '800001', Omschrijving: 'Omzet webwinkel', Categorie: 'VW', Groep: '' },
        { ID: 8, Code: '1300', Omschrijving: 'Debiteuren', Categorie: 'DEB', Groep: 'Vorderingen' },
        { ID: 9, Code: '8000', Omschrijving: 'Omzet', Categorie: 'VW', Groep: '' },
      ],
    });
    expect(await lookups.lookup('ledgers')).toEqual([
      { value: '1300', label: 'Debiteuren', detail: 'DEB · Vorderingen' },
      { value: '8000', label: 'Omzet', detail: 'VW' },
      { value: '800001', label: 'Omzet webwinkel', detail: 'VW' },
    ]);
    await sink.close();
  });

  it('refuses another lookup before any call, naming the one it offers', async () => {
    const { sim, lookups } = await open();
    const before = JSON.stringify(sim.state());
    await expect(lookups.lookup('orderStatuses')).rejects.toMatchObject({ errorClass: 'configuration', problems: [{ path: 'lookup', message: 'e-Boekhouden.nl offers no lookup "orderStatuses"; it offers: ledgers' }] });
    expect(JSON.stringify(sim.state())).toBe(before);
  });
});
