/** The DI module of one tenant's WerkbonApp source: its settings, logger and redactor, the client, the source and the import target. */
import { ContainerModule } from 'inversify';
import { ConnectorLookups, ImportTarget, ShopSource, type ModuleContext } from '@koppelwerk/core';
import { WerkbonappClient } from './werkbonapp-client';
import { WerkbonappConfig, WerkbonappLogger, WerkbonappRedactor } from './werkbonapp-config';
import { WerkbonappImportTarget } from './werkbonapp-import-target';
import { WerkbonappLookups } from './werkbonapp-lookups';
import { WerkbonappSource } from './werkbonapp-source';

export function createWerkbonappModule(config: WerkbonappConfig, context: ModuleContext): ContainerModule {
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
    bind(WerkbonappLookups).toSelf().inSingletonScope();
    bind(ConnectorLookups).toService(WerkbonappLookups);
  });
}
