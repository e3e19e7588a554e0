/** The `workStatuses` lookup against the simulator: the customer's own statuses, as `export.workStatus` takes them. */
import { ConnectorLookups, ShopSource } from '@koppelwerk/core';
import { openConnector } from '@koppelwerk/testing';
import { startWerkbonappSimulator, type RunningWerkbonappSimulator } from './simulator/werkbonapp-simulator';
import { werkbonappManifest } from './werkbonapp-manifest';

describe('the workStatuses lookup', () => {
  const simulators: RunningWerkbonappSimulator[] = [];
  afterAll(() => Promise.all(simulators.map((sim) => sim.close())));

  async function open(seed?: Record<string, unknown>) {
    const sim = await startWerkbonappSimulator({ port: 0, seed });
    simulators.push(sim);
    const settings = { ...sim.credentials, endpoint: sim.url };
    const { container } = openConnector({ manifest: werkbonappManifest }, settings);
    return { settings, lookups: container.get<ConnectorLookups>(ConnectorLookups) };
  }

  it("lists the customer's work statuses, each valued as WerkbonApp shows it", async () => {
    const { lookups } = await open();
    expect(await lookups.lookup('workStatuses')).toEqual([
      { value: '0 Nieuw', label: 'Nieuw', detail: 'code 0' },
      { value: '1 naar E-boekhouden', label: 'naar E-boekhouden', detail: 'code 1' },
      { value: '2 Wacht op onderdelen', label: 'Wacht op onderdelen', detail: 'code 2' },
    ]);
  });

  it('gives a value the source accepts as its work status', async () => {
    const { lookups, settings } = await open({ workorders: [], workstatusses: [{ sta_code: '7', sta_name: 'Factureren' }, { sta_code: '', sta_name: 'Archief' }] });
    const items = await lookups.lookup('workStatuses');
    expect(items).toEqual([{ value: '7 Factureren', label: 'Factureren', detail: 'code 7' }, { value: 'Archief', label: 'Archief' }]);
    const { container } = openConnector({ manifest: werkbonappManifest }, { ...settings, export: { workStatus: items[0].value } });
    await expect(container.get<ShopSource>(ShopSource).check()).resolves.toMatchObject({ ok: true });
  });
});
