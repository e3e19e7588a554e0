/**
 * `npm run bench -- e2e`: orders from the Mijnwebwinkel simulator into the e-Boekhouden simulator,
 * through the engine as `koppelwerk sync` runs it, side by side with a naive reference integration
 * (per order, sequentially: open a session, look the relation up, add it if missing, add the
 * mutation, close the session; a plain `soap` client). Prints orders/s, sink calls per order and
 * peak RSS for 2,000 and 10,000 orders and writes them to $BENCH_RESULTS_DIR/e2e.json. Not a test.
 *
 * The simulators run in this process; each integration runs in a child process of its own, so its
 * peak RSS is the integration's alone.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden';
import { generateOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel';
import * as soap from 'soap';
import { createRegistry } from '../src/connectors';
import { tenantConfigFromObject } from '../src/tenant-config';
import { openTenantConfig } from '../src/tenant-runtime';

const SIZES = (process.env.E2E_BENCH_SIZES ?? '2000,10000').split(',').map(Number);
/** The naive integration is slow: it is measured on at most this many orders (a rate does not need more). */
const NAIVE_MAX = Number(process.env.E2E_BENCH_NAIVE_MAX ?? 2000);
const CONCURRENCY = Number(process.env.E2E_BENCH_CONCURRENCY ?? 8);
/** Added by the e-Boekhouden simulator to every SOAP call: a little of the real service's round trip. */
const LATENCY_MS = Number(process.env.E2E_BENCH_LATENCY_MS ?? 2);

interface WorkerInput {
  shopUrl: string;
  shopCredentials: { token: string; partner_token: string };
  sinkEndpoint: string;
  sinkCredentials: { username: string; securityCode1: string; securityCode2: string };
  maxOrders: number;
}

interface WorkerResult {
  seconds: number;
  booked: number;
  peakRssMb: number;
}

interface Measured extends WorkerResult {
  orders: number;
  ordersPerSecond: number;
  sinkCalls: number;
  sinkCallsPerOrder: number;
  newRelationShare: number;
}

// The engine, as `koppelwerk sync` wires it.

