/**
 * `npm run bench -- latency`: the engine when e-Boekhouden is slow, as the real service is. The
 * simulator adds 150 ms to every SOAP call; the compiled `koppelwerk sync` books 1,000 orders at
 * concurrency 1, 4, 8 and 16 with a calls-per-second limit for the administration. For each run it
 * prints the time against the ideal, max(calls x latency / concurrency, calls / limit), and the
 * busiest second as the simulator saw calls arrive (never above the limit). Writes bench-results/latency.json.
 * Not a test.
 */
import { startEboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { generateBookableOrders, startMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { busiestWindow } from '@koppelwerk/testing';
import { fixed, parseSync, requireCompiledCli, runCli, totalSinkCalls, writeBenchTenant, writeResults } from './bench-support';

const ORDERS = Number(process.env.LATENCY_BENCH_ORDERS ?? 1000);
const LATENCY_MS = Number(process.env.LATENCY_BENCH_LATENCY_MS ?? 150);
const CONCURRENCIES = (process.env.LATENCY_BENCH_CONCURRENCY ?? '1,4,8,16').split(',').map(Number);
/** The administration's limit: just above what concurrency 16 needs at this latency (16 / 0.15 s = 107 calls/s), so it binds in bursts only. */
const LIMIT = Number(process.env.LATENCY_BENCH_CALLS_PER_SECOND ?? 120);

interface LatencyRun {
  concurrency: number;
  booked: number;
  sinkCalls: number;
  seconds: number;
  idealSeconds: number;
  ratio: number;
  busiestSecond: number;
}

async function measure(concurrency: number, seed: Record<string, unknown>): Promise<LatencyRun> {
  const shop = await startMijnwebwinkelSimulator({ port: 0, seed });
  const arrived: number[] = [];
  const sink = await startEboekhoudenSimulator({ port: 0, faults: { latencyMs: LATENCY_MS }, onRequest: () => arrived.push(performance.now()) });
  const tenant = writeBenchTenant(`latency${concurrency}`, shop, sink, { maxCallsPerSecond: LIMIT });
  try {
    const run = await runCli(['sync', tenant.file, '--json', '--concurrency', String(concurrency)]);
    const summary = parseSync(run);
    const sinkCalls = totalSinkCalls(sink.calls());
    const seconds = (Date.parse(summary.endedAt) - Date.parse(summary.startedAt)) / 1000;
    const idealSeconds = Math.max((sinkCalls * LATENCY_MS) / 1000 / concurrency, sinkCalls / LIMIT);
    return { concurrency, booked: summary.counts.booked, sinkCalls, seconds, idealSeconds, ratio: seconds / idealSeconds, busiestSecond: busiestWindow(arrived) };
  } finally {
    tenant.remove();
    await Promise.all([shop.close(), sink.close()]);
  }
}

async function main(): Promise<void> {
  requireCompiledCli();
  const seed = generateBookableOrders(ORDERS, 11) as unknown as Record<string, unknown>;
  console.log(`${ORDERS} orders; ${LATENCY_MS} ms added to every e-Boekhouden call; limit ${LIMIT} calls/s for the administration (maxCallsPerSecond)`);
  console.log('concurrency   booked   sink calls   seconds   ideal s   time/ideal   busiest second');
  const runs: LatencyRun[] = [];
  for (const concurrency of CONCURRENCIES) {
    const r = await measure(concurrency, seed);
    runs.push(r);
    console.log(
      `${String(r.concurrency).padStart(11)}   ${String(r.booked).padStart(6)}   ${String(r.sinkCalls).padStart(10)}   ${fixed(r.seconds, 1).padStart(7)}   ` +
        `${fixed(r.idealSeconds, 1).padStart(7)}   ${`${fixed(r.ratio, 2)}x`.padStart(10)}   ${`${r.busiestSecond} calls`.padStart(14)}`,
    );
  }
  console.log(`aim: time within 1.2x the ideal; busiest second never above ${LIMIT} calls`);
  writeResults('latency', { orders: ORDERS, latencyMs: LATENCY_MS, callsPerSecondLimit: LIMIT, runs });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
