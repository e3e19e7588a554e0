/**
 * `npm run bench -- transports`: the same shop booked through e-Boekhouden's SOAP API and through
 * its REST API, side by side in one run. For each latency the simulator adds to every sink call
 * (2 ms: a little of the real round trip; 150 ms: the real service on a slow day), each transport
 * books the orders with the compiled `koppelwerk sync` at one concurrency, into a fresh simulator,
 * and the bench prints:
 *   sink calls per order   every call the integration made (sessions and reference data
 *                          included) per booked order; goal 1 + new-customer share + a few per run;
 *   per-run calls          the calls that are neither a booking nor a new relation;
 *   orders/s and time/ideal, the ideal being calls x latency / concurrency (goal: within 1.1);
 *   peak RSS               of the `koppelwerk sync` process itself.
 * SOAP and REST alternate for TRANSPORTS_BENCH_ROUNDS rounds and the median round is shown (peak
 * RSS the highest). Writes bench-results/transports.json. Not a test: it asserts nothing.
 */
import { startEboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { generateBookableOrders, startMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { fixed, parseSync, requireCompiledCli, runCli, runSeconds, totalSinkCalls, writeBenchTenant, writeResults } from './bench-support';

type Transport = 'soap' | 'rest';
const TRANSPORTS: Transport[] = ['soap', 'rest'];

const env = process.env;
const LATENCIES_MS = (env.TRANSPORTS_BENCH_LATENCIES_MS ?? '2,150').split(',').map(Number);
/** Orders at the first latency, and at every slower one (where a run takes calls x latency / concurrency). */
const ORDERS = Number(env.TRANSPORTS_BENCH_ORDERS ?? 2000);
const SLOW_ORDERS = Number(env.TRANSPORTS_BENCH_SLOW_ORDERS ?? 400);
const CONCURRENCY = Number(env.TRANSPORTS_BENCH_CONCURRENCY ?? 8);
const ROUNDS = Math.max(1, Number(env.TRANSPORTS_BENCH_ROUNDS ?? 3));
const GOAL = 1.1;

interface TransportRun {
  transport: Transport;
  latencyMs: number;
  orders: number;
  booked: number;
  relationsCreated: number;
  sinkCalls: number;
  callsPerOrder: number;
  /** Calls that are neither a booking nor a new relation: sessions, reference data, look-ups. */
  perRunCalls: number;
  newCustomerShare: number;
  seconds: number;
  idealSeconds: number;
  ratio: number;
  ordersPerSecond: number;
  peakRssMb: number;
  callsByOperation: Record<string, number>;
}

/** One `koppelwerk sync` of the shop into a fresh e-Boekhouden simulator speaking `transport`. */
async function measure(transport: Transport, latencyMs: number, orders: number, seed: Record<string, unknown>): Promise<TransportRun> {
  const shop = await startMijnwebwinkelSimulator({ port: 0, seed });
  const sink = await startEboekhoudenSimulator({ port: 0, api: transport, faults: { latencyMs } });
  // A REST tenant names its transport; a SOAP tenant is the default and says nothing.
  const tenant = writeBenchTenant(`transports-${transport}`, shop, sink, transport === 'rest' ? { api: 'rest' } : {});
  try {
    const run = await runCli(['sync', tenant.file, '--json', '--concurrency', String(CONCURRENCY)]);
    const summary = parseSync(run);
    const calls = sink.calls();
    const sinkCalls = totalSinkCalls(calls);
    const { booked, relationsCreated } = summary.counts;
    if (booked !== orders) throw new Error(`${transport} at ${latencyMs} ms booked ${booked} of ${orders} orders (${summary.outcome}): ${run.stderr.slice(-800)}`);
    const seconds = runSeconds(summary);
    const idealSeconds = (sinkCalls * latencyMs) / 1000 / CONCURRENCY;
    return {
      transport,
      latencyMs,
      orders,
      booked,
      relationsCreated,
      sinkCalls,
      callsPerOrder: sinkCalls / booked,
      perRunCalls: sinkCalls - booked - relationsCreated,
      newCustomerShare: relationsCreated / booked,
      seconds,
      idealSeconds,
      ratio: seconds / idealSeconds,
      ordersPerSecond: booked / seconds,
      peakRssMb: run.peakRssMb,
      callsByOperation: calls,
    };
  } finally {
    tenant.remove();
    await Promise.all([shop.close(), sink.close()]);
  }
}

/** The round with the median throughput; peak RSS the highest of all rounds. */
function median(rounds: TransportRun[]): TransportRun {
  const sorted = [...rounds].sort((a, b) => a.ordersPerSecond - b.ordersPerSecond);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], peakRssMb: Math.max(...rounds.map((r) => r.peakRssMb)) };
}

