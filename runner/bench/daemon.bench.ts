/**
 * `npm run bench -- daemon`: the embedded daemon with many tenants, each on a one-minute cadence,
 * against simulators that add 150 ms to every e-Boekhouden call (the real service's round trip).
 * For each tenant count it starts `koppelwerk daemon <dir>` as a process, lets it run for the
 * given minutes, stops it with SIGTERM, and prints: runs per minute (against the tenants' demand),
 * how late runs started (drift p50/p95/max, from the daemon's own figures), the daemon's peak RSS,
 * its open descriptors at start, at the end and at most, and its CPU per run. Writes
 * bench-results/daemon.json. Not a test.
 *
 *   BENCH_DAEMON_TENANTS=100,500,1000   tenant counts (default 20: a short run)
 *   BENCH_DAEMON_MINUTES=5              minutes per count (default 1)
 *   BENCH_DAEMON_MAX_PARALLEL=16        the daemon's --max-parallel (default: the daemon's own default)
 *   BENCH_DAEMON_LATENCY_MS=150         added to every e-Boekhouden call
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { generateBookableOrders, startMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { stringify } from 'yaml';
import { startCli } from '../src/testing/cli-process';
import { fixed, writeResults } from './bench-support';

const COUNTS = (process.env.BENCH_DAEMON_TENANTS ?? '20').split(',').map(Number);
const MINUTES = Number(process.env.BENCH_DAEMON_MINUTES ?? 1);
const MAX_PARALLEL = process.env.BENCH_DAEMON_MAX_PARALLEL;
const LATENCY_MS = Number(process.env.BENCH_DAEMON_LATENCY_MS ?? 150);
/** Orders in the shop: the first run of each tenant books them, later runs find nothing new (the steady state). */
const ORDERS = 5;
const CLK_TCK = 100;

interface DaemonFigures {
  tenants: number;
  minutes: number;
  maxParallel: number;
  runsFinished: number;
  runsPerMinute: number;
  checksFinished: number;
  driftP50Ms: number;
  driftP95Ms: number;
  driftMaxMs: number;
  /** Starts more than a minute after their slot (a slot missed). */
  lateRuns: number;
  peakRssMb: number;
  descriptorsAtStart: number;
  descriptorsAtEnd: number;
  descriptorsMax: number;
  cpuMsPerRun: number;
  sinkCalls: number;
  exitCode: number | null;
}

/** utime + stime of a process, in ms (Linux /proc). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}
const descriptorsOf = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
const peakRssMbOf = (pid: number) => Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

async function measure(tenants: number): Promise<DaemonFigures> {
  const seed = generateBookableOrders(ORDERS, 11) as unknown as Record<string, unknown>;
  const shop = await startMijnwebwinkelSimulator({ port: 0, seed });
  const sink = await startEboekhoudenSimulator({ port: 0, faults: { latencyMs: LATENCY_MS } });
  const dir = mkdtempSync(join(tmpdir(), 'koppelwerk-bench-daemon-'));
  try {
    for (let i = 0; i < tenants; i++) {
      const prefix = `D${i}`;
      writeFileSync(
        join(dir, `tenant-${i}.yaml`),
        stringify({
          tenant: `tenant-${i}`,
          source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: shop.credentials },
          sink: { connector: 'eboekhouden', endpoint: sink.endpoint, settings: sink.credentials },
          mapping: { relations: { codePrefix: prefix }, texts: { invoiceNumber: `${prefix}-{number}` }, currency: { foreign: 'book-as-euro' } },
          schedule: { everyMinutes: 1 },
        }),
      );
    }
    const args = ['daemon', dir, ...(MAX_PARALLEL ? ['--max-parallel', MAX_PARALLEL] : [])];
    const daemon = startCli(args, {}, (MINUTES + 10) * 60_000);
    await daemon.waitFor(/"msg":"daemon started"/);
    const pid = daemon.child.pid!;
    const cpuAtStart = cpuMsOf(pid);
    const descriptorsAtStart = descriptorsOf(pid);
    let descriptorsMax = descriptorsAtStart;
    const sampler = setInterval(() => (descriptorsMax = Math.max(descriptorsMax, descriptorsOf(pid))), 1_000);
    await new Promise((resolve) => setTimeout(resolve, MINUTES * 60_000));
    clearInterval(sampler);
    const descriptorsAtEnd = descriptorsOf(pid);
    const cpuMs = cpuMsOf(pid) - cpuAtStart;
    const peakRssMb = peakRssMbOf(pid);
    daemon.child.kill('SIGTERM');
    const result = await daemon.done;
    const lines = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    const stopped = lines.find((line) => line.msg === 'daemon stopped') as { runs?: { finished: number }; drift?: { runs: { p50Ms: number; p95Ms: number; maxMs: number; late: number } } } | undefined;
    const started = lines.find((line) => line.msg === 'daemon started') as { maxParallel?: number } | undefined;
    const runsFinished = lines.filter((line) => typeof line.msg === 'string' && line.msg.startsWith('sync finished')).length;
    const checksFinished = lines.filter((line) => line.msg === 'connections checked').length;
    const drift = stopped?.drift?.runs ?? { p50Ms: NaN, p95Ms: NaN, maxMs: NaN, late: NaN };
    return {
      tenants,
      minutes: MINUTES,
      maxParallel: started?.maxParallel ?? NaN,
      runsFinished,
      runsPerMinute: runsFinished / MINUTES,
      checksFinished,
      driftP50Ms: drift.p50Ms,
      driftP95Ms: drift.p95Ms,
      driftMaxMs: drift.maxMs,
      lateRuns: drift.late,
      peakRssMb,
      descriptorsAtStart,
      descriptorsAtEnd,
      descriptorsMax,
      cpuMsPerRun: runsFinished ? cpuMs / runsFinished : NaN,
      sinkCalls: Object.values(sink.calls()).reduce((a, b) => a + b, 0),
      exitCode: result.code,
    };
  } finally {
    await Promise.all([shop.close(), sink.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`daemon: tenants on a 1-minute cadence, ${LATENCY_MS} ms per e-Boekhouden call, ${MINUTES} minute(s) per size (run from the TypeScript sources; CPU counted after start-up)`);
  console.log('tenants  parallel  runs/min (demand)  drift p50 / p95 / max (ms)  late  peak RSS  fds start/end/max  CPU/run  exit');
  const results: DaemonFigures[] = [];
  for (const tenants of COUNTS) {
    const r = await measure(tenants);
    results.push(r);
    console.log(
      `${String(r.tenants).padStart(7)}  ${String(r.maxParallel).padStart(8)}  ${fixed(r.runsPerMinute, 1).padStart(8)} (${tenants})`.padEnd(46) +
        `${fixed(r.driftP50Ms)} / ${fixed(r.driftP95Ms)} / ${fixed(r.driftMaxMs)}`.padEnd(28) +
        `${String(r.lateRuns).padStart(4)}  ${fixed(r.peakRssMb, 0).padStart(5)} MB  ${`${r.descriptorsAtStart}/${r.descriptorsAtEnd}/${r.descriptorsMax}`.padStart(17)}  ${fixed(r.cpuMsPerRun, 0).padStart(4)} ms  ${r.exitCode}`,
    );
  }
  writeResults('daemon', { latencyMs: LATENCY_MS, minutes: MINUTES, results });
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
