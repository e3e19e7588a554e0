/**
 * `koppelwerk sync|retry|check <tenant> --database <url>`: the service runs the command. It is sent
 * to the tenant's queue (so it never runs beside a worker's run of the same tenant), a worker takes
 * it, and this command waits for the result and prints the same summary as the embedded command.
 * What the command was asked for (a retry's selection, a sync's dry run or date range) travels in
 * the job's data.
 */
import { ExitCode, describeError, hasCapability, type CheckResult, type ConnectorRegistry } from '@koppelwerk/core';
import type { SyncSummary } from '@koppelwerk/engine';
import type { Output } from '../output';
import { serviceTenantSource } from '../service/service-tenant-runtime';
import { TenantTable } from '../service/tenant-table';
import { enqueueAndWait, startTenantQueue, type TenantCommand, type TenantJobData } from '../service/tenant-queue';
import { UsageError } from '../usage-error';
import { dotLine, exitCodeForChecks } from './check-command';
import { dateOption, dryRunLines, summaryLines } from './sync-command';

/** What a command asks of the worker besides its name. */
export type JobRequest = Omit<TenantJobData, 'tenant' | 'command'>;

/** How long to wait for a worker by default. */
const WAIT_MS = 15 * 60_000;

interface JobOutput {
  summary?: SyncSummary;
  source?: CheckResult;
  sink?: CheckResult;
  message?: string;
}

export async function enqueueCommand(url: string, tenant: string, command: TenantCommand, output: Output, request: JobRequest = {}, waitMs = WAIT_MS): Promise<number> {
  const table = await TenantTable.open(url);
  try {
    if (!(await table.get(tenant))) throw new UsageError(`no tenant ${tenant} in the database (see \`koppelwerk tenants list\`)`);
  } finally {
    await table.close();
  }
  const queue = await startTenantQueue(url, 'client', (error) => output.error(`queue problem: ${describeError(error)}`));
  try {
    output.line(`${command} for ${tenant} queued; waiting for a worker`);
    const result = await enqueueAndWait(queue, { tenant, command, ...request }, waitMs);
    const job = (result.output ?? {}) as JobOutput;
    // A failed job's output is the worker's error: only its message is shown.
    output.result({ tenant, command, job: result.id, state: result.state, ...(result.state === 'completed' ? job : { message: job.message ?? null }) });
    if (result.state === 'timeout') {
      output.error(`no worker finished the ${command} of ${tenant} within ${Math.round(waitMs / 60_000)} minutes; is a \`koppelwerk worker\` running on this database?`);
      return ExitCode.transient;
    }
    if (result.state !== 'completed') {
      output.error(`the ${command} of ${tenant} ${result.state}${job.message ? `: ${job.message}` : ''} (see the worker's log)`);
      return ExitCode.transient;
    }
    if (job.summary) {
      if (job.summary.dryRun) {
        output.line(`dry run for ${tenant}: nothing was written anywhere`);
        for (const line of dryRunLines(job.summary.dryRun)) output.line(line);
      }
      for (const line of summaryLines(job.summary)) output.line(line);
      return job.summary.exitCode;
    }
    if (job.source && job.sink) {
      output.line(`tenant ${tenant}`);
      for (const line of dotLine('source', 'source', job.source)) output.line(line);
      for (const line of dotLine('sink', 'sink', job.sink)) output.line(line);
      return exitCodeForChecks(job.source, job.sink);
    }
    output.line(job.message ?? `the ${command} of ${tenant} finished`);
    return ExitCode.ok;
  } finally {
    await queue.stop({ graceful: false });
  }
}

/** `sync <tenant> --database [--dry-run] [--from D --to D]`: checked as the embedded sync checks them, then run by a worker. */
export async function serviceSyncCommand(
  registry: ConnectorRegistry,
  url: string,
  tenant: string,
  options: { dryRun?: boolean; from?: string; to?: string },
  output: Output,
): Promise<number> {
  const from = dateOption(options.from, '--from');
  const to = dateOption(options.to, '--to');
  if ((from === undefined) !== (to === undefined)) throw new UsageError('give both --from and --to for a date-range export');
  if (from !== undefined && to !== undefined && from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  if (from !== undefined) {
    const source = await serviceTenantSource(registry, url, tenant);
    if (!hasCapability(source, 'date-range')) {
      throw new UsageError(`${source.title} cannot read a date range, so --from/--to cannot be used with this tenant; a plain \`koppelwerk sync\` reads everything new since the last run`);
    }
  }
  return enqueueCommand(url, tenant, 'sync', output, { ...(options.dryRun ? { dryRun: true } : {}), ...(from !== undefined ? { from, to } : {}) });
}
