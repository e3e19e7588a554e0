/**
 * One child container per tenant: two tenants never share a session, a cache or a config.
 * Loads the source's and the sink's modules and checks that each binds what its manifest promises.
 */
import { Container } from 'inversify';
import { AccountingSink, Clock, ImportTarget, ShopSource, TenantContext, systemClock } from './contracts';
import { Logger } from './logger';
import { hasCapability, type ConnectorManifest } from './manifest';
import type { Redactor } from './redactor';

export interface ConnectorUse {
  manifest: ConnectorManifest;
  /** Parsed config (output of the manifest's schema). */
  config: unknown;
}

export interface TenantContainerOptions {
  tenant: string;
  runId: string;
  logger: Logger;
  redactor: Redactor;
  source?: ConnectorUse;
  sink?: ConnectorUse;
  /** Shared services (clock, metrics) live in the parent; tenant state never does. */
  parent?: Container;
  /** Defaults to the system clock unless the parent binds one. */
  clock?: Clock;
}

export function createTenantContainer(options: TenantContainerOptions): Container {
  const container = new Container({ parent: options.parent, defaultScope: 'Singleton' });
  container.bind<TenantContext>(TenantContext).toConstantValue({ tenant: options.tenant, runId: options.runId });
  container.bind<Logger>(Logger).toConstantValue(options.logger);
  if (options.clock || !options.parent?.isBound(Clock)) container.bind<Clock>(Clock).toConstantValue(options.clock ?? systemClock);
  for (const use of [options.source, options.sink]) {
    if (!use) continue;
    const logger = options.logger.child({ connector: use.manifest.id });
    const module = use.manifest.createModule(use.config, { tenant: options.tenant, logger, redactor: options.redactor });
    container.loadSync(module);
    assertBindings(container, use.manifest);
  }
  return container;
}

function assertBindings(container: Container, manifest: ConnectorManifest): void {
  const missing = missingBindings(container, manifest);
  if (missing.length) throw new Error(`connector "${manifest.id}" ${missing.join('; ')}`);
}

/** What the manifest declares and its loaded module does not bind, one sentence each. */
export function missingBindings(container: Container, manifest: ConnectorManifest): string[] {
  const expected: [boolean, symbol, string][] = [
    [hasCapability(manifest, 'read'), ShopSource, 'ShopSource'],
    [hasCapability(manifest, 'import-target'), ImportTarget, 'ImportTarget'],
    [manifest.kind === 'sink', AccountingSink, 'AccountingSink'],
  ];
  return expected
    .filter(([needed, token]) => needed && !container.isBound(token))
    .map(([, , name]) => `declares ${name} in its manifest but its module does not bind it`);
}
