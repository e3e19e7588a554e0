/**
 * `koppelwerk tenants add|list|remove --database <url>`: the service mode's tenants. `add`
 * validates the file as `check` does (secrets must be references, resolved on the worker), stores
 * it as written and gives the tenant its queue schedule; `remove` deletes the row and the schedule,
 * and with `--purge` the tenant's state.
 */
import { describeError, type ConnectorRegistry } from '@koppelwerk/core';
import { table as listing, type Output } from '../output';
import { readServiceTenantFile } from '../service/service-tenant-file';
import { TenantTable } from '../service/tenant-table';
import { cadence, scheduleTenant, startTenantQueue, unscheduleTenant, type TenantQueue } from '../service/tenant-queue';
import { amsterdamTime } from '../time-format';
import { UsageError } from '../usage-error';

async function withQueue<T>(url: string, output: Output, body: (queue: TenantQueue) => Promise<T>): Promise<T> {
  const queue = await startTenantQueue(url, 'client', (error) => output.error(`queue problem: ${describeError(error)}`));
  try {
    return await body(queue);
  } finally {
    await queue.stop({ graceful: false });
  }
}

export async function tenantsAddCommand(registry: ConnectorRegistry, url: string, file: string, output: Output): Promise<number> {
  const checked = readServiceTenantFile(file, registry);
  const table = await TenantTable.open(url);
  try {
    const added = await table.upsert(checked.tenant, checked.yaml, checked.everyMinutes, checked.scheduleEnabled);
    await withQueue(url, output, (queue) =>
      checked.scheduleEnabled ? scheduleTenant(queue, checked.tenant, checked.everyMinutes) : unscheduleTenant(queue, checked.tenant),
    );
    output.result({ tenant: checked.tenant, added, everyMinutes: checked.everyMinutes, scheduleEnabled: checked.scheduleEnabled, resolvedOnWorker: checked.deferred });
    output.line(
      `tenant ${checked.tenant} ${added ? 'added' : 'updated'}: ` +
        (checked.scheduleEnabled ? `runs every ${checked.everyMinutes} minutes (schedule ${cadence(checked.everyMinutes)}, Amsterdam time)` : 'schedule disabled'),
    );
    if (checked.deferred.length) output.line(`resolved on the worker (not set here): ${checked.deferred.join(', ')}`);
    return 0;
  } finally {
    await table.close();
  }
}

export async function tenantsListCommand(url: string, output: Output): Promise<number> {
  const table = await TenantTable.open(url);
  try {
    const tenants = await table.list();
    output.result({ tenants: tenants.map(({ configYaml: _yaml, ...rest }) => rest) });
    if (tenants.length === 0) output.line('no tenants yet: add one with `koppelwerk tenants add <tenant.yaml> --database <url>`');
    else {
      const rows = tenants.map((t) => [t.tenant, t.scheduleEnabled ? `every ${t.everyMinutes} min` : 'disabled', amsterdamTime(t.addedAt), amsterdamTime(t.updatedAt)]);
      for (const line of listing(['tenant', 'schedule', 'added (Amsterdam)', 'updated (Amsterdam)'], rows)) output.line(line);
    }
    return 0;
  } finally {
    await table.close();
  }
}

export async function tenantsRemoveCommand(url: string, name: string, options: { purge?: boolean }, output: Output): Promise<number> {
  const table = await TenantTable.open(url);
  try {
    const removed = await table.remove(name, Boolean(options.purge));
    await withQueue(url, output, (queue) => unscheduleTenant(queue, name));
    if (!removed && !options.purge) throw new UsageError(`no tenant ${name} in the database (see \`koppelwerk tenants list\`)`);
    output.result({ tenant: name, removed, purged: Boolean(options.purge) });
    output.line(
      `tenant ${name} ${removed ? 'removed' : 'was not in the tenants table'}; ` +
        (options.purge ? 'its state (ledger, errors, activity, runs) was deleted' : 'its state stays (remove it with --purge)'),
    );
    return 0;
  } finally {
    await table.close();
  }
}
