/**
 * What the runner's benchmarks share: the compiled `koppelwerk` CLI run as a process with its peak
 * RSS reported, child processes for the reference integrations and for simulators, a tenant file
 * for the simulators, and the results file. Benchmarks print figures; they never assert timings.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { stringify } from 'yaml';
import { startCli } from '../src/testing/cli-process';

const RUNNER = resolve(__dirname, '..');
const PEAK_RSS_PRELOAD = join(__dirname, 'report-peak-rss.js');
/** A 100,000-order run takes minutes; the process tests' 90 s limit is for tests. */
const RUN_LIMIT_MS = 2 * 60 * 60 * 1000;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, start-up included. */
  seconds: number;
  /** The process's own peak resident set (VmHWM on Linux, see report-peak-rss.js). */
  peakRssMb: number;
  /** CPU time the process used, user + system, start-up included (see report-peak-rss.js). */
  cpuMs: number;
}

/** This process's own peak RSS in MB, as the CLI under benchmark reports its own (report-peak-rss.js). */
export function ownPeakRssMb(): number {
  return (require(PEAK_RSS_PRELOAD) as { ownPeakRssKb(): number }).ownPeakRssKb() / 1024;
}

/** The benchmarks measure the CLI as users run it: compiled, from runner/dist. */
export function requireCompiledCli(): void {
  if (!existsSync(join(RUNNER, 'dist', 'cli', 'main.js'))) {
    throw new Error('runner/dist/cli/main.js is missing: run `npm run build` first (npm ci does it)');
  }
}

