/**
 * The connector's one public face: what it is and can do, its config schema, its DI module
 * (factuursturen-module.ts), and its simulator (./simulator, loaded only when it is started).
 */
import { defineConnector } from '@koppelwerk/core';
import { FACTUURSTUREN_DEMO_CREDENTIALS, factuursturenConfigSchema } from './factuursturen-config';
import { FACTUURSTUREN_MESSAGES } from './factuursturen-messages';
import { createFactuursturenModule } from './factuursturen-module';

/** Where this connector's simulator is tried (the init template, the docs); every connector has its own. */
const SIMULATOR_PORT = 8082;

/**
 * The simulator sits behind its own entry (`@koppelwerk/factuursturen/simulator`) and is required only
 * when it is started: a run that loads the connector never loads its simulator.
 */
const simulator = (): typeof import('./simulator') => require('./simulator');

export const factuursturenManifest = defineConnector({
  contractVersion: 1,
  id: 'factuursturen',
  kind: 'source',
  title: 'FactuurSturen',
  description: 'Sales invoices and credit notes from FactuurSturen.nl, and purchase invoices (provisional contract), booked once they are sent.',
  capabilities: ['read', 'refetch', 'date-range'],
  configSchema: factuursturenConfigSchema,
  exampleConfig: { ...FACTUURSTUREN_DEMO_CREDENTIALS, endpoint: `http://127.0.0.1:${SIMULATOR_PORT}` },
  defaultIntervalMinutes: 60,
  createModule: createFactuursturenModule,
  simulator: { start: (options) => simulator().startFactuursturenSimulator(options), port: SIMULATOR_PORT },
  messages: FACTUURSTUREN_MESSAGES,
});
