/** The e-Boekhouden connector: a sink for journal entries and invoices over the SOAP or the REST API (`api`). */
import { defineConnector } from '@koppelwerk/core';
import { eboekhoudenConfigSchema } from './eboekhouden-config';
import { createEboekhoudenModule } from './eboekhouden-module';
import { SOAP_PATH, startEboekhoudenSimulator } from './simulator/eboekhouden-simulator';
import { DEMO_USER } from './simulator/sim-seed';

export const eboekhoudenManifest = defineConnector({
  contractVersion: 1,
  id: 'eboekhouden',
  kind: 'sink',
  title: 'e-Boekhouden.nl',
  description:
    'Books relations, sales and purchase invoices (mutaties) and invoices into e-Boekhouden.nl over its SOAP API ' +
    '(api: soap, username and security codes; the default) or its REST API (api: rest, an API token).',
  capabilities: ['journal', 'invoice'],
  configSchema: eboekhoudenConfigSchema,
  exampleConfig: {
    username: DEMO_USER.Username,
    securityCode1: DEMO_USER.SecurityCode1,
    securityCode2: DEMO_USER.SecurityCode2,
  },
  createModule: createEboekhoudenModule,
  // A SOAP tenant's endpoint is the SOAP service itself, `<simulator url>/soap.asmx`; a REST tenant's is the simulator url.
  // Port 8080: the sources' simulators use 8081 and up, so all run at once.
  simulator: { start: startEboekhoudenSimulator, endpointPath: SOAP_PATH, port: 8080 },
});
