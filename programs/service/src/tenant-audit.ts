/**
 * The service's audit log: who did what to which tenant (a settings change names its fields, never
 * a secret's value), in the service database beside the tenants table. The table is made on first
 * use; an entry stays when its tenant is removed (it is the record of what was done).
 */
import type { Pool } from 'pg';
import type { AuditEntry, AuditInput } from '@koppelwerk/runtime';

const CREATE = `CREATE TABLE IF NOT EXISTS tenant_audit (
  id bigserial PRIMARY KEY,
  tenant text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  user_name text NOT NULL,
  action text NOT NULL,
  fields jsonb,
  detail text
);
CREATE INDEX IF NOT EXISTS tenant_audit_tenant ON tenant_audit (tenant, id DESC);`;

export class TenantAudit {
  private ready?: Promise<unknown>;

  constructor(private readonly pool: Pool) {}

  private table(): Promise<unknown> {
    this.ready ??= this.pool.query(CREATE).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async record(tenant: string, entry: AuditInput): Promise<void> {
    await this.table();
    await this.pool.query('INSERT INTO tenant_audit (tenant, user_name, action, fields, detail) VALUES ($1, $2, $3, $4, $5)', [
      tenant,
      entry.user,
      entry.action,
      entry.fields ? JSON.stringify(entry.fields) : null,
      entry.detail ?? null,
    ]);
  }

  async list(tenant: string, limit: number): Promise<AuditEntry[]> {
    await this.table();
    const { rows } = await this.pool.query<{ at: Date; user_name: string; action: string; fields: string[] | null; detail: string | null }>(
      'SELECT at, user_name, action, fields, detail FROM tenant_audit WHERE tenant = $1 ORDER BY id DESC LIMIT $2',
      [tenant, limit],
    );
    return rows.map((row) => ({ at: row.at.toISOString(), user: row.user_name, action: row.action, ...(row.fields ? { fields: row.fields } : {}), ...(row.detail !== null ? { detail: row.detail } : {}) }));
  }
}
