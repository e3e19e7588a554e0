/** Mijnwebwinkel runs the shared ShopSource conformance suite against its simulator. */
import { describeShopSource } from '@koppelwerk/testing';
import { mijnwebwinkelManifest } from './mijnwebwinkel-manifest';
import { generateBookableOrders } from './simulator/generate-orders';
import { startMijnwebwinkelSimulator } from './simulator/mijnwebwinkel-simulator';

describeShopSource({
  manifest: mijnwebwinkelManifest,
  pageSize: 10,
  startSimulator: (seed) => startMijnwebwinkelSimulator({ port: 0, seed }),
  configFor: (simulator) => ({ ...simulator.credentials, endpoint: simulator.url }),
  withWrongCredentials: (config) => ({ ...config, token: 'not-the-shop-token' }),
  brokenConfigs: [
    { description: 'a missing token', config: { partner_token: 'p' }, path: 'token' },
    { description: 'a bad endpoint', config: { token: 't', partner_token: 'p', endpoint: 'not a url' }, path: 'endpoint' },
  ],
  seedWithDocuments: (count) => generateBookableOrders(count) as unknown as Record<string, unknown>,
  seedWithMalformed: () => {
    const shop = generateBookableOrders(6);
    shop.orders[1] = { ...shop.orders[1], date: '01-06-2025' } as (typeof shop.orders)[number];
    shop.orders[4] = { ...shop.orders[4], orderlines: [] } as (typeof shop.orders)[number];
    return { seed: shop as unknown as Record<string, unknown>, good: 4, malformed: 2 };
  },
});
