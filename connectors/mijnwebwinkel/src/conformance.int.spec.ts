/** Mijnwebwinkel runs the shared ShopSource conformance suite against its simulator. */
import { describeShopSource } from '@koppelwerk/testing';
import { mijnwebwinkelManifest } from './mijnwebwinkel-manifest';
import { generateOrders } from './simulator/generate-orders';
import { startMijnwebwinkelSimulator } from './simulator/mijnwebwinkel-simulator';

const BOOKED_STATUSES = [2, 3, 6];

/** `count` orders in booked statuses, without credit or test orders. */
function bookableShop(count: number) {
  const shop = generateOrders({ count: count * 3 + 10, quirks: false, creditShare: 0, randomSeed: count });
  const orders = shop.orders.filter((order) => BOOKED_STATUSES.includes(Number(order.status))).slice(0, count);
  if (orders.length < count) throw new Error(`generated only ${orders.length} bookable orders`);
  return { ...shop, orders };
}

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
  seedWithDocuments: (count) => bookableShop(count) as unknown as Record<string, unknown>,
  seedWithMalformed: () => {
    const shop = bookableShop(6);
    shop.orders[1] = { ...shop.orders[1], date: '01-06-2025' } as (typeof shop.orders)[number];
    shop.orders[4] = { ...shop.orders[4], orderlines: [] } as (typeof shop.orders)[number];
    return { seed: shop as unknown as Record<string, unknown>, good: 4, malformed: 2 };
  },
});
