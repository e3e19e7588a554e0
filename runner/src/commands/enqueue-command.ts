/**
 * `koppelwerk sync|retry|check <tenant> --database <url>`: the service runs the command. It is sent
 * to the tenant's queue (so it never runs beside a worker's run of the same tenant), a worker takes
 * it, and this command waits for the result and prints the same summary as the embedded command.
 * What the command was asked for (a retry's selection, a sync's dry run or date range) travels in
 * the job's data.
 */
import { ExitCode, describeError, hasCapability, type CheckResult, type ConnectorRegistry } from '@koppelwerk/core';
import type { SyncSummary } from '@koppelwerk/engine';
import { cancelUntakenJob, enqueueAndWait, type GaveUp, serviceTenantSource, startTenantQueue, startWorkerLine, type TenantCommand, type TenantJobData, TenantTable } from '@koppelwerk/service';
import { dotLine, dryRunLines, exitCodeForChecks, interruptedExitCode, interruptOnSignals, type Output, summaryLines } from '@koppelwerk/runtime';
import { UsageError } from '@koppelwerk/core/errors';
import { DEFAULT_WAIT_SECONDS, type WaitOption } from './wait-option';
import { dateOption } from '../date-option';

/** What a command asks of the worker besides its name. */
export type JobRequest = Omit<TenantJobData, 'tenant' | 'command'>;


interface JobOutput {
  summary?: SyncSummary;
  source?: CheckResult & { connector?: string };
  sink?: CheckResult & { connector?: string };
  /** The connectors' titles, as the worker that checked them loaded them. */
  titles?: { source?: string; sink?: string };
  message?: string;
  /** A reconcile's report (as `reconcile --json` prints it), whether the books agree, and its lines for people. */
  reconcile?: unknown;
  agree?: boolean;
  lines?: string[];
  /** A rebook's refused documents. */
  refused?: { document: string; message: string }[];
}

