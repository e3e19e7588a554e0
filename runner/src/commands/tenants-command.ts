/**
 * `koppelwerk tenants add|list|remove --database <url>`: the service mode's tenants. `add`
 * validates the file as `check` does (secrets must be references, resolved on the worker), stores
 * it as written and gives the tenant its queue schedule; `remove` deletes the row and the schedule,
 * and with `--purge` the tenant's state.
 */
import { join, resolve } from 'node:path';
import { describeError, type CheckResult, type ConnectorRegistry } from '@koppelwerk/core';
import { amsterdamTime, checkTenant, dotLine, loadTenantConfig, type Output, table as listing } from '@koppelwerk/runtime';
import { cadence, cadenceText, nextCadenceRun, openServiceRuntime, readServiceTenantFile, scheduleTenant, type ServiceTenantFile, startTenantQueue, type TenantQueue, TenantTable, unscheduleTenant } from '@koppelwerk/service';
import { UsageError } from '@koppelwerk/core/errors';

async function withQueue<T>(url: string, output: Output, body: (queue: TenantQueue) => Promise<T>): Promise<T> {
  const queue = await startTenantQueue(url, 'client', (error) => output.error(`queue problem: ${describeError(error)}`));
  try {
    return await body(queue);
  } finally {
    await queue.stop({ graceful: false });
  }
}

/** When the tenant runs, in words: its cadence, its schedule on the queue and the next run. */
function scheduleLine(checked: ServiceTenantFile): string {
  if (!checked.scheduleEnabled) return 'schedule disabled';
  const next = nextCadenceRun(checked.tenant, checked.everyMinutes, new Date());
  return `runs every ${checked.everyMinutes} minutes (schedule ${cadenceText(cadence(checked.tenant, checked.everyMinutes))}, UTC), next run ${amsterdamTime(next)} (Amsterdam)`;
}

interface Checked {
  source: CheckResult & { connector: string };
  sink: CheckResult & { connector: string };
  lines: string[];
}

/**
 * Checks both connections as `check` does and records them as the tenant's dots, when this machine
 * can resolve every secret of the file (else the worker resolves them, and the dots wait for it).
 */
async function checkAdded(registry: ConnectorRegistry, table: TenantTable, file: string, checked: ServiceTenantFile, output: Output): Promise<Checked | undefined> {
  if (checked.deferred.length) return undefined;
  const config = loadTenantConfig(file, registry);
  output.redactor.add(config.secrets);
  const runtime = await openServiceRuntime(table, config, { logFile: join(resolve('logs'), `${config.tenant}.log`) });
  try {
    const { source, sink } = await checkTenant(runtime);
    return {
      source: { connector: config.source.manifest.id, ...source },
      sink: { connector: config.sink.manifest.id, ...sink },
      lines: [...dotLine('source', config.source.manifest.title, source), ...dotLine('sink', config.sink.manifest.title, sink)],
    };
  } finally {
    await runtime.close();
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
    const check = await checkAdded(registry, table, file, checked, output);
    output.result({
      tenant: checked.tenant,
      added,
      everyMinutes: checked.everyMinutes,
      scheduleEnabled: checked.scheduleEnabled,
      ...(checked.scheduleEnabled ? { schedule: cadence(checked.tenant, checked.everyMinutes), nextRun: nextCadenceRun(checked.tenant, checked.everyMinutes, new Date()).toISOString() } : {}),
      resolvedOnWorker: checked.deferred,
      checks: check ? { source: check.source, sink: check.sink } : null,
    });
    output.line(`tenant ${checked.tenant} ${added ? 'added' : 'updated'}: ${scheduleLine(checked)}`);
    if (check) for (const line of check.lines) output.line(line);
    else {
      output.line(`resolved on the worker (not set here): ${checked.deferred.join(', ')}`);
      output.line(`connections not checked here (their secrets are the worker's): \`koppelwerk check ${checked.tenant} --database <url>\` has a worker check them, and every run records them`);
    }
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
