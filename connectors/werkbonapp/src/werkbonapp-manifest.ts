/**
 * The connector's one public face: what it is and can do, its config schema, its DI module
 * (werkbonapp-module.ts), and its simulator (./simulator, loaded only when it is started).
 */
import { defineConnector } from '@koppelwerk/core';
import { WERKBONAPP_DEMO_CREDENTIALS, werkbonappConfigSchema } from './werkbonapp-config';
import { WERKBONAPP_MESSAGES } from './werkbonapp-messages';
import { WERKBONAPP_LOOKUPS } from './werkbonapp-lookups';
import { createWerkbonappModule } from './werkbonapp-module';

/** Where this connector's simulator is tried (the init template, the docs); every connector has its own. */
const SIMULATOR_PORT = 8083;

/**
 * The simulator sits behind its own entry (`@koppelwerk/werkbonapp/simulator`) and is required only
 * when it is started: a run that loads the connector never loads its simulator.
 */
const simulator = (): typeof import('./simulator') => require('./simulator');

export const werkbonappManifest = defineConnector({
  contractVersion: 1,
  id: 'werkbonapp',
  kind: 'source',
  title: 'WerkbonApp',
  description:
    'Both directions: relations, materials and hour types from e-Boekhouden into WerkbonApp, and completed work orders (Compleet, work status "1 naar E-boekhouden") as invoices into e-Boekhouden; a handled work order becomes Afgehandeld.',
  capabilities: ['read', 'refetch', 'acknowledge', 'import-target'],
  configSchema: werkbonappConfigSchema,
  exampleConfig: { ...WERKBONAPP_DEMO_CREDENTIALS, endpoint: `http://127.0.0.1:${SIMULATOR_PORT}` },
  defaultIntervalMinutes: 15,
  createModule: createWerkbonappModule,
  lookups: WERKBONAPP_LOOKUPS,
  simulator: { start: (options) => simulator().startWerkbonappSimulator(options), port: SIMULATOR_PORT },
  messages: WERKBONAPP_MESSAGES,
});
