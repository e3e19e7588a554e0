/**
 * `koppelwerk worker --database <url> [--concurrency N]`: takes tenant runs from the service's
 * queue until SIGTERM/SIGINT. Every tenant in the database gets its schedule; each job loads the
 * tenant's file from the database, resolves its secrets from this worker's environment, opens the
 * tenant on the PostgreSQL store and runs the command; the summary is the job's output.
 * Prints `worker ready` once it takes jobs, and one line per job.
 */
import { join, resolve } from 'node:path';
import { ExitCode, describeError, type ConnectorRegistry } from '@koppelwerk/core';
import type { Job } from 'pg-boss';
import { isCurrentSchedule, listSchedules, openServiceRuntime, scheduleTenant, serviceTenantConfig, startTenantQueue, type TenantJobData, TenantTable, unscheduleTenant, workTenantJobs } from '@koppelwerk/service';
import { amsterdamTime, checkTenant, planRebook, rebookDocuments, reconcileLines, reconcileTenant, reconcileView, reportJson, summaryLines, type TenantRuntime } from '@koppelwerk/runtime';
import { KoppelwerkMetrics, metricsInstrument, metricsListeningLine, type MetricsServer, startMetricsServer } from '@koppelwerk/observability';

export interface WorkerCommandOptions {
  concurrency?: number;
  /** Seconds a run may take to finish its documents after SIGTERM. */
  stopWithin?: number;
  logDir?: string;
  /** Serve Prometheus metrics (runs, documents, call latency) on this port of 127.0.0.1 (0: any free port). */
  metricsPort?: number;
}

const say = (text: string) => process.stdout.write(`${amsterdamTime(new Date())} ${text}\n`);

/**
 * Gives every tenant in the table its schedule, rewrites one that is not the tenant's cadence as
 * this release spreads it, and removes schedules of tenants no longer there.
 */
async function syncSchedules(table: TenantTable, queue: Awaited<ReturnType<typeof startTenantQueue>>): Promise<void> {
  const [tenants, schedules] = await Promise.all([table.list(), listSchedules(queue)]);
  for (const tenant of tenants) {
    const schedule = schedules.get(tenant.tenant);
    if (!tenant.scheduleEnabled) {
      if (schedule) await unscheduleTenant(queue, tenant.tenant);
    } else if (!schedule || !isCurrentSchedule(schedule, tenant.tenant, tenant.everyMinutes)) await scheduleTenant(queue, tenant.tenant, tenant.everyMinutes);
  }
  for (const key of schedules.keys()) if (!tenants.some((t) => t.tenant === key)) await unscheduleTenant(queue, key);
}

