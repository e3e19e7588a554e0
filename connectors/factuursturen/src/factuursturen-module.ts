/** The DI module of one tenant's FactuurSturen source: its settings, logger and redactor, the clients (sales and purchase invoices) and the source. */
import { ContainerModule } from 'inversify';
import { ShopSource, type ModuleContext } from '@koppelwerk/core';
import { FactuursturenClient } from './factuursturen-client';
import { FactuursturenConfig, FactuursturenLogger, FactuursturenRedactor } from './factuursturen-config';
import { FactuursturenSource } from './factuursturen-source';
import { PurchaseInvoicesClient } from './purchase-invoices-client';

export function createFactuursturenModule(config: FactuursturenConfig, context: ModuleContext): ContainerModule {
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
}
