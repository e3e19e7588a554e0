/**
 * The connector's one public face: what it is and can do, its config schema, its DI module
 * (stella-module.ts), and its simulator (./simulator, loaded only when it is started).
 */
import { defineConnector } from '@koppelwerk/core';
import { STELLA_DEMO_CREDENTIALS, stellaConfigSchema } from './stella-config';
import { STELLA_MESSAGES } from './stella-messages';
import { createStellaModule } from './stella-module';

/** Where this connector's simulator is tried (the init template, the docs); every connector has its own. */
const SIMULATOR_PORT = 8084;

/**
 * The simulator sits behind its own entry (`@koppelwerk/stella/simulator`) and is required only
 * when it is started: a run that loads the connector never loads its simulator.
 */
const simulator = (): typeof import('./simulator') => require('./simulator');

export const stellaManifest = defineConnector({
  contractVersion: 1,
  id: 'stella',
  kind: 'source',
  title: 'Stella',
  description:
    'Finalized sales invoices from Stella as mutations on debtors 1300 and revenue 8000 (unless the mapping says otherwise); a customer is sent with its first invoice. Provisional API contract.',
  capabilities: ['read', 'refetch'],
  configSchema: stellaConfigSchema,
  exampleConfig: { ...STELLA_DEMO_CREDENTIALS, endpoint: `http://127.0.0.1:${SIMULATOR_PORT}` },
  defaultIntervalMinutes: 2,
  createModule: createStellaModule,
  simulator: { start: (options) => simulator().startStellaSimulator(options), port: SIMULATOR_PORT },
  messages: STELLA_MESSAGES,
});
