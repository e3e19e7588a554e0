/**
 * `npm run bench -- reconcile`: `koppelwerk reconcile` over a quarter of booked documents when
 * e-Boekhouden takes 150 ms per call, as the real service can. For each case the shop (Mijnwebwinkel
 * simulator, no latency) holds N bookable orders dated in Q1 2025; the compiled `koppelwerk sync`
 * books them all into the e-Boekhouden simulator with no latency added (seeding, untimed); then the
 * simulator adds RECONCILE_BENCH_LATENCY_MS to every call and the compiled `koppelwerk reconcile
 * --from 2025-01-01 --to 2025-03-31 --json` runs as a process of its own (it must agree: exit 0, no
 * differences). Side by side in one run it prints:
 *   calls        every SOAP or REST request e-Boekhouden received during the reconcile (the
 *                simulator's onRequest), against what the API needs: its pages plus the session,
 *                opened and closed (SOAP: OpenSession + floor(N / 500) + 1 GetMutaties +
 *                CloseSession; REST: POST /v1/session + floor(N / 2000) + 1 list pages + one GET
 *                /v1/mutation/{id} per invoice + the ledger and relation lists, 2,000 a page, +
 *                DELETE /v1/session);
 *   time         wall time of the process, start-up included, against those round trips x latency
 *                (REST: its detail reads go 4 at a time, rest-books.ts);
 *   peak RSS     of the reconcile process itself (VmHWM), aim under 200 MB and flat from 30,000 to 100,000.
 * REST needs one detail read per invoice: at 30,000 that is 30,000 x 150 ms / 4 = about 19 minutes,
 * so it runs at RECONCILE_BENCH_REST_SIZE (SOAP at that size beside it). Writes
 * bench-results/reconcile.json. Not a test: it asserts nothing about time.
 */
import { startEboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { BOOKED_DEMO_STATUSES, generateOrders, startMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { fixed, parseSync, requireCompiledCli, runCli, writeBenchTenant, writeResults } from './bench-support';

type Api = 'soap' | 'rest';
const env = process.env;
const LATENCY_MS = Number(env.RECONCILE_BENCH_LATENCY_MS ?? 150);
const SOAP_SIZES = (env.RECONCILE_BENCH_SIZES ?? '30000,100000').split(',').map(Number);
const REST_SIZE = Number(env.RECONCILE_BENCH_REST_SIZE ?? 2000);
const PERIOD = { from: '2025-01-01', to: '2025-03-31' };
/** rest-books.ts: GET /v1/mutation/{id} runs this many at a time. */
const REST_DETAIL_CONCURRENCY = 4;
const SOAP_PAGE = 500;
const REST_PAGE = 2000;

interface ReconcileRun {
  api: Api;
  documents: number;
  exitCode: number | null;
  differences: number;
  /** Requests e-Boekhouden received during the reconcile. */
  calls: number;
  /** What the API needs for the period: its pages plus the session. */
  neededCalls: number;
  callsByOperation: Record<string, number>;
  seconds: number;
  /** The round trips one after the other (REST detail reads 4 at a time) x latency. */
  idealSeconds: number;
  peakRssMb: number;
  cpuMs: number;
}

/** N bookable orders (Betaald, Verzonden, Afgehaald), all dated (and status-changed) inside the quarter. */
function quarterShop(documents: number): Record<string, unknown> {
  // Two in three generated orders are in a booked status; the spacing keeps the last inside March.
  const count = Math.ceil(documents * 1.6) + 200;
  const shop = generateOrders({ count, randomSeed: documents, quirks: false, creditShare: 0, start: '2025-01-01 00:05:00', minutesBetween: (89 * 24 * 60) / count });
  const orders = shop.orders.filter((order) => BOOKED_DEMO_STATUSES.includes(Number(order.status))).slice(0, documents);
  if (orders.length < documents) throw new Error(`the generator gave only ${orders.length} bookable orders`);
  return { ...shop, orders };
}

function neededCalls(api: Api, documents: number, byOperation: Record<string, number>): number {
  // The session: opened and closed (SOAP OpenSession + CloseSession, REST POST + DELETE /v1/session).
  if (api === 'soap') return 2 + Math.floor(documents / SOAP_PAGE) + 1;
  // The ledger and relation lists are reference data the REST run reads (a page per 2,000 records).
  const lists = Object.entries(byOperation)
    .filter(([operation]) => /ledger|relation/i.test(operation) && !/\{id\}|\/\d+$/.test(operation))
    .reduce((sum, [, n]) => sum + n, 0);
  return 2 + Math.floor(documents / REST_PAGE) + 1 + documents + lists;
}

function idealSeconds(api: Api, calls: number, documents: number): number {
  const inSequence = api === 'soap' ? calls : calls - documents + Math.ceil(documents / REST_DETAIL_CONCURRENCY);
  return (inSequence * LATENCY_MS) / 1000;
}

const since = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.entries(after).map(([operation, n]) => [operation, n - (before[operation] ?? 0)]).filter(([, n]) => (n as number) > 0));

async function measure(api: Api, documents: number): Promise<ReconcileRun> {
  const shop = await startMijnwebwinkelSimulator({ port: 0, seed: quarterShop(documents) });
  let requests = 0;
  const sink = await startEboekhoudenSimulator({ port: 0, api, onRequest: () => requests++ });
  const tenant = writeBenchTenant(`reconcile-${api}-${documents}`, shop, sink, api === 'rest' ? { api: 'rest' } : {});
  try {
    // Seeding: book the quarter once at full speed; what reconcile reads is then as sync left it.
    const sync = parseSync(await runCli(['sync', tenant.file, '--json', '--concurrency', '8']));
    if (sync.counts.booked !== documents) throw new Error(`seeding booked ${sync.counts.booked} of ${documents} orders (${sync.outcome})`);
    sink.faults.set({ latencyMs: LATENCY_MS });
    const before = sink.calls();
    requests = 0;
    const run = await runCli(['reconcile', tenant.file, '--from', PERIOD.from, '--to', PERIOD.to, '--json']);
    const calls = requests;
    const callsByOperation = since(sink.calls(), before);
    if (run.code !== 0 && run.code !== 1) throw new Error(`koppelwerk reconcile exited with ${run.code}: ${run.stderr.slice(-800)}`);
    const report = JSON.parse(run.stdout) as { differences: unknown[] };
    return {
      api,
      documents,
      exitCode: run.code,
      differences: report.differences.length,
      calls,
      neededCalls: neededCalls(api, documents, callsByOperation),
      callsByOperation,
      seconds: run.seconds,
      idealSeconds: idealSeconds(api, calls, documents),
      peakRssMb: run.peakRssMb,
      cpuMs: run.cpuMs,
    };
  } finally {
    tenant.remove();
    await Promise.all([shop.close(), sink.close()]);
  }
}

async function main(): Promise<void> {
  requireCompiledCli();
  console.log(`a quarter (${PERIOD.from} to ${PERIOD.to}) of booked Mijnwebwinkel orders; ${LATENCY_MS} ms added to every e-Boekhouden call during the reconcile`);
  console.log('api    documents   exit   differences   calls   needed   seconds   ideal s   time/ideal   CPU s   peak RSS');
  const cases: [Api, number][] = [['soap', REST_SIZE], ['rest', REST_SIZE], ...SOAP_SIZES.map((n): [Api, number] => ['soap', n])];
  const runs: ReconcileRun[] = [];
  for (const [api, documents] of cases) {
    const r = await measure(api, documents);
    runs.push(r);
    console.log(
      `${r.api.padEnd(4)}   ${r.documents.toLocaleString('en').padStart(9)}   ${String(r.exitCode).padStart(4)}   ${String(r.differences).padStart(11)}   ` +
        `${String(r.calls).padStart(5)}   ${String(r.neededCalls).padStart(6)}   ${fixed(r.seconds, 1).padStart(7)}   ${fixed(r.idealSeconds, 1).padStart(7)}   ` +
        `${`${fixed(r.seconds / r.idealSeconds, 2)}x`.padStart(10)}   ${fixed(r.cpuMs / 1000, 1).padStart(5)}   ${`${fixed(r.peakRssMb)} MB`.padStart(8)}`,
    );
  }
  for (const r of runs) console.log(`  ${r.api} ${r.documents}: ${Object.entries(r.callsByOperation).map(([operation, n]) => `${operation} ${n}`).join(', ')}`);
  const soap = runs.filter((r) => r.api === 'soap' && SOAP_SIZES.includes(r.documents));
  if (soap.length >= 2) {
    const [low, high] = [soap[0], soap[soap.length - 1]];
    console.log(`peak RSS ${fixed(low.peakRssMb)} MB at ${low.documents.toLocaleString('en')}, ${fixed(high.peakRssMb)} MB at ${high.documents.toLocaleString('en')} (${fixed(high.peakRssMb / low.peakRssMb, 2)} times)`);
  }
  console.log('aim: calls at most the pages the API needs plus the session; time close to those round trips x latency; peak RSS under 200 MB and flat from 30,000 to 100,000');
  writeResults('reconcile', { latencyMs: LATENCY_MS, period: PERIOD, runs });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
