/**
 * The connector's one public face: what it is and can do, its config schema, its DI module
 * (mijnwebwinkel-module.ts), and its simulator (./simulator, loaded only when it is started).
 */
import { defineConnector } from '@koppelwerk/core';
import { MIJNWEBWINKEL_DEMO_CREDENTIALS, mijnwebwinkelConfigSchema } from './mijnwebwinkel-config';
import { MIJNWEBWINKEL_LOOKUPS } from './mijnwebwinkel-lookups';
import { MIJNWEBWINKEL_MESSAGES } from './mijnwebwinkel-messages';
import { createMijnwebwinkelModule } from './mijnwebwinkel-module';

/** Where this connector's simulator is tried (the init template, the docs); every connector has its own. */
const SIMULATOR_PORT = 8081;

/**
 * The simulator sits behind its own entry (`@koppelwerk/mijnwebwinkel/simulator`) and is required only
 * when it is started: a run that loads the connector never loads its simulator.
 */
const simulator = (): typeof import('./simulator') => require('./simulator');

export const mijnwebwinkelManifest = defineConnector({
  contractVersion: 1,
  id: 'mijnwebwinkel',
  kind: 'source',
  title: 'Mijnwebwinkel',
  description: 'Orders and credit orders from a Mijnwebwinkel (MyOnlineStore) shop, booked once they are paid, shipped or picked up.',
  capabilities: ['read', 'refetch', 'date-range'],
  configSchema: mijnwebwinkelConfigSchema,
  exampleConfig: { ...MIJNWEBWINKEL_DEMO_CREDENTIALS, endpoint: `http://127.0.0.1:${SIMULATOR_PORT}` },
  defaultIntervalMinutes: 60,
  createModule: createMijnwebwinkelModule,
  lookups: MIJNWEBWINKEL_LOOKUPS,
  simulator: { start: (options) => simulator().startMijnwebwinkelSimulator(options), port: SIMULATOR_PORT },
  messages: MIJNWEBWINKEL_MESSAGES,
});