/** Runs the compiled CLI to the end and reports its wall time, CPU time and its own peak RSS. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return measured((report) => startCli(args, { KOPPELWERK_FROM_SOURCE: '0', KOPPELWERK_BENCH_RSS_FILE: report, ...env }, RUN_LIMIT_MS, ['-r', PEAK_RSS_PRELOAD]).done);
}

/** `node <args>` measured as `runCli` measures the CLI: the yardstick (`node -e 0`) beside it. */
export function runNode(args: string[]): Promise<CliRun> {
  return measured(
    (report) =>
      new Promise((resolvePromise) => {
        const child = spawn(process.execPath, ['-r', PEAK_RSS_PRELOAD, ...args], { env: { ...process.env, KOPPELWERK_BENCH_RSS_FILE: report }, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
      }),
  );
}

async function measured(start: (reportFile: string) => Promise<{ code: number | null; stdout: string; stderr: string }>): Promise<CliRun> {
  const scratch = mkdtempSync(join(tmpdir(), 'koppelwerk-bench-rss-'));
  const reportFile = join(scratch, 'maxrss');
  const started = process.hrtime.bigint();
  try {
    const result = await start(reportFile);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const [maxRssKb, cpuMicros] = existsSync(reportFile) ? readFileSync(reportFile, 'utf8').split(' ').map(Number) : [Number.NaN, Number.NaN];
    return { code: result.code, stdout: result.stdout, stderr: result.stderr, seconds, peakRssMb: maxRssKb / 1024, cpuMs: cpuMicros / 1000 };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Runs `<benchFile> --worker=<kind>` in a child (same loader as this process), input on stdin, the last stdout line as JSON. */
export function runWorker<I, O>(benchFile: string, kind: string, input: I): Promise<O> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, benchFile, `--worker=${kind}`], { stdio: ['pipe', 'pipe', 'inherit'], env: process.env });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${kind} worker exited with ${code}: ${out.slice(-500)}`));
      resolvePromise(JSON.parse(line) as O);
    });
    child.stdin.end(JSON.stringify(input));
  });
}

/** In a worker: reads the input, runs `work`, writes its result as the last stdout line. */
export async function serveWorker<I, O>(work: (input: I) => Promise<O>): Promise<void> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const result = await work(JSON.parse(text) as I);
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

export function workerKind(): string | undefined {
  return process.argv.find((arg) => arg.startsWith('--worker='))?.slice('--worker='.length);
}

/** What a simulator child serves, as it describes itself. */
export interface ServedSimulator {
  url: string;
  credentials: Record<string, string>;
  /** A SOAP service's endpoint. */
  endpoint?: string;
}

/** How busy a simulator process has been since it started serving. */
export interface SimulatorLoad {
  cpuMs: number;
  /** The 90th percentile of its event-loop delay (sampled at 1 ms): how long a request waited to be handled. */
  eventLoopDelayP90Ms: number;
}

export interface SimulatorProcess {
  served: ServedSimulator;
  load(): Promise<SimulatorLoad>;
  /** Ends the child's stdin: it closes its simulator and exits. */
  stop(): Promise<void>;
}

const SERVED = 'serving ';
const LOAD = 'load ';

/**
 * Starts `<benchFile> --worker=<kind>` as a simulator in a process of its own, as the real services
 * are apart: its heap and its garbage collector are not the bench's, nor another simulator's. The
 * input goes as the first stdin line; the child answers with a `serving {...}` line, a
 * `load {...}` line for every `load` line it is sent, and serves until its stdin ends.
 */
export async function startSimulatorProcess<I>(benchFile: string, kind: string, input: I): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, [...process.execArgv, benchFile, `--worker=${kind}`], { stdio: ['pipe', 'pipe', 'inherit'], env: process.env });
  const pending: { prefix: string; resolve: (value: unknown) => void; reject: (error: Error) => void }[] = [];
  const answer = <T>(prefix: string) => new Promise<T>((resolve, reject) => pending.push({ prefix, resolve: resolve as (value: unknown) => void, reject }));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const index = pending.findIndex((waiting) => line.startsWith(waiting.prefix));
    if (index < 0) return;
    const [waiting] = pending.splice(index, 1);
    waiting.resolve(JSON.parse(line.slice(waiting.prefix.length)));
  });
  const failAll = (error: Error) => pending.splice(0).forEach((waiting) => waiting.reject(error));
  const exited = new Promise<void>((resolve) =>
    child.once('close', (code) => {
      failAll(new Error(`${kind} simulator exited with ${code}`));
      resolve();
    }),
  );
  child.on('error', failAll);
  const served = answer<ServedSimulator>(SERVED);
  child.stdin.write(`${JSON.stringify(input)}\n`);
  return {
    served: await served,
    load: () => {
      const load = answer<SimulatorLoad>(LOAD);
      child.stdin.write('load\n');
      return load;
    },
    stop: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

/** In a simulator child: reads the input line, starts the simulator, says what it serves and how busy it is, and closes it when stdin ends. */
export async function serveSimulator<I>(start: (input: I) => Promise<ServedSimulator & { close(): Promise<void> }>): Promise<void> {
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) return;
  const simulator = await start(JSON.parse(first.value) as I);
  const { url, credentials, endpoint } = simulator;
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const cpuAtStart = process.cpuUsage();
  process.stdout.write(`${SERVED}${JSON.stringify({ url, credentials, endpoint })}\n`);
  for (let line = await lines.next(); !line.done; line = await lines.next()) {
    if (line.value !== 'load') continue;
    const cpu = process.cpuUsage(cpuAtStart);
    const load: SimulatorLoad = { cpuMs: (cpu.user + cpu.system) / 1000, eventLoopDelayP90Ms: delay.percentile(90) / 1e6 };
    process.stdout.write(`${LOAD}${JSON.stringify(load)}\n`);
  }
  delay.disable();
  await simulator.close();
}

export interface BenchTenant {
  file: string;
  dir: string;
  remove(): void;
}

/** A tenant file: the Mijnwebwinkel simulator into the e-Boekhouden simulator. */
export function writeBenchTenant(
  name: string,
  shop: { url: string; credentials: Record<string, string> },
  sink: { endpoint: string; credentials: Record<string, string> },
  sinkSettings: Record<string, unknown> = {},
): BenchTenant {
  const dir = mkdtempSync(join(tmpdir(), `koppelwerk-bench-${name}-`));
  const file = join(dir, `${name}.yaml`);
  const tenant = {
    tenant: name,
    source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: shop.credentials },
    sink: { connector: 'eboekhouden', endpoint: sink.endpoint, settings: { ...sink.credentials, ...sinkSettings } },
    mapping: { relations: { codePrefix: 'BEN' }, texts: { invoiceNumber: 'BEN-{number}' }, currency: { foreign: 'book-as-euro' } },
  };
  writeFileSync(file, stringify(tenant));
  return { file, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every call the integration made to e-Boekhouden (the simulator's call counts): sessions and reference data included. */
export function totalSinkCalls(calls: Record<string, number>): number {
  return Object.values(calls).reduce((sum, n) => sum + n, 0);
}

export interface SyncJson {
  counts: { read: number; booked: number; parked: number; skipped: number; relationsCreated: number };
  outcome: string;
  startedAt: string;
  endedAt: string;
}

/** The `sync --json` summary; throws with the CLI's output when the run did not end normally. */
export function parseSync(run: CliRun): SyncJson {
  if (run.code !== 0 && run.code !== 1) throw new Error(`koppelwerk sync exited with ${run.code}: ${run.stderr.slice(-800)}${run.stdout.slice(-800)}`);
  return JSON.parse(run.stdout) as SyncJson;
}

/** Seconds the engine spent in the run itself (start-up and config loading excluded). */
export function runSeconds(summary: SyncJson): number {
  return (Date.parse(summary.endedAt) - Date.parse(summary.startedAt)) / 1000;
}

export function writeResults(name: string, data: Record<string, unknown>): void {
  const out = process.env.BENCH_RESULTS_DIR;
  if (!out) return;
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `${name}.json`), JSON.stringify({ benchmark: name, node: process.version, ...data }, null, 2) + '\n');
}

export const fixed = (n: number, digits = 0): string => n.toFixed(digits);