export async function workerCommand(registry: ConnectorRegistry, url: string, options: WorkerCommandOptions): Promise<number> {
  const table = await TenantTable.open(url);
  const logDir = resolve(options.logDir ?? 'logs');
  // A worker sees only the tenants it happens to run: run and call metrics, no dots (the dashboard has those).
  const metrics = options.metricsPort !== undefined ? new KoppelwerkMetrics({ tenantStates: 'none' }) : undefined;
  const instrument = metrics ? metricsInstrument(metrics) : undefined;
  const queue = await startTenantQueue(url, 'worker', (error) => say(`queue problem: ${describeError(error)}`)).catch(async (error: unknown) => {
    await table.close();
    throw error;
  });

  const runJob = async (job: Job<TenantJobData>): Promise<object> => {
    const { tenant, command } = job.data;
    const row = await table.get(tenant);
    if (!row) {
      say(`${tenant} ${command} job ${job.id}: no such tenant in the database (removed?); nothing done`);
      return { tenant, command, outcome: 'unknown-tenant', message: `no tenant ${tenant} in the database` };
    }
    say(`${tenant} ${command} job ${job.id} started`);
    const config = serviceTenantConfig(tenant, row.configYaml, registry);
    const runtime = await openServiceRuntime(table, config, { logFile: join(logDir, `${tenant}.log`), instrument });
    try {
      if (command === 'check') {
        const { source, sink } = await checkTenant(runtime);
        say(`${tenant} check job ${job.id}: source ${source.ok ? 'green' : 'RED'}, sink ${sink.ok ? 'green' : 'RED'}`);
        // As the embedded check reports them: each dot with its connector (the titles are this worker's, which loaded them).
        const { source: from, sink: to } = config;
        return {
          tenant,
          command,
          source: { connector: from.manifest.id, ...source },
          sink: { connector: to.manifest.id, ...sink },
          titles: { source: from.manifest.title, sink: to.manifest.title },
        };
      }
      if (command === 'reconcile') return await reconcileJob(runtime, job.data, say, metrics);
      const summary =
        command === 'retry'
          ? await runtime.engine.retry(job.data.selection ?? { all: true }, { runId: runtime.runId, signal: job.signal, refetch: job.data.refetch })
          : await runtime.engine.sync({ runId: runtime.runId, signal: job.signal, dryRun: job.data.dryRun, from: job.data.from, to: job.data.to });
      metrics?.recordRun(tenant, summary);
      say(`${tenant} ${command} job ${job.id}: ${summaryLines(summary)[0]}`);
      return { tenant, command, summary };
    } finally {
      await runtime.close();
    }
  };

  const handle = async (job: Job<TenantJobData>): Promise<object> => {
    try {
      return await runJob(job);
    } catch (error) {
      // Thrown: the job fails and the queue retries it (its retry limit).
      say(`${job.data.tenant} ${job.data.command} job ${job.id} failed: ${describeError(error)}`);
      throw error;
    }
  };

  try {
    await syncSchedules(table, queue);
    await workTenantJobs(queue, options.concurrency ?? 2, handle);
  } catch (error) {
    await queue.stop({ graceful: false }).catch(() => undefined);
    await table.close();
    throw error;
  }
  let metricsServer: MetricsServer | undefined;
  if (metrics) {
    metricsServer = await startMetricsServer({ port: options.metricsPort ?? 0, registry: metrics.registry, onError: (error) => say(`metrics: ${describeError(error)}`) });
    process.stdout.write(`${metricsListeningLine(metricsServer)}\n`);
  }
  process.stdout.write(`worker ready (${options.concurrency ?? 2} runs at a time)\n`);
  return new Promise<number>((done) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      say('stopping: finishing the runs in hand');
      void queue
        .stop({ graceful: true, timeoutMs: (options.stopWithin ?? 30) * 1000 })
        .catch((error: unknown) => say(`stopping the queue: ${describeError(error)}`))
        .finally(async () => {
          await table.close().catch(() => undefined);
          await metricsServer?.close().catch(() => undefined);
          say('worker stopped');
          done(ExitCode.ok);
        });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

/**
 * A reconcile job: the period's report (its JSON and its lines in the asker's language), or, with
 * documents to book again, the rebook's summary and what was refused.
 */
async function reconcileJob(runtime: TenantRuntime, data: TenantJobData, say: (line: string) => void, metrics: KoppelwerkMetrics | undefined): Promise<object> {
  const { tenant } = data;
  if (data.rebook?.length) {
    const plan = await planRebook(runtime, data.rebook);
    const summary = plan.documents.length > 0 ? await rebookDocuments(runtime, plan) : undefined;
    say(`${tenant} rebook: ${plan.documents.length} booked again, ${plan.refused.length} refused`);
    return { tenant, command: 'reconcile', ...(summary ? { summary } : {}), refused: plan.refused };
  }
  if (!data.from || !data.to) throw new Error('a reconcile job needs its period (from, to)');
  const report = await reconcileTenant(runtime, { from: data.from, to: data.to });
  metrics?.recordReconcile(tenant, report.differences);
  say(`${tenant} reconcile ${data.from}..${data.to}: ${report.differences.length} difference(s)`);
  return { tenant, command: 'reconcile', reconcile: reportJson(report), view: reconcileView(report), agree: report.differences.length === 0, lines: reconcileLines(report, data.language ?? 'en') };
}