function duration(seconds: number): string {
  if (seconds >= 120 && seconds % 60 === 0) return `${seconds / 60} minutes`;
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

/**
 * Queues a command for a service tenant and waits, up to `--wait` seconds, for a worker's result.
 * When no worker is running it says so within seconds (and how to start one) and keeps waiting:
 * a worker started meanwhile takes the job. Giving up (the wait is over, or Ctrl-C), a job no
 * worker has taken is cancelled, so nothing runs later behind the user's back; one a worker has
 * taken runs to its end there.
 */
export async function enqueueCommand(url: string, tenant: string, command: TenantCommand, output: Output, request: JobRequest = {}, options: WaitOption = {}): Promise<number> {
  const waitSeconds = options.wait ?? DEFAULT_WAIT_SECONDS;
  const table = await TenantTable.open(url);
  let yaml: string;
  try {
    const row = await table.get(tenant);
    if (!row) throw new UsageError(`no tenant ${tenant} in the database (see \`koppelwerk tenants list\`)`);
    yaml = row.configYaml;
  } finally {
    await table.close();
  }
  const queue = await startTenantQueue(url, 'client', (error) => output.error(`queue problem: ${describeError(error)}`));
  // Ctrl-C stops waiting (a job no worker took is cancelled); a second one ends the process at once.
  const watch = interruptOnSignals();
  const what = `the ${command} of ${tenant}`;
  try {
    output.line(`${command} for ${tenant} queued; waiting for a worker (up to ${duration(waitSeconds)}, --wait <seconds>)`);
    let noWorker = false;
    const result = await enqueueAndWait(queue, { tenant, command, ...request }, waitSeconds * 1000, {
      signal: watch.signal,
      onNoWorker: () => {
        noWorker = true;
        output.error(
          `no worker is running on this database, so nobody takes ${what}: start one (here or on any host) with \`${startWorkerLine(yaml, tenant)}\`; ` +
            `waiting up to ${duration(waitSeconds)} for one (--wait <seconds>; Ctrl-C stops and cancels the job)`,
          { code: 'NO_WORKER' },
        );
      },
      onTaken: () => {
        noWorker = false;
        output.line(`a worker took ${what}`);
      },
    });
    if (result.state === 'timeout' || result.state === 'interrupted') {
      const gaveUp = result as GaveUp;
      const cancelled = gaveUp.id !== null && gaveUp.jobState === 'created' && (await cancelUntakenJob(queue, gaveUp.id));
      const message = gaveUpMessage(what, gaveUp, { cancelled, noWorker, waitSeconds });
      output.result({ tenant, command, job: gaveUp.id, state: gaveUp.state, jobState: gaveUp.jobState, cancelled, message });
      output.error(message, { code: gaveUp.state === 'interrupted' ? 'INTERRUPTED' : 'NO_RESULT' });
      const signal = watch.received();
      return signal ? interruptedExitCode(signal) : ExitCode.transient;
    }
    const job = (result.output ?? {}) as JobOutput;
    if (result.state === 'completed' && job.reconcile !== undefined) {
      // As the embedded reconcile prints it: the report alone.
      output.result(job.reconcile);
      for (const line of job.lines ?? []) output.line(line);
      return job.agree ? ExitCode.ok : ExitCode.parked;
    }
    // A failed job's output is the worker's error: only its message is shown.
    output.result({ tenant, command, job: result.id, state: result.state, ...(result.state === 'completed' ? job : { message: job.message ?? null }) });
    if (result.state !== 'completed') {
      output.error(`${what} ${result.state}${job.message ? `: ${job.message}` : ''} (see the worker's log)`);
      return ExitCode.transient;
    }
    for (const refusal of job.refused ?? []) output.error(`not booked again: ${refusal.message}`, { document: refusal.document });
    if (job.summary) {
      if (job.summary.dryRun) {
        output.line(`dry run for ${tenant}: nothing was written anywhere`);
        for (const line of dryRunLines(job.summary.dryRun)) output.line(line);
      }
      for (const line of summaryLines(job.summary, { tenantArgument: `${tenant} --database <url>`, sinkTitle: job.titles?.sink, language: output.language })) output.line(line);
      return job.refused?.length && job.summary.exitCode === ExitCode.ok ? ExitCode.usage : job.summary.exitCode;
    }
    if (job.refused?.length) return ExitCode.usage;
    if (job.source && job.sink) {
      // Each dot named by its connector, as the embedded check names them.
      const name = (side: 'source' | 'sink') => job.titles?.[side] ?? job[side]?.connector ?? side;
      output.line(`tenant ${tenant}`);
      for (const line of dotLine('source', name('source'), job.source)) output.line(line);
      for (const line of dotLine('sink', name('sink'), job.sink)) output.line(line);
      return exitCodeForChecks(job.source, job.sink);
    }
    output.line(job.message ?? `${what} finished`);
    return ExitCode.ok;
  } finally {
    watch.dispose();
    await queue.stop({ graceful: false });
  }
}

/** What became of a command that stopped waiting, and what to do. */
function gaveUpMessage(what: string, gaveUp: GaveUp, facts: { cancelled: boolean; noWorker: boolean; waitSeconds: number }): string {
  const stopped = gaveUp.state === 'interrupted' ? 'interrupted' : `no result after ${duration(facts.waitSeconds)}`;
  const status = 'see `koppelwerk status --database <url>`';
  if (gaveUp.id === null) return `${stopped}: another job of the tenant is still queued (a scheduled run or another command), so ${what} was not queued; nothing was done. ${facts.noWorker ? 'Start a worker and' : 'When a worker has taken that job,'} run the command again`;
  if (facts.cancelled) {
    const why = facts.noWorker ? 'no worker is running on this database' : 'every worker was busy with other tenants';
    return `${stopped}: ${why}; ${what} was not taken, so its job was cancelled and nothing was done. ${facts.noWorker ? 'Start a worker and run' : 'Run'} the command again (a longer --wait waits longer)`;
  }
  if (gaveUp.jobState === 'retry') return `${stopped}: ${what} failed on a worker and waits to be retried there (job ${gaveUp.id}); ${status} and the worker's log`;
  return `${stopped}: ${what} is still running on a worker (job ${gaveUp.id}) and finishes there; ${status}, and \`koppelwerk log\` for what it did`;
}

/** `sync <tenant> --database [--dry-run] [--from D --to D]`: checked as the embedded sync checks them, then run by a worker. */
export async function serviceSyncCommand(
  registry: ConnectorRegistry,
  url: string,
  tenant: string,
  options: { dryRun?: boolean; from?: string; to?: string } & WaitOption,
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
  return enqueueCommand(url, tenant, 'sync', output, { ...(options.dryRun ? { dryRun: true } : {}), ...(from !== undefined ? { from, to } : {}) }, { wait: options.wait });
}

/**
 * `reconcile <tenant> --database --from D --to D`: the period's report, made by a worker (which has
 * the tenant's secrets). With `--rebook <document...> --yes` the worker books them again.
 */
export async function serviceReconcileCommand(
  url: string,
  tenant: string,
  options: { from?: string; to?: string; rebook?: string[]; yes?: boolean } & WaitOption,
  output: Output,
): Promise<number> {
  if (options.rebook?.length) {
    if (!options.yes) throw new UsageError('with --database a rebook is done by a worker: add --yes to book the documents again (see `koppelwerk reconcile --from D --to D` for the deleted-in-books lines)');
    return enqueueCommand(url, tenant, 'reconcile', output, { rebook: options.rebook, language: output.language }, { wait: options.wait });
  }
  const from = dateOption(options.from, '--from');
  const to = dateOption(options.to, '--to');
  if (from === undefined || to === undefined) throw new UsageError('give the period as --from YYYY-MM-DD --to YYYY-MM-DD (both days included)');
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  return enqueueCommand(url, tenant, 'reconcile', output, { from, to, language: output.language }, { wait: options.wait });
}