const HEADER = 'latency  transport  booked  sink calls  calls/order  new customers  per-run calls  seconds  ideal s  time/ideal  orders/s  peak RSS';

function line(r: TransportRun): string {
  return [
    `${r.latencyMs} ms`.padStart(7),
    r.transport.toUpperCase().padEnd(9),
    String(r.booked).padStart(6),
    String(r.sinkCalls).padStart(10),
    fixed(r.callsPerOrder, 3).padStart(11),
    `${fixed(r.newCustomerShare * 100, 1)}%`.padStart(13),
    String(r.perRunCalls).padStart(13),
    fixed(r.seconds, 2).padStart(7),
    fixed(r.idealSeconds, 2).padStart(7),
    `${fixed(r.ratio, 2)}x`.padStart(10),
    fixed(r.ordersPerSecond).padStart(8),
    `${fixed(r.peakRssMb)} MB`.padStart(8),
  ].join('  ');
}

async function main(): Promise<void> {
  requireCompiledCli();
  console.log(
    `Mijnwebwinkel simulator -> e-Boekhouden simulator (SOAP, then REST) on loopback; compiled \`koppelwerk sync --concurrency ${CONCURRENCY}\`; ` +
      `${ORDERS} orders at ${LATENCIES_MS[0]} ms per sink call, ${SLOW_ORDERS} at slower latencies; median of ${ROUNDS} rounds`,
  );
  console.log(HEADER);
  const results: TransportRun[] = [];
  for (const [index, latencyMs] of LATENCIES_MS.entries()) {
    const orders = index === 0 ? ORDERS : SLOW_ORDERS;
    const seed = generateBookableOrders(orders, 11) as unknown as Record<string, unknown>;
    const rounds: Record<Transport, TransportRun[]> = { soap: [], rest: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const transport of TRANSPORTS) rounds[transport].push(await measure(transport, latencyMs, orders, seed));
    }
    const [soap, rest] = TRANSPORTS.map((transport) => median(rounds[transport]));
    results.push(soap, rest);
    console.log(line(soap));
    console.log(line(rest));
    console.log(
      `         REST/SOAP: ${fixed(rest.ordersPerSecond / soap.ordersPerSecond, 2)}x the orders/s, ${fixed(rest.callsPerOrder / soap.callsPerOrder, 2)}x the calls per order; ` +
        `rounds (orders/s) SOAP ${rounds.soap.map((r) => fixed(r.ordersPerSecond)).join(', ')}, REST ${rounds.rest.map((r) => fixed(r.ordersPerSecond)).join(', ')}`,
    );
  }
  console.log(`goals: sink calls per order 1 + new-customer share + a few per run; time within ${GOAL}x of calls x latency / concurrency`);
  for (const transport of TRANSPORTS) {
    const perRun = results.filter((r) => r.transport === transport)[0];
    const calls = Object.entries(perRun.callsByOperation)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([operation, n]) => `${operation} ${n}`)
      .join(', ');
    console.log(`${transport.toUpperCase()} calls at ${perRun.latencyMs} ms: ${calls}`);
  }
  writeResults('transports', { concurrency: CONCURRENCY, rounds: ROUNDS, goal: GOAL, runs: results });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