async function engineWorker(input: WorkerInput): Promise<WorkerResult> {
  const dir = mkdtempSync(join(tmpdir(), 'koppelwerk-bench-e2e-'));
  const raw = {
    tenant: 'bench',
    source: { connector: 'mijnwebwinkel', endpoint: input.shopUrl, settings: input.shopCredentials },
    sink: { connector: 'eboekhouden', endpoint: input.sinkEndpoint, settings: input.sinkCredentials },
    mapping: { relations: { codePrefix: 'BEN' }, texts: { invoiceNumber: 'BEN-{number}' }, currency: { foreign: 'book-as-euro' } },
  };
  const config = tenantConfigFromObject(raw, join(dir, 'bench.yaml'), createRegistry());
  const runtime = await openTenantConfig(config, { concurrency: CONCURRENCY });
  const started = process.hrtime.bigint();
  const summary = await runtime.engine.sync({ runId: runtime.runId });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await runtime.close();
  return { seconds, booked: summary.counts.booked, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

// The naive reference: what a first integration often looks like.

async function naiveWorker(input: WorkerInput): Promise<WorkerResult> {
  const client = await soap.createClientAsync(`${input.sinkEndpoint}?wsdl`, { endpoint: input.sinkEndpoint });
  const call = async (operation: string, args: unknown): Promise<Record<string, unknown>> => {
    const [result] = (await (client as unknown as Record<string, (a: unknown) => Promise<[Record<string, unknown>]>>)[`${operation}Async`](args)) ?? [];
    const answer = (result?.[`${operation}Result`] ?? {}) as Record<string, unknown>;
    const error = (answer.ErrorMsg ?? {}) as { LastErrorCode?: string; LastErrorDescription?: string };
    if (error.LastErrorCode) throw new Error(`${operation}: ${error.LastErrorCode} ${error.LastErrorDescription ?? ''}`);
    return answer;
  };
  const { username, securityCode1, securityCode2 } = input.sinkCredentials;
  const started = process.hrtime.bigint();
  let booked = 0;
  for (let offset = 0; booked < input.maxOrders; offset += 100) {
    const query = new URLSearchParams({ ...input.shopCredentials, format: 'json', limit: '100', offset: String(offset), ordering: 'asc' });
    const orders = (await (await fetch(`${input.shopUrl}/v1/orders?${query}`)).json()) as NaiveOrder[];
    for (const order of orders) {
      if (booked >= input.maxOrders) break;
      if (![2, 3, 6].includes(Number(order.status))) continue;
      const email = order.debtor?.email ?? `order-${order.number}@example.com`;
      const code = `NAI${createHash('sha1').update(email).digest('hex').slice(0, 12).toUpperCase()}`;
      const opened = await call('OpenSession', { Username: username, SecurityCode1: securityCode1, SecurityCode2: securityCode2, Source: 'naive' });
      const SessionID = opened.SessionID as string;
      const found = await call('GetRelaties', { SessionID, SecurityCode2: securityCode2, cFilter: { Code: code, ID: 0 } });
      if (!found.Relaties) {
        const today = new Date().toISOString().slice(0, 10);
        await call('AddRelatie', {
          SessionID,
          SecurityCode2: securityCode2,
          oRel: { ID: 0, AddDatum: today, Code: code, Bedrijf: order.debtor?.name ?? email, Email: email, BP: 'P', LA: '0', Gb_ID: 0, GeenEmail: 0, NieuwsbriefgroepenCount: 0 },
        });
      }
      const incl = naiveTotal(order);
      const excl = Math.round(incl / 1.21);
      await call('AddMutatie', {
        SessionID,
        SecurityCode2: securityCode2,
        oMut: {
          MutatieNr: 0,
          Soort: 'FactuurVerstuurd',
          Datum: String(order.date ?? '2025-03-03').slice(0, 10),
          Rekening: '1300',
          RelatieCode: code,
          Factuurnummer: `NAI-${order.number}`,
          Omschrijving: `Order ${order.number}`,
          InExBTW: 'IN',
          MutatieRegels: {
            cMutatieRegel: [{ BedragInvoer: cents(incl), BedragExclBTW: cents(excl), BedragBTW: cents(incl - excl), BedragInclBTW: cents(incl), BTWCode: 'HOOG_VERK_21', BTWPercentage: '21', TegenrekeningCode: '8000', KostenplaatsID: 0 }],
          },
        },
      });
      await call('CloseSession', { SessionID });
      booked++;
    }
    if (orders.length < 100) break;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, booked, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

interface NaiveOrder {
  number?: string | number;
  date?: string;
  status?: number | string;
  debtor?: { email?: string; name?: string };
  order_lines?: { price?: { amount_including_tax?: string } | { amount_including_tax?: string }[] }[];
}

function naiveTotal(order: NaiveOrder): number {
  let total = 0;
  for (const line of order.order_lines ?? []) {
    const prices = Array.isArray(line.price) ? line.price : line.price ? [line.price] : [];
    for (const price of prices) total += Math.round(Number(price.amount_including_tax ?? 0) * 100);
  }
  return Math.abs(total);
}

const cents = (value: number) => (value / 100).toFixed(2);

// The parent: simulators, one child per measurement, the report.

function runWorker(kind: 'engine' | 'naive', input: WorkerInput): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, __filename, `--worker=${kind}`], { stdio: ['pipe', 'pipe', 'inherit'], env: process.env });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${kind} worker exited with ${code}: ${out.slice(-500)}`));
      resolve(JSON.parse(line) as WorkerResult);
    });
    child.stdin.end(JSON.stringify(input));
  });
}

async function measure(kind: 'engine' | 'naive', orders: number): Promise<Measured> {
  const shop: RunningMijnwebwinkelSimulator = await startMijnwebwinkelSimulator({
    port: 0,
    seed: generateOrders({ count: orders, randomSeed: 7, quirks: false, creditShare: 0 }) as unknown as Record<string, unknown>,
  });
  const sink: EboekhoudenSimulator = await startEboekhoudenSimulator({ port: 0, faults: { latencyMs: LATENCY_MS } });
  try {
    const maxOrders = kind === 'naive' ? Math.min(orders, NAIVE_MAX) : Number.MAX_SAFE_INTEGER;
    const result = await runWorker(kind, { shopUrl: shop.url, shopCredentials: shop.credentials, sinkEndpoint: sink.endpoint, sinkCredentials: sink.credentials, maxOrders });
    const calls = sink.calls();
    // Session and reference-data calls count too: everything the integration asked of e-Boekhouden.
    const sinkCalls = Object.values(calls).reduce((sum, n) => sum + n, 0);
    return {
      ...result,
      orders,
      ordersPerSecond: result.booked / result.seconds,
      sinkCalls,
      sinkCallsPerOrder: sinkCalls / result.booked,
      newRelationShare: (calls.AddRelatie ?? 0) / result.booked,
    };
  } finally {
    await Promise.all([shop.close(), sink.close()]);
  }
}

async function main(): Promise<void> {
  const rows: { orders: number; engine: Measured; naive: Measured }[] = [];
  for (const orders of SIZES) {
    const engine = await measure('engine', orders);
    const naive = await measure('naive', orders);
    rows.push({ orders, engine, naive });
  }
  const fmt = (n: number, digits = 0) => n.toFixed(digits);
  console.log(`Mijnwebwinkel simulator -> e-Boekhouden simulator on loopback; ${LATENCY_MS} ms added to every SOAP call; engine concurrency ${CONCURRENCY}; naive measured on at most ${NAIVE_MAX} orders`);
  console.log('orders   integration  booked   orders/s   sink calls/order   new relations   peak RSS');
  for (const row of rows) {
    for (const [name, m] of [['engine', row.engine], ['naive', row.naive]] as const) {
      console.log(
        `${String(row.orders).padStart(6)}   ${name.padEnd(11)}  ${String(m.booked).padStart(6)}   ${fmt(m.ordersPerSecond).padStart(8)}   ${fmt(m.sinkCallsPerOrder, 2).padStart(16)}   ${`${fmt(m.newRelationShare * 100, 1)}%`.padStart(13)}   ${`${fmt(m.peakRssMb)} MB`.padStart(8)}`,
      );
    }
    console.log(
      `        engine / naive: ${fmt(row.engine.ordersPerSecond / row.naive.ordersPerSecond, 1)}x throughput, ` +
        `${fmt(row.engine.sinkCallsPerOrder, 2)} vs ${fmt(row.naive.sinkCallsPerOrder, 2)} sink calls per order (aim: about 1 + ${fmt(row.engine.newRelationShare, 2)} new relations)`,
    );
  }
  if (rows.length > 1) {
    const first = rows[0].engine;
    const last = rows[rows.length - 1].engine;
    console.log(`engine peak RSS ${fmt(first.peakRssMb)} MB for ${first.orders} orders, ${fmt(last.peakRssMb)} MB for ${last.orders} orders (${fmt(last.peakRssMb / first.peakRssMb, 2)}x for ${fmt(last.orders / first.orders)}x the orders)`);
  }
  const out = process.env.BENCH_RESULTS_DIR;
  if (out) {
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(out, 'e2e.json'),
      JSON.stringify({ benchmark: 'e2e', node: process.version, concurrency: CONCURRENCY, latencyMs: LATENCY_MS, naiveMaxOrders: NAIVE_MAX, runs: rows.map((r) => ({ ...r, throughputRatio: r.engine.ordersPerSecond / r.naive.ordersPerSecond })) }, null, 2) + '\n',
    );
  }
}

async function worker(kind: string): Promise<void> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const input = JSON.parse(text) as WorkerInput;
  const result = kind === 'engine' ? await engineWorker(input) : await naiveWorker(input);
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

const workerKind = process.argv.find((arg) => arg.startsWith('--worker='))?.slice('--worker='.length);
(workerKind ? worker(workerKind) : main()).catch((error) => {
  console.error(error);
  process.exit(1);
});
