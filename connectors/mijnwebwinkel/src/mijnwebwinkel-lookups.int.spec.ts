/** The `orderStatuses` lookup against the simulator: the shop's own statuses, as `bookedStatuses` takes them. */
import { ConnectorLookups, ShopSource } from '@koppelwerk/core';
import { openConnector } from '@koppelwerk/testing';
import { mijnwebwinkelManifest } from './mijnwebwinkel-manifest';
import { generateBookableOrders } from './simulator/generate-orders';
import { startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from './simulator/mijnwebwinkel-simulator';

describe('the orderStatuses lookup', () => {
  const simulators: RunningMijnwebwinkelSimulator[] = [];
  afterAll(() => Promise.all(simulators.map((sim) => sim.close())));

  async function open(seed?: Record<string, unknown>, settings: Record<string, unknown> = {}) {
    const sim = await startMijnwebwinkelSimulator({ port: 0, seed });
    simulators.push(sim);
    const opened = openConnector({ manifest: mijnwebwinkelManifest }, { ...sim.credentials, endpoint: sim.url, ...settings });
    return { sim, ...opened, lookups: opened.container.get<ConnectorLookups>(ConnectorLookups) };
  }

  it("lists the shop's statuses by id, its credit status marked", async () => {
    const { lookups } = await open();
    expect(await lookups.lookup('orderStatuses')).toEqual([
      { value: 'Nieuw', label: 'Nieuw', detail: 'status 1' },
      { value: 'Verzonden', label: 'Verzonden', detail: 'status 2' },
      { value: 'Betaald', label: 'Betaald', detail: 'status 3' },
      { value: 'Wacht op betaling', label: 'Wacht op betaling', detail: 'status 4' },
      { value: 'Geannuleerd', label: 'Geannuleerd', detail: 'status 5' },
      { value: 'Betaald & afgehaald', label: 'Betaald & afgehaald', detail: 'status 6' },
      { value: 'Gecrediteerd', label: 'Gecrediteerd', detail: 'status 10 · creditorder' },
    ]);
  });

  it('gives values the source books by: the statuses picked are the ones booked', async () => {
    const shop = generateBookableOrders(12);
    const { lookups, sim } = await open(shop as unknown as Record<string, unknown>);
    const picked = (await lookups.lookup('orderStatuses')).map((item) => item.value).filter((value) => value === 'Betaald');
    const { container } = openConnector({ manifest: mijnwebwinkelManifest }, { ...sim.credentials, endpoint: sim.url, bookedStatuses: picked });
    const check = await container.get<ShopSource>(ShopSource).check();
    expect(check).toMatchObject({ ok: true, details: expect.arrayContaining(['booked statuses: Betaald']) });
  });

  it("reads a shop's own list, one item per description", async () => {
    const orderstatuses = [
      { status: 7, description: 'Shipped', credit_order: false },
      { status: 3, description: 'Paid', credit_order: false },
      { status: '8', description: 'Paid', credit_order: false },
    ];
    const { lookups } = await open({ orders: [], orderstatuses }, { language: 'en_GB' });
    expect(await lookups.lookup('orderStatuses')).toEqual([
      { value: 'Paid', label: 'Paid', detail: 'status 3' },
      { value: 'Shipped', label: 'Shipped', detail: 'status 7' },
    ]);
  });

  it('is refused when the partner token is, without showing it', async () => {
    const { lookups, logger, secrets } = await open(undefined, { partner_token: 'not-the-partner-token' });
    const error = await lookups.lookup('orderStatuses').catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ errorClass: 'authentication' });
    for (const secret of secrets) expect(`${(error as Error).message} ${logger.text()}`).not.toContain(secret);
  });
});
