/**
 * `koppelwerk sync|retry|check <tenant> --database <url>`: the service runs the command. It is sent
 * to the tenant's queue (so it never runs beside a worker's run of the same tenant), a worker takes
 * it, and this command waits for the result and prints the same summary as the embedded command.
 */
import { ExitCode, describeError, type CheckResult } from '@koppelwerk/core';
import type { SyncSummary } from '@koppelwerk/engine';
import type { Output } from '../output';
import { TenantTable } from '../service/tenant-table';
import { enqueueAndWait, startTenantQueue, type TenantCommand } from '../service/tenant-queue';
import { UsageError } from '../usage-error';
import { dotLine, exitCodeForChecks } from './check-command';
import { summaryLines } from './sync-command';

/** How long to wait for a worker by default. */
const WAIT_MS = 15 * 60_000;

interface JobOutput {
  summary?: SyncSummary;
  source?: CheckResult;
  sink?: CheckResult;
  message?: string;
}

export async function enqueueCommand(url: string, tenant: string, command: TenantCommand, output: Output, waitMs = WAIT_MS): Promise<number> {
  const table = await TenantTable.open(url);
  try {
    if (!(await table.get(tenant))) throw new UsageError(`no tenant ${tenant} in the database (see \`koppelwerk tenants list\`)`);
  } finally {
    await table.close();
  }
  const queue = await startTenantQueue(url, 'client', (error) => output.error(`queue problem: ${describeError(error)}`));
  try {
    output.line(`${command} for ${tenant} queued; waiting for a worker`);
    const result = await enqueueAndWait(queue, { tenant, command }, waitMs);
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
