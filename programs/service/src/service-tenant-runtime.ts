/**
 * A service tenant opened from its row in the database: its state in the PostgreSQL store, its
 * configuration from the stored tenant file. The worker opens the whole runtime (secrets resolved
 * from its environment); the CLI's reading commands (`errors`, `log`) only the state, so they need
 * none of the tenant's secrets; `explain` needs the runtime, as it asks the source (only the
 * source's secrets).
 */
import { join, resolve } from 'node:path';
import type { ConnectorManifest, ConnectorRegistry } from '@koppelwerk/core';
import type { StateStore } from '@koppelwerk/engine';
import { PostgresStateStore } from '@koppelwerk/store-postgres';
import { type OpenOptions, openTenantConfig, parseTenantYaml, type TenantConfig, tenantFileSchema, type TenantRuntime } from '@koppelwerk/runtime';
import { UsageError } from '@koppelwerk/core/errors';
import { serviceTenantConfig } from './service-tenant-file';
import { sourceSideTenantConfig } from './source-side-config';
import { TenantTable } from './tenant-table';

/** A tenant's state, however it was opened: from its file or from the service database. */
export interface TenantState {
  tenant: string;
  /** The resolved secrets, kept out of the output (none when they were not resolved here). */
  secrets: readonly string[];
  store: StateStore;
  close(): Promise<void>;
}

/** Opens the tenant's runtime on the PostgreSQL store, through the table's pool. */
export function openServiceRuntime(table: TenantTable, config: TenantConfig, options: OpenOptions = {}): Promise<TenantRuntime> {
  const retainDays = config.retainDays === 'forever' ? undefined : config.retainDays;
  return openTenantConfig(config, {
    ...options,
    openStore: ({ logger, clock }) => PostgresStateStore.open({ pool: table.pool, tenant: config.tenant, logger, clock, retainDays }),
  });
}

async function withTenantRow<T>(url: string, tenant: string, open: (table: TenantTable, yaml: string) => Promise<T>): Promise<T> {
  const table = await TenantTable.open(url);
  try {
    const row = await table.get(tenant);
    if (!row) throw new UsageError(`no tenant ${tenant} in the database (see \`koppelwerk tenants list\`)`);
    return await open(table, row.configYaml);
  } catch (error) {
    await table.close();
    throw error;
  }
}

/** The tenant's state, for reading: no secret is resolved (nor needed) on this machine. */
export function openServiceTenantState(url: string, tenant: string): Promise<TenantState> {
  return withTenantRow(url, tenant, async (table) => {
    const store = await table.openStateStore(tenant);
    return {
      tenant,
      secrets: [],
      store,
      close: async () => {
        try {
          await store.close();
        } finally {
          await table.close();
        }
      },
    };
  });
}

/**
 * The tenant's whole runtime, as a worker opens it: its secrets resolved from this machine's
 * environment, its log in `logDir/<tenant>.log`. `sourceOnly`: for a command that asks only the
 * source (`explain`), the sink's secrets need not be set here (`sourceSideTenantConfig`).
 */
export function openServiceTenant(registry: ConnectorRegistry, url: string, tenant: string, options: { logDir?: string; sourceOnly?: boolean } = {}): Promise<TenantRuntime> {
  return withTenantRow(url, tenant, async (table, yaml) => {
    const config = options.sourceOnly ? sourceSideTenantConfig(tenant, yaml, registry) : serviceTenantConfig(tenant, yaml, registry);
    const runtime = await openServiceRuntime(table, config, { logFile: join(resolve(options.logDir ?? 'logs'), `${tenant}.log`) });
    return {
      ...runtime,
      close: async () => {
        try {
          await runtime.close();
        } finally {
          await table.close();
        }
      },
    };
  });
}

/** The source connector of a stored tenant file (secrets need not be resolvable here). */
export function serviceTenantSource(registry: ConnectorRegistry, url: string, tenant: string): Promise<ConnectorManifest> {
  return withTenantRow(url, tenant, async (table, yaml) => {
    await table.close();
    return registry.get(tenantFileSchema.parse(parseTenantYaml(yaml, `tenant ${tenant}`)).source.connector, 'source', 'source.connector');
  });
}
