/**
 * `npm run bench -- daemon`: the embedded daemon with many tenants, each on a one-minute cadence,
 * against simulators that add 150 ms to every e-Boekhouden call (the real service's round trip).
 * For each tenant count it starts `koppelwerk daemon <dir>` as a process and, once every tenant
 * has run and been checked (the warm-up), measures two windows of the steady state:
 *
 * - idle: no new orders anywhere; CPU per run is the daemon's whole CPU over the window divided by
 *   the runs in it (its scans, queue and logs included);
 * - booking: one new order in the shop of every tenth tenant (a shop polled every minute has an
 *   order a few times an hour); CPU per booking run is the window's CPU less its idle runs at the
 *   idle window's price, divided by the runs that booked.
 *
 * It prints, side by side: runs per minute against the demand, drift p50/p95/max and the runs that
 * missed their slot (from the `sync started` lines of both windows), the daemon's peak RSS, its open
 * descriptors at start, end and most, and both CPU figures. The first row runs 100 tenants with
 * `keepOpenTenants: 0` (a runtime opened and closed for every run, as before issue 28), as the
 * baseline. Writes bench-results/daemon.json. Not a test.
 *
 *   BENCH_DAEMON_TENANTS=100,500,1000   tenant counts (default; `20` for a short run)
 *   BENCH_DAEMON_BASELINE=0             leave out the keepOpenTenants: 0 row
 *   BENCH_DAEMON_MINUTES=1              minutes per window (default 1)
 *   BENCH_DAEMON_MAX_PARALLEL=16        the daemon's --max-parallel (default: the daemon's own default)
 *   BENCH_DAEMON_LATENCY_MS=150         added to every e-Boekhouden call
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { generateBookableOrders, startMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
// The one helper, not the testing index (its scratch folders need jest).
import { ArrivingOrders } from '../../libs/runtime/src/testing/arriving-orders';
import { stringify } from 'yaml';
import { startCli, type CliProcess } from '../src/testing/cli-process';
import { fixed, writeResults } from './bench-support';

const COUNTS = (process.env.BENCH_DAEMON_TENANTS ?? '100,500,1000').split(',').map(Number);
const BASELINE = process.env.BENCH_DAEMON_BASELINE !== '0';
const MINUTES = Number(process.env.BENCH_DAEMON_MINUTES ?? 1);
const MAX_PARALLEL = process.env.BENCH_DAEMON_MAX_PARALLEL;
const LATENCY_MS = Number(process.env.BENCH_DAEMON_LATENCY_MS ?? 150);
/** Every BUSY_EVERY-th tenant reads the shop where orders arrive. */
const BUSY_EVERY = 10;
const CLK_TCK = 100;
/** A start later than this after its slot missed the slot (the cadence is a minute). */
const LATE_MS = 60_000;

interface DaemonFigures {
  tenants: number;
  keepOpenTenants: number | 'default';
  maxParallel: number;
  warmUpSeconds: number;
  idleRunsPerMinute: number;
  bookingRunsPerMinute: number;
  cpuMsPerIdleRun: number;
  cpuMsPerBookingRun: number;
  runsThatBooked: number;
  driftP50Ms: number;
  driftP95Ms: number;
  driftMaxMs: number;
  lateRuns: number;
  peakRssMb: number;
  rssAtEndMb: number;
  descriptorsAtStart: number;
  descriptorsAtEnd: number;
  descriptorsMax: number;
  exitCode: number | null;
}

