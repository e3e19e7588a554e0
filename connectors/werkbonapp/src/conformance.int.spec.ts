/** WerkbonApp runs the shared ShopSource conformance suite against its simulator. */
import { describeShopSource } from '@koppelwerk/testing';
import { generateWorkOrders } from './simulator/generate-work-data';
import { startWerkbonappSimulator } from './simulator/werkbonapp-simulator';
import { werkbonappManifest } from './werkbonapp-manifest';

describeShopSource({
  manifest: werkbonappManifest,
  // WerkbonApp has no paging: every page size reads one list.
  pageSize: 10,
  startSimulator: (seed) => startWerkbonappSimulator({ port: 0, seed }),
  configFor: (simulator) => ({ ...simulator.credentials, endpoint: simulator.url }),
  withWrongCredentials: (config) => ({ ...config, token: 'not-the-customer-token' }),
  brokenConfigs: [
    { description: 'a missing customer token', config: { software_token: 's' }, path: 'token' },
    { description: 'a bad endpoint', config: { token: 't', software_token: 's', endpoint: 'not a url' }, path: 'endpoint' },
  ],
  seedWithDocuments: (count) => ({ workorders: generateWorkOrders({ count, randomSeed: count }) }),
  seedWithMalformed: () => {
    const workorders = generateWorkOrders({ count: 6 });
    workorders[1] = { ...workorders[1], WorkDate: '2025-06-01', WorkEndDate: '' };
    workorders[4] = { ...workorders[4], Materials: [{ MaterialCode: 'X', MaterialNr: 'veel', MaterialName: 'Schroeven' }] };
    return { seed: { workorders }, good: 4, malformed: 2 };
  },
});
