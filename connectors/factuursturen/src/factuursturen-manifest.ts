/** The connector's one public face: manifest, config schema, DI module and simulator. */
import { ContainerModule } from 'inversify';
import { defineConnector, ShopSource } from '@koppelwerk/core';
import { FactuursturenClient } from './factuursturen-client';
import { FactuursturenConfig, factuursturenConfigSchema, FactuursturenLogger, FactuursturenRedactor } from './factuursturen-config';
import { FactuursturenSource } from './factuursturen-source';
import { PurchaseInvoicesClient } from './purchase-invoices-client';
import { FACTUURSTUREN_DEMO_CREDENTIALS, startFactuursturenSimulator } from './simulator/factuursturen-simulator';

/** Where this connector's simulator is tried (the init template, the docs); every connector has its own. */
const SIMULATOR_PORT = 8082;

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
  createModule(config, context) {
    // Basic auth puts the key in a header; make sure no log line or error can show it.
    context.redactor.add([config.apiKey, Buffer.from(`${config.username}:${config.apiKey}`).toString('base64')]);
    return new ContainerModule(({ bind }) => {
      bind(FactuursturenConfig).toConstantValue(config);
      bind(FactuursturenLogger).toConstantValue(context.logger);
      bind(FactuursturenRedactor).toConstantValue(context.redactor);
      bind(FactuursturenClient).toSelf().inSingletonScope();
      bind(PurchaseInvoicesClient).toSelf().inSingletonScope();
      bind(FactuursturenSource).toSelf().inSingletonScope();
      bind(ShopSource).toService(FactuursturenSource);
    });
  },
  simulator: { start: (options) => startFactuursturenSimulator(options), port: SIMULATOR_PORT },
});
