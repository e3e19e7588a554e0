/** Stella runs the shared ShopSource conformance suite against its simulator. */
import { describeShopSource } from '@koppelwerk/testing';
import { DEMO_CUSTOMERS, stellaInvoice } from './simulator/generate-invoices';
import { startStellaSimulator } from './simulator/stella-simulator';
import { stellaManifest } from './stella-manifest';

function finalized(count: number) {
  return Array.from({ length: count }, (_, i) =>
    stellaInvoice({ id: `inv_${i + 1}`, number: `2025-${String(i + 1).padStart(4, '0')}`, customer: DEMO_CUSTOMERS[i % DEMO_CUSTOMERS.length], updatedAt: new Date(Date.UTC(2025, 5, 1, 8, i)).toISOString() }),
  );
}

describeShopSource({
  manifest: stellaManifest,
  pageSize: 10,
  startSimulator: (seed) => startStellaSimulator({ port: 0, seed }),
  configFor: (simulator) => ({ ...simulator.credentials, endpoint: simulator.url }),
  withWrongCredentials: (config) => ({ ...config, api_key: 'not-the-stella-key' }),
  brokenConfigs: [
    { description: 'a missing API key', config: {}, path: 'api_key' },
    { description: 'a bad endpoint', config: { api_key: 'k', endpoint: 'not a url' }, path: 'endpoint' },
  ],
  seedWithDocuments: (count) => ({ invoices: finalized(count) }),
  seedWithMalformed: () => {
    const invoices = finalized(6);
    invoices[1] = { ...invoices[1], date: '02-06-2025' };
    invoices[4] = { ...invoices[4], lines: [] };
    return { seed: { invoices }, good: 4, malformed: 2 };
  },
});
