/**
 * `npm run bench -- scale`: the service mode's capacity with 1, 2 and 4 `koppelwerk worker`
 * processes on one PostgreSQL (bench-postgres.ts). 200 tenants are added once with
 * `koppelwerk tenants add` into a template database; every worker count then gets a fresh copy
 * of it and the same load: one Mijnwebwinkel simulator per tenant and one e-Boekhouden simulator
 * (a process of its own, one administration per tenant behind one bureau login) that adds 150 ms
 * to every call. The feeder (scale-supply.ts) keeps a run of every tenant queued, each run finding
 * the same new orders from known customers. A priming pass first books one run per tenant, so the
 * customers exist in every administration and no measured run creates relations.
 *
 * Per worker count: the workers start, warm up, and over a fixed window the runs table gives the
 * tenant runs and bookings per minute and the mean run time; /proc gives each worker's CPU and
 * peak RSS. Prints them side by side with the speed-up against one worker and the goal (4 workers
 * >= 3.5 x one). Writes bench-results/scale.json. Not a test.
 *
 *   BENCH_SCALE_TENANTS=200          tenants
 *   BENCH_SCALE_WORKERS=1,2,4        worker counts
 *   BENCH_SCALE_MINUTES=1            measured minutes per worker count
 *   BENCH_SCALE_WARMUP_SECONDS=15    after the workers are ready, before the window
 *   BENCH_SCALE_CONCURRENCY=2        each worker's --concurrency (the worker's default)
 *   BENCH_SCALE_ORDERS_PER_RUN=5     new orders per run
 *   BENCH_SCALE_LATENCY_MS=150       added to every e-Boekhouden call
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { startEboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { stringify } from 'yaml';
import { startCli, type CliProcess } from '../src/testing/cli-process';
import { startTenantQueue } from '@koppelwerk/service';
import { fixed, requireCompiledCli, serveSimulator, startSimulatorProcess, workerKind, writeResults, type ServedSimulator } from './bench-support';
import { startBenchPostgres, type BenchDatabase, type BenchPostgres } from './bench-postgres';
import { cpuMsOf, peakRssMbOf } from './process-figures';
import { ScaleShops, startFeeder, tenantName, type Feeder } from './scale-supply';

const TENANTS = Number(process.env.BENCH_SCALE_TENANTS ?? 200);
const WORKER_COUNTS = (process.env.BENCH_SCALE_WORKERS ?? '1,2,4').split(',').map(Number);
const MINUTES = Number(process.env.BENCH_SCALE_MINUTES ?? 1);
const WARMUP_SECONDS = Number(process.env.BENCH_SCALE_WARMUP_SECONDS ?? 15);
const CONCURRENCY = Number(process.env.BENCH_SCALE_CONCURRENCY ?? 2);
const ORDERS_PER_RUN = Number(process.env.BENCH_SCALE_ORDERS_PER_RUN ?? 5);
const LATENCY_MS = Number(process.env.BENCH_SCALE_LATENCY_MS ?? 150);
const GOAL = 3.5;
/** `tenants add` processes at once while the template is built. */
const ADD_PARALLEL = 4;
const CLI_LIMIT_MS = (WARMUP_SECONDS + MINUTES * 60 + 15 * 60) * 1000;

interface ScaleFigures {
  workers: number;
  runsPerMinute: number;
  bookingsPerMinute: number;
  runs: number;
  bookings: number;
  runsNotOk: number;
  meanRunSeconds: number;
  /** Share of the workers' run slots (workers x concurrency) busy with a run during the window. */
  slotsBusy: number;
  /** The workers' CPU during the window, in cores. */
  workerCores: number;
  cpuMsPerRun: number;
  peakRssMb: number[];
  failedJobs: number;
  lastFailure?: string;
  /** Sends the queue refused (the tenant had a job queued already) or failed: none expected. */
  sendsRefused: number;
  sendErrors: number;
}

