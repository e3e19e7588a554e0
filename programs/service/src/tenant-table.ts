/**
 * The service mode's tenants: one row per tenant in the state database (`tenants`, migration 2),
 * holding the tenant file's text exactly as written (its secrets are references) and its cadence.
 */
import { Pool } from 'pg';
import { TransientError, describeError } from '@koppelwerk/core';
import { PostgresStateStore, migratePostgres } from '@koppelwerk/store-postgres';


export interface TenantRow {
  tenant: string;
  configYaml: string;
  everyMinutes: number;
  scheduleEnabled: boolean;
  addedAt: string;
  updatedAt: string;
}

interface Row {
  tenant: string;
  config_yaml: string;
  every_minutes: number;
  schedule_enabled: boolean;
  added_at: Date;
  updated_at: Date;
}

const toTenantRow = (row: Row): TenantRow => ({
  tenant: row.tenant,
  configYaml: row.config_yaml,
  everyMinutes: row.every_minutes,
  scheduleEnabled: row.schedule_enabled,
  addedAt: row.added_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** The state tables that hold a tenant's rows (`tenants remove --purge` empties them). */
const STATE_TABLES = ['cursors', 'ledger', 'error_queue', 'activity', 'checks', 'runs', 'run_lock'];

export class TenantTable {
  private constructor(readonly pool: Pool, private readonly ownsPool: boolean) {}

  /** Connects (or uses a pool) and brings the schema up to date. */
  static async open(url: string, pool?: Pool): Promise<TenantTable> {
    const own = pool ? undefined : new Pool({ connectionString: url, max: 4 });
    own?.on('error', () => undefined);
    const used = pool ?? own!;
    try {
      await migratePostgres(used);
    } catch (error) {
      await own?.end();
      throw new TransientError(`cannot open the service database: ${describeError(error)}`);
    }
    return new TenantTable(used, own !== undefined);
  }

  /** Adds the tenant or replaces its file; returns whether it was new. */
  async upsert(tenant: string, yaml: string, everyMinutes: number, scheduleEnabled: boolean): Promise<boolean> {
    const { rows } = await this.pool.query<{ added: boolean }>(
      `INSERT INTO tenants (tenant, config_yaml, every_minutes, schedule_enabled) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant) DO UPDATE SET config_yaml = excluded.config_yaml, every_minutes = excluded.every_minutes,
         schedule_enabled = excluded.schedule_enabled, updated_at = now()
       RETURNING (xmax = 0) AS added`,
      [tenant, yaml, everyMinutes, scheduleEnabled],
    );
    return rows[0].added;
  }

  async get(tenant: string): Promise<TenantRow | undefined> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM tenants WHERE tenant = $1', [tenant]);
    return rows[0] ? toTenantRow(rows[0]) : undefined;
  }

  async list(): Promise<TenantRow[]> {
    return (await this.pool.query<Row>('SELECT * FROM tenants ORDER BY tenant')).rows.map(toTenantRow);
  }

  /**
   * Replaces a tenant's file text, only while it is still `expected` (nobody changed it meanwhile);
   * returns whether it did. For rewriting parts of it in place (`koppelwerk secrets rotate-key`).
   */
  async replaceConfigYaml(tenant: string, expected: string, yaml: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE tenants SET config_yaml = $3, updated_at = now() WHERE tenant = $1 AND config_yaml = $2', [tenant, expected, yaml]);
    return (rowCount ?? 0) > 0;
  }

  /** Removes the tenant (and with `purge` its state rows); returns whether it existed. */
  async remove(tenant: string, purge: boolean): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const removed = ((await client.query('DELETE FROM tenants WHERE tenant = $1', [tenant])).rowCount ?? 0) > 0;
      if (purge) for (const table of STATE_TABLES) await client.query(`DELETE FROM ${table} WHERE tenant = $1`, [tenant]);
      await client.query('COMMIT');
      return removed;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** One tenant's state in this database, for reading it (no secret is needed). */
  openStateStore(tenant: string): Promise<PostgresStateStore> {
    return PostgresStateStore.open({ pool: this.pool, tenant });
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
