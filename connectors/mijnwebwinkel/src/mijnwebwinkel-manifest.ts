/** The connector's one public face: manifest, config schema, DI module and simulator. */
import { ContainerModule } from 'inversify';
import { defineConnector, ShopSource } from '@koppelwerk/core';
import { MijnwebwinkelClient } from './mijnwebwinkel-client';
import { MijnwebwinkelConfig, mijnwebwinkelConfigSchema, MijnwebwinkelLogger, MijnwebwinkelRedactor } from './mijnwebwinkel-config';
import { MijnwebwinkelSource } from './mijnwebwinkel-source';
import { MIJNWEBWINKEL_DEMO_CREDENTIALS, startMijnwebwinkelSimulator } from './simulator/mijnwebwinkel-simulator';

/** Where this connector's simulator is tried (the init template, the docs); every connector has its own. */
const SIMULATOR_PORT = 8081;

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
  createModule(config, context) {
    // The tokens travel in every URL: make sure no log line or error can show them.
    context.redactor.add([config.token, config.partner_token]);
    return new ContainerModule(({ bind }) => {
      bind(MijnwebwinkelConfig).toConstantValue(config);
      bind(MijnwebwinkelLogger).toConstantValue(context.logger);
      bind(MijnwebwinkelRedactor).toConstantValue(context.redactor);
      bind(MijnwebwinkelClient).toSelf().inSingletonScope();
      bind(MijnwebwinkelSource).toSelf().inSingletonScope();
      bind(ShopSource).toService(MijnwebwinkelSource);
    });
  },
  simulator: { start: (options) => startMijnwebwinkelSimulator(options), port: SIMULATOR_PORT },
});
