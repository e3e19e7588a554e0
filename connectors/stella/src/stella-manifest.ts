/** The connector's one public face: manifest, config schema, DI module and simulator. */
import { ContainerModule } from 'inversify';
import { defineConnector, ShopSource } from '@koppelwerk/core';
import { STELLA_DEMO_CREDENTIALS, startStellaSimulator } from './simulator/stella-simulator';
import { StellaClient } from './stella-client';
import { StellaConfig, stellaConfigSchema, StellaLogger, StellaRedactor } from './stella-config';
import { StellaSource } from './stella-source';

/** Where this connector's simulator is tried (the init template, the docs); every connector has its own. */
const SIMULATOR_PORT = 8084;

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
  createModule(config, context) {
    context.redactor.add([config.api_key]);
    return new ContainerModule(({ bind }) => {
      bind(StellaConfig).toConstantValue(config);
      bind(StellaLogger).toConstantValue(context.logger);
      bind(StellaRedactor).toConstantValue(context.redactor);
      bind(StellaClient).toSelf().inSingletonScope();
      bind(StellaSource).toSelf().inSingletonScope();
      bind(ShopSource).toService(StellaSource);
    });
  },
  simulator: { start: (options) => startStellaSimulator(options), port: SIMULATOR_PORT },
});
