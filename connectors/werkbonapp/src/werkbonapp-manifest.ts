/** The connector's one public face: manifest, config schema, DI module and simulator. */
import { ContainerModule } from 'inversify';
import { defineConnector, ImportTarget, ShopSource } from '@koppelwerk/core';
import { WERKBONAPP_DEMO_CREDENTIALS, startWerkbonappSimulator } from './simulator/werkbonapp-simulator';
import { WerkbonappClient } from './werkbonapp-client';
import { WerkbonappConfig, werkbonappConfigSchema, WerkbonappLogger, WerkbonappRedactor } from './werkbonapp-config';
import { WerkbonappImportTarget } from './werkbonapp-import-target';
import { WerkbonappSource } from './werkbonapp-source';

/** Where this connector's simulator is tried (the init template, the docs); every connector has its own. */
const SIMULATOR_PORT = 8083;

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
  createModule(config, context) {
    // Both tokens travel in every URL: make sure no log line or error can show them.
    context.redactor.add([config.token, config.software_token]);
    return new ContainerModule(({ bind }) => {
      bind(WerkbonappConfig).toConstantValue(config);
      bind(WerkbonappLogger).toConstantValue(context.logger);
      bind(WerkbonappRedactor).toConstantValue(context.redactor);
      bind(WerkbonappClient).toSelf().inSingletonScope();
      bind(WerkbonappSource).toSelf().inSingletonScope();
      bind(WerkbonappImportTarget).toSelf().inSingletonScope();
      bind(ShopSource).toService(WerkbonappSource);
      bind(ImportTarget).toService(WerkbonappImportTarget);
    });
  },
  simulator: { start: (options) => startWerkbonappSimulator(options), port: SIMULATOR_PORT },
});
