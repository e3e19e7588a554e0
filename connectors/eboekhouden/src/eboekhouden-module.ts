/** The DI module of one tenant's e-Boekhouden sink: the sink over the transport `api` names (SOAP or REST). */
import { ContainerModule } from 'inversify';
import { AccountingSink, type ModuleContext } from '@koppelwerk/core';
import type { EboekhoudenConfig } from './eboekhouden-config';
import { EboekhoudenRelations } from './eboekhouden-relations';
import { EboekhoudenSession } from './eboekhouden-session';
import { EboekhoudenSink } from './eboekhouden-sink';
import { EboekhoudenSoapClient } from './eboekhouden-soap-client';
import { EboekhoudenModuleContext, EboekhoudenSettings } from './eboekhouden-tokens';
import { EboekhoudenTransport } from './eboekhouden-transport';
import { EboekhoudenRestClient } from './rest/rest-client';
import { RestTransport } from './rest/rest-transport';
import { SoapTransport } from './soap-transport';

export function createEboekhoudenModule(config: EboekhoudenConfig, context: ModuleContext): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(EboekhoudenSettings).toConstantValue(config);
    bind(EboekhoudenModuleContext).toConstantValue(context);
    if (config.api === 'rest') {
      bind(EboekhoudenRestClient).toSelf().inSingletonScope();
      bind(EboekhoudenTransport).to(RestTransport).inSingletonScope();
    } else {
      bind(EboekhoudenSoapClient).toSelf().inSingletonScope();
      bind(EboekhoudenSession).toSelf().inSingletonScope();
      bind(EboekhoudenRelations).toSelf().inSingletonScope();
      bind(EboekhoudenTransport).to(SoapTransport).inSingletonScope();
    }
    bind(EboekhoudenSink).toSelf().inSingletonScope();
    bind(AccountingSink).toService(EboekhoudenSink);
  });
}
