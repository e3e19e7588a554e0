/** The DI module of one tenant's e-Boekhouden sink. */
import { ContainerModule } from 'inversify';
import { AccountingSink, type ModuleContext } from '@koppelwerk/core';
import type { EboekhoudenConfig } from './eboekhouden-config';
import { EboekhoudenRelations } from './eboekhouden-relations';
import { EboekhoudenSession } from './eboekhouden-session';
import { EboekhoudenSink } from './eboekhouden-sink';
import { EboekhoudenSoapClient } from './eboekhouden-soap-client';
import { EboekhoudenModuleContext, EboekhoudenSettings } from './eboekhouden-tokens';

export function createEboekhoudenModule(config: EboekhoudenConfig, context: ModuleContext): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(EboekhoudenSettings).toConstantValue(config);
    bind(EboekhoudenModuleContext).toConstantValue(context);
    bind(EboekhoudenSoapClient).toSelf().inSingletonScope();
    bind(EboekhoudenSession).toSelf().inSingletonScope();
    bind(EboekhoudenRelations).toSelf().inSingletonScope();
    bind(EboekhoudenSink).toSelf().inSingletonScope();
    bind(AccountingSink).toService(EboekhoudenSink);
  });
}