interface Setup {
  postgres: BenchPostgres;
  template: BenchDatabase;
  shops: ScaleShops;
  secrets: NodeJS.ProcessEnv;
  logDir: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const guid = (index: number) => `5CA1E000-0000-4000-8000-${String(index).padStart(12, '0')}`;

function tenantFile(dir: string, index: number, shopUrl: string, sinkEndpoint: string): string {
  const prefix = `S${index}`;
  const file = join(dir, `${tenantName(index)}.yaml`);
  writeFileSync(
    file,
    stringify({
      tenant: tenantName(index),
      source: { connector: 'mijnwebwinkel', endpoint: shopUrl, settings: { token: '${env:BENCH_SCALE_SHOP_TOKEN}', partner_token: '${env:BENCH_SCALE_SHOP_PARTNER_TOKEN}' } },
      sink: {
        connector: 'eboekhouden',
        endpoint: sinkEndpoint,
        settings: { username: '${env:BENCH_SCALE_EB_USERNAME}', securityCode1: '${env:BENCH_SCALE_EB_CODE1}', securityCode2: '${env:BENCH_SCALE_EB_CODE2}', administration: guid(index) },
      },
      mapping: { relations: { codePrefix: prefix }, texts: { invoiceNumber: `${prefix}-{number}` }, currency: { foreign: 'book-as-euro' } },
      // The feeder queues the runs; a schedule would only add ticks the queue drops.
      schedule: { enabled: false },
    }),
  );
  return file;
}

/** The template database: every tenant added with `koppelwerk tenants add`, a few processes at a time. */
async function buildTemplate(postgres: BenchPostgres, shops: ScaleShops, sink: ServedSimulator, secrets: NodeJS.ProcessEnv): Promise<BenchDatabase> {
  const template = await postgres.database();
  const dir = mkdtempSync(join(tmpdir(), 'koppelwerk-bench-scale-tenants-'));
  try {
    let next = 0;
    const adder = async () => {
      while (next < TENANTS) {
        const index = next++;
        const file = tenantFile(dir, index, shops.shops[index].url, sink.endpoint!);
        const added = await startCli(['tenants', 'add', file, '--database', template.url], { KOPPELWERK_FROM_SOURCE: '0', ...secrets }, CLI_LIMIT_MS).done;
        if (added.code !== 0) throw new Error(`tenants add ${file} exited with ${added.code}: ${added.stderr}${added.stdout}`);
      }
    };
    await Promise.all(Array.from({ length: ADD_PARALLEL }, adder));
    return template;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface RunningWorkers {
  processes: CliProcess[];
  stop(): Promise<void>;
}

async function startWorkers(count: number, url: string, setup: Setup, onLine: (line: string) => void): Promise<RunningWorkers> {
  const processes = Array.from({ length: count }, () =>
    startCli(['worker', '--database', url, '--concurrency', String(CONCURRENCY), '--log-dir', setup.logDir], { KOPPELWERK_FROM_SOURCE: '0', ...setup.secrets }, CLI_LIMIT_MS),
  );
  for (const worker of processes) createInterface({ input: worker.child.stdout! }).on('line', onLine);
  const stop = async () => {
    processes.forEach((worker) => worker.child.kill('SIGTERM'));
    await Promise.all(processes.map((worker) => worker.done));
  };
  await Promise.all(processes.map((worker) => worker.waitFor(/^worker ready/m))).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { processes, stop };
}

/** Workers on a fresh copy of the template, fed by `startFeeder`; `body` runs while they work. */
async function withWorkers<T>(count: number, setup: Setup, refill: boolean, body: (workers: RunningWorkers, feeder: Feeder, database: BenchDatabase) => Promise<T>): Promise<T> {
  const database = await setup.postgres.database(setup.template);
  try {
    setup.shops.empty();
    let feeder: Feeder | undefined;
    const workers = await startWorkers(count, database.url, setup, (line) => feeder?.onLine(line));
    try {
      const queue = await startTenantQueue(database.url, 'client', (error) => console.error(`queue problem: ${error.message}`));
      try {
        feeder = startFeeder(queue, setup.shops, TENANTS, refill);
        return await body(workers, feeder, database);
      } finally {
        feeder?.stop();
        await queue.stop({ graceful: false });
      }
    } finally {
      await workers.stop();
    }
  } finally {
    await database.drop();
  }
}

/** One run per tenant, so that every administration knows the customers before anything is measured. */
async function prime(setup: Setup): Promise<number> {
  const started = Date.now();
  await withWorkers(Math.max(...WORKER_COUNTS), setup, false, async (_workers, feeder) => {
    await feeder.everyTenantFinished;
    const { failedRuns, lastFailure } = feeder.figures();
    if (failedRuns) throw new Error(`${failedRuns} run(s) failed while priming; the last: ${lastFailure}`);
  });
  return (Date.now() - started) / 1000;
}

async function windowFigures(url: string, from: Date, to: Date) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ runs: number; booked: number; not_ok: number; mean_seconds: number }>(
      `SELECT count(*)::int AS runs, coalesce(sum((counts->>'booked')::int), 0)::int AS booked,
              count(*) FILTER (WHERE exit_code <> 0)::int AS not_ok,
              coalesce(avg(extract(epoch FROM ended_at - started_at)), 0)::float AS mean_seconds
         FROM runs WHERE ended_at >= $1 AND ended_at < $2`,
      [from, to],
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

async function measure(count: number, setup: Setup): Promise<ScaleFigures> {
  return withWorkers(count, setup, true, async (workers, feeder, database) => {
    await sleep(WARMUP_SECONDS * 1000);
    const pids = workers.processes.map((worker) => worker.child.pid!);
    const cpuAtStart = pids.map(cpuMsOf);
    const from = new Date();
    await sleep(MINUTES * 60_000);
    const to = new Date();
    const cpuMs = pids.reduce((sum, pid, i) => sum + cpuMsOf(pid) - cpuAtStart[i], 0);
    const peakRssMb = pids.map(peakRssMbOf);
    const failures = feeder.figures();
    // Runs that end in the window are counted; the ones still going are left to finish, uncounted.
    const window = await windowFigures(database.url, from, to);
    const seconds = (to.getTime() - from.getTime()) / 1000;
    return {
      workers: count,
      runsPerMinute: (window.runs * 60) / seconds,
      bookingsPerMinute: (window.booked * 60) / seconds,
      runs: window.runs,
      bookings: window.booked,
      runsNotOk: window.not_ok,
      meanRunSeconds: window.mean_seconds,
      slotsBusy: (window.runs * window.mean_seconds) / (count * CONCURRENCY * seconds),
      workerCores: cpuMs / 1000 / seconds,
      cpuMsPerRun: window.runs ? cpuMs / window.runs : NaN,
      peakRssMb,
      failedJobs: failures.failedRuns,
      lastFailure: failures.lastFailure,
      sendsRefused: failures.refused,
      sendErrors: failures.sendErrors,
    };
  });
}

function print(results: ScaleFigures[]): void {
  const one = results.find((r) => r.workers === 1);
  console.log('workers  runs/min  bookings/min  speed-up  mean run  slots busy  worker CPU  CPU/run  not ok  peak RSS per worker');
  for (const r of results) {
    const speedUp = one ? `${fixed(r.runsPerMinute / one.runsPerMinute, 2)}x` : '-';
    console.log(
      `${String(r.workers).padStart(7)}  ${fixed(r.runsPerMinute, 1).padStart(8)}  ${fixed(r.bookingsPerMinute, 1).padStart(12)}  ${speedUp.padStart(8)}  ` +
        `${`${fixed(r.meanRunSeconds, 2)} s`.padStart(8)}  ${`${fixed(r.slotsBusy * 100)}%`.padStart(10)}  ${`${fixed(r.workerCores, 2)} cores`.padStart(10)}  ` +
        `${`${fixed(r.cpuMsPerRun)} ms`.padStart(7)}  ${String(r.runsNotOk + r.failedJobs).padStart(6)}  ${r.peakRssMb.map((mb) => `${fixed(mb)} MB`).join(', ')}`,
    );
    if (r.lastFailure) console.log(`         last failed job: ${r.lastFailure}`);
    if (r.sendsRefused || r.sendErrors) console.log(`         the feeder's sends: ${r.sendsRefused} refused by the queue, ${r.sendErrors} failed`);
  }
  const four = results.find((r) => r.workers === 4);
  if (one && four) {
    const speedUp = four.runsPerMinute / one.runsPerMinute;
    console.log(`goal: 4 workers >= ${GOAL}x one worker in runs/min: ${fixed(speedUp, 2)}x (${speedUp >= GOAL ? 'met' : 'NOT met'}); bookings/min ${fixed(four.bookingsPerMinute / one.bookingsPerMinute, 2)}x`);
  }
}

async function main(): Promise<void> {
  requireCompiledCli();
  const postgres = startBenchPostgres();
  const sink = await startSimulatorProcess(__filename, 'sink-simulator', { latencyMs: LATENCY_MS, administrations: TENANTS });
  const shops = await ScaleShops.start(TENANTS, ORDERS_PER_RUN);
  const logDir = mkdtempSync(join(tmpdir(), 'koppelwerk-bench-scale-logs-'));
  let template: BenchDatabase | undefined;
  try {
    const credentials = sink.served.credentials;
    const secrets: NodeJS.ProcessEnv = {
      BENCH_SCALE_SHOP_TOKEN: shops.credentials.token,
      BENCH_SCALE_SHOP_PARTNER_TOKEN: shops.credentials.partner_token,
      BENCH_SCALE_EB_USERNAME: credentials.username,
      BENCH_SCALE_EB_CODE1: credentials.securityCode1,
      BENCH_SCALE_EB_CODE2: credentials.securityCode2,
    };
    console.log(
      `scale: ${TENANTS} tenants, ${LATENCY_MS} ms added to every e-Boekhouden call, ${ORDERS_PER_RUN} new orders per run, ` +
        `--concurrency ${CONCURRENCY} per worker; ${WARMUP_SECONDS} s warm-up, then ${MINUTES} minute(s) measured per worker count; PostgreSQL from ${postgres.origin}`,
    );
    const addStarted = Date.now();
    template = await buildTemplate(postgres, shops, sink.served, secrets);
    const setup: Setup = { postgres, template, shops, secrets, logDir };
    console.log(`${TENANTS} tenants added with \`koppelwerk tenants add\` in ${fixed((Date.now() - addStarted) / 1000)} s`);
    console.log(`primed: one run per tenant in ${fixed(await prime(setup))} s (creates each administration's customers)`);
    const results: ScaleFigures[] = [];
    for (const count of WORKER_COUNTS) results.push(await measure(count, setup));
    print(results);
    writeResults('scale', { tenants: TENANTS, latencyMs: LATENCY_MS, ordersPerRun: ORDERS_PER_RUN, concurrency: CONCURRENCY, minutes: MINUTES, warmupSeconds: WARMUP_SECONDS, results });
  } finally {
    await template?.drop();
    await shops.close();
    await sink.stop();
    postgres.stop();
    rmSync(logDir, { recursive: true, force: true });
  }
}

/** The e-Boekhouden simulator, in a process of its own: one administration per tenant behind its one login. */
async function sinkSimulator(input: { latencyMs: number; administrations: number }) {
  const administraties = Array.from({ length: input.administrations }, (_, index) => ({ Guid: guid(index), Bedrijf: `Scale ${index}` }));
  return startEboekhoudenSimulator({ port: 0, faults: { latencyMs: input.latencyMs }, seed: { administraties } });
}

const kind = workerKind();
const job = kind === 'sink-simulator' ? serveSimulator(sinkSimulator) : main();
job.catch((error) => {
  console.error(error);
  process.exit(1);
});