/** utime + stime of a process, in ms (Linux /proc). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}
const descriptorsOf = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
const statusMbOf = (pid: number, field: 'VmHWM' | 'VmRSS') => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

type Line = Record<string, unknown> & { msg?: string; tenant?: string; driftMs?: number; counts?: { booked?: number } };

/** The daemon's JSON lines, read as they come. */
class DaemonLines {
  readonly lines: Line[] = [];
  private rest = '';
  private waiters: (() => void)[] = [];
  private ended = false;
  constructor(daemon: CliProcess) {
    daemon.child.on('exit', () => {
      this.ended = true;
      for (const wake of this.waiters.splice(0)) wake();
    });
    daemon.child.stdout!.on('data', (chunk: Buffer) => {
      const text = this.rest + chunk.toString();
      const parts = text.split('\n');
      this.rest = parts.pop() ?? '';
      for (const part of parts) if (part.trim()) this.lines.push(JSON.parse(part) as Line);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }
  count(msg: RegExp, from = 0): number {
    let n = 0;
    for (let i = from; i < this.lines.length; i++) if (msg.test(this.lines[i].msg ?? '')) n++;
    return n;
  }
  /** Resolves when at least `n` lines match (an event, not a wait). */
  async until(msg: RegExp, n: number): Promise<void> {
    while (this.count(msg) < n) {
      if (this.ended) throw new Error(`the daemon ended before ${n} lines said ${msg}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

async function measure(tenants: number, keepOpenTenants?: number): Promise<DaemonFigures> {
  const seed = generateBookableOrders(2, 11) as unknown as Record<string, unknown>;
  const quiet = await startMijnwebwinkelSimulator({ port: 0, seed: { ...seed, orders: [] } });
  const busy = await startMijnwebwinkelSimulator({ port: 0, seed });
  const sink = await startEboekhoudenSimulator({ port: 0, faults: { latencyMs: LATENCY_MS } });
  const dir = mkdtempSync(join(tmpdir(), 'koppelwerk-bench-daemon-'));
  try {
    if (keepOpenTenants !== undefined) writeFileSync(join(dir, 'koppelwerk.yaml'), stringify({ daemon: { keepOpenTenants } }));
    for (let i = 0; i < tenants; i++) {
      const prefix = `D${i}`;
      const shop = i % BUSY_EVERY === 0 ? busy : quiet;
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
    const daemon = startCli(args, {}, (2 * MINUTES + 15) * 60_000);
    const lines = new DaemonLines(daemon);
    await daemon.waitFor(/"msg":"daemon started"/);
    const pid = daemon.child.pid!;
    const startedAt = Date.now();
    const descriptorsAtStart = descriptorsOf(pid);
    let descriptorsMax = descriptorsAtStart;
    const sampler = setInterval(() => (descriptorsMax = Math.max(descriptorsMax, descriptorsOf(pid))), 1_000);

    // Warm-up: every tenant ran once and was checked once (the start-up checks are spread).
    await Promise.all([lines.until(/^sync finished/, tenants), lines.until(/^connections checked$/, tenants)]);
    const warmUpSeconds = (Date.now() - startedAt) / 1000;

    const window = async () => {
      const from = lines.lines.length;
      const cpuBefore = cpuMsOf(pid);
      await new Promise((resolve) => setTimeout(resolve, MINUTES * 60_000));
      const cpuMs = cpuMsOf(pid) - cpuBefore;
      const seen = lines.lines.slice(from);
      const finished = seen.filter((line) => line.msg?.startsWith('sync finished'));
      const booked = finished.filter((line) => (line.counts?.booked ?? 0) > 0).length;
      const drifts = seen.filter((line) => line.msg === 'sync started').map((line) => Number(line.driftMs));
      return { cpuMs, runs: finished.length, booked, drifts };
    };
    const idle = await window();
    new ArrivingOrders(busy).add(1);
    const booking = await window();
    clearInterval(sampler);

    const descriptorsAtEnd = descriptorsOf(pid);
    const peakRssMb = statusMbOf(pid, 'VmHWM');
    const rssAtEndMb = statusMbOf(pid, 'VmRSS');
    daemon.child.kill('SIGTERM');
    const result = await daemon.done;
    const started = lines.lines.find((line) => line.msg === 'daemon started') as { maxParallel?: number } | undefined;
    const cpuMsPerIdleRun = idle.runs ? idle.cpuMs / idle.runs : NaN;
    const idleRunsInBooking = booking.runs - booking.booked;
    const drifts = [...idle.drifts, ...booking.drifts].sort((a, b) => a - b);
    return {
      tenants,
      keepOpenTenants: keepOpenTenants ?? 'default',
      maxParallel: started?.maxParallel ?? NaN,
      warmUpSeconds,
      idleRunsPerMinute: idle.runs / MINUTES,
      bookingRunsPerMinute: booking.runs / MINUTES,
      cpuMsPerIdleRun,
      cpuMsPerBookingRun: booking.booked ? (booking.cpuMs - idleRunsInBooking * cpuMsPerIdleRun) / booking.booked : NaN,
      runsThatBooked: booking.booked,
      driftP50Ms: percentile(drifts, 50),
      driftP95Ms: percentile(drifts, 95),
      driftMaxMs: drifts.length ? drifts[drifts.length - 1] : NaN,
      lateRuns: drifts.filter((d) => d > LATE_MS).length,
      peakRssMb,
      rssAtEndMb,
      descriptorsAtStart,
      descriptorsAtEnd,
      descriptorsMax,
      exitCode: result.code,
    };
  } finally {
    await Promise.all([quiet.close(), busy.close(), sink.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(
    `daemon: tenants on a 1-minute cadence, ${LATENCY_MS} ms per e-Boekhouden call, every ${BUSY_EVERY}th tenant's shop gets an order in the booking window; ` +
      `${MINUTES} minute(s) per window after the warm-up (run from the TypeScript sources)`,
  );
  console.log('tenants  kept     parallel  runs/min idle | booking (demand)  CPU/idle run  CPU/booking run (booked)  drift p50 / p95 / max (ms)  late  RSS peak/end   fds start/end/max  warm-up  exit');
  const plan: { tenants: number; keep?: number }[] = [...(BASELINE ? [{ tenants: 100, keep: 0 }] : []), ...COUNTS.map((tenants) => ({ tenants }))];
  const results: DaemonFigures[] = [];
  for (const { tenants, keep } of plan) {
    const r = await measure(tenants, keep);
    results.push(r);
    console.log(
      `${String(r.tenants).padStart(7)}  ${String(keep ?? 'default').padEnd(7)}  ${String(r.maxParallel).padStart(8)}  ` +
        `${`${fixed(r.idleRunsPerMinute, 0)} | ${fixed(r.bookingRunsPerMinute, 0)} (${tenants})`.padStart(26)}  ` +
        `${`${fixed(r.cpuMsPerIdleRun, 1)} ms`.padStart(12)}  ${`${fixed(r.cpuMsPerBookingRun, 0)} ms (${r.runsThatBooked})`.padStart(24)}  ` +
        `${`${fixed(r.driftP50Ms)} / ${fixed(r.driftP95Ms)} / ${fixed(r.driftMaxMs)}`.padEnd(26)}  ${String(r.lateRuns).padStart(4)}  ` +
        `${`${fixed(r.peakRssMb, 0)}/${fixed(r.rssAtEndMb, 0)} MB`.padStart(12)}  ${`${r.descriptorsAtStart}/${r.descriptorsAtEnd}/${r.descriptorsMax}`.padStart(17)}  ${`${fixed(r.warmUpSeconds, 0)} s`.padStart(7)}  ${r.exitCode}`,
    );
  }
  writeResults('daemon', { latencyMs: LATENCY_MS, minutes: MINUTES, busyEvery: BUSY_EVERY, results });
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
