/**
 * The e-Boekhouden connector: a sink for journal entries and invoices over the SOAP or the REST API
 * (`api`). Its one public face: what it is and can do, its config schema, its DI module
 * (eboekhouden-module.ts), and its simulator (./simulator, loaded only when it is started).
 */
import { defineConnector } from '@koppelwerk/core';
import { EBOEKHOUDEN_DEMO_CREDENTIALS, SOAP_PATH, eboekhoudenConfigSchema } from './eboekhouden-config';
import { EBOEKHOUDEN_LOOKUPS } from './eboekhouden-lookups';
import { createEboekhoudenModule } from './eboekhouden-module';
import { EBOEKHOUDEN_MESSAGES } from './eboekhouden-messages';

/**
 * The simulator sits behind its own entry (`@koppelwerk/eboekhouden/simulator`) and is required only
 * when it is started: a run that loads the connector never loads its simulator (nor node-soap).
 */
const simulator = (): typeof import('./simulator') => require('./simulator');

export const eboekhoudenManifest = defineConnector({
  contractVersion: 1,
  id: 'eboekhouden',
  kind: 'sink',
  title: 'e-Boekhouden.nl',
  description:
    'Books relations, sales and purchase invoices (mutaties) and invoices into e-Boekhouden.nl over its SOAP API ' +
    '(api: soap, username and security codes; the default) or its REST API (api: rest, an API token).',
  capabilities: ['journal', 'invoice', 'list-books'],
  configSchema: eboekhoudenConfigSchema,
  exampleConfig: { ...EBOEKHOUDEN_DEMO_CREDENTIALS },
  createModule: createEboekhoudenModule,
  lookups: EBOEKHOUDEN_LOOKUPS,
  // A SOAP tenant's endpoint is the SOAP service itself, `<simulator url>/soap.asmx`; a REST tenant's is the simulator url.
  // Port 8080: the sources' simulators use 8081 and up, so all run at once.
  simulator: { start: (options) => simulator().startEboekhoudenSimulator(options), endpointPath: SOAP_PATH, port: 8080 },
  messages: EBOEKHOUDEN_MESSAGES,
});
