/** The DI module of one tenant's Mijnwebwinkel source: its settings, logger and redactor, the client and the source. */
import { ContainerModule } from 'inversify';
import { ConnectorLookups, ShopSource, type ModuleContext } from '@koppelwerk/core';
import { MijnwebwinkelClient } from './mijnwebwinkel-client';
import { MijnwebwinkelConfig, MijnwebwinkelLogger, MijnwebwinkelRedactor } from './mijnwebwinkel-config';
import { MijnwebwinkelLookups } from './mijnwebwinkel-lookups';
import { MijnwebwinkelSource } from './mijnwebwinkel-source';

export function createMijnwebwinkelModule(config: MijnwebwinkelConfig, context: ModuleContext): ContainerModule {
  // The tokens travel in every URL: make sure no log line or error can show them.
  context.redactor.add([config.token, config.partner_token]);
  return new ContainerModule(({ bind }) => {
    bind(MijnwebwinkelConfig).toConstantValue(config);
    bind(MijnwebwinkelLogger).toConstantValue(context.logger);
    bind(MijnwebwinkelRedactor).toConstantValue(context.redactor);
    bind(MijnwebwinkelClient).toSelf().inSingletonScope();
    bind(MijnwebwinkelSource).toSelf().inSingletonScope();
    bind(ShopSource).toService(MijnwebwinkelSource);
    bind(MijnwebwinkelLookups).toSelf().inSingletonScope();
    bind(ConnectorLookups).toService(MijnwebwinkelLookups);
  });
}
