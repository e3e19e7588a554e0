/** The DI module of one tenant's e-Boekhouden sink: the sink over the transport `api` names (SOAP or REST). */
import { ContainerModule } from 'inversify';
import { AccountingSink, ConnectorLookups, type ModuleContext } from '@koppelwerk/core';
import type { EboekhoudenConfig } from './eboekhouden-config';
import { EboekhoudenLookups } from './eboekhouden-lookups';
import { EboekhoudenSink } from './eboekhouden-sink';
import { EboekhoudenModuleContext, EboekhoudenSettings } from './eboekhouden-tokens';
import { EboekhoudenTransport } from './eboekhouden-transport';
import { RestClient } from './rest/rest-client';
import { RestTransport } from './rest/rest-transport';
import { SoapClient } from './soap/soap-client';
import { SoapRelations } from './soap/soap-relations';
import { SoapSession } from './soap/soap-session';
import { SoapTransport } from './soap/soap-transport';

export function createEboekhoudenModule(config: EboekhoudenConfig, context: ModuleContext): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(EboekhoudenSettings).toConstantValue(config);
    bind(EboekhoudenModuleContext).toConstantValue(context);
    if (config.api === 'rest') {
      bind(RestClient).toSelf().inSingletonScope();
      bind(EboekhoudenTransport).to(RestTransport).inSingletonScope();
    } else {
      bind(SoapClient).toSelf().inSingletonScope();
      bind(SoapSession).toSelf().inSingletonScope();
      bind(SoapRelations).toSelf().inSingletonScope();
      bind(EboekhoudenTransport).to(SoapTransport).inSingletonScope();
    }
    bind(EboekhoudenSink).toSelf().inSingletonScope();
    bind(AccountingSink).toService(EboekhoudenSink);
    bind(EboekhoudenLookups).toSelf().inSingletonScope();
    bind(ConnectorLookups).toService(EboekhoudenLookups);
  });
}
