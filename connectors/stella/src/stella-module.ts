/** The DI module of one tenant's Stella source: its settings, logger and redactor, the client and the source. */
import { ContainerModule } from 'inversify';
import { ShopSource, type ModuleContext } from '@koppelwerk/core';
import { StellaClient } from './stella-client';
import { StellaConfig, StellaLogger, StellaRedactor } from './stella-config';
import { StellaSource } from './stella-source';

export function createStellaModule(config: StellaConfig, context: ModuleContext): ContainerModule {
  context.redactor.add([config.api_key]);
  return new ContainerModule(({ bind }) => {
    bind(StellaConfig).toConstantValue(config);
    bind(StellaLogger).toConstantValue(context.logger);
    bind(StellaRedactor).toConstantValue(context.redactor);
    bind(StellaClient).toSelf().inSingletonScope();
    bind(StellaSource).toSelf().inSingletonScope();
    bind(ShopSource).toService(StellaSource);
  });
}
