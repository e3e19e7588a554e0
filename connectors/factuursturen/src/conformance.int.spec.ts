/** FactuurSturen runs the shared ShopSource conformance suite against its simulator. */
import { describeShopSource } from '@koppelwerk/testing';
import { factuursturenManifest } from './factuursturen-manifest';
import { generateInvoices } from './simulator/generate-invoices';
import { startFactuursturenSimulator } from './simulator/factuursturen-simulator';

/** `count` sent sales invoices (no credit notes, no purchase invoices, no unsent ones). */
function account(count: number) {
  const generated = generateInvoices({ count, quirks: false, creditShare: 0, purchaseCount: 0, randomSeed: count });
  return { ...generated, invoices: generated.invoices.slice(0, count) };
}

describeShopSource({
  manifest: factuursturenManifest,
  pageSize: 10,
  startSimulator: (seed) => startFactuursturenSimulator({ port: 0, seed }),
  configFor: (simulator) => ({ ...simulator.credentials, endpoint: simulator.url }),
  withWrongCredentials: (config) => ({ ...config, apiKey: 'not-the-api-key' }),
  brokenConfigs: [
    { description: 'a missing API key', config: { username: 'u' }, path: 'apiKey' },
    { description: 'a bad endpoint', config: { username: 'u', apiKey: 'k', endpoint: 'not a url' }, path: 'endpoint' },
  ],
  seedWithDocuments: (count) => account(count) as unknown as Record<string, unknown>,
  seedWithMalformed: () => {
    const generated = account(6);
    generated.invoices[1] = { ...generated.invoices[1], sent: '01-06-2025' };
    generated.invoices[4] = { ...generated.invoices[4], lines: [] };
    return { seed: generated as unknown as Record<string, unknown>, good: 4, malformed: 2 };
  },
});
