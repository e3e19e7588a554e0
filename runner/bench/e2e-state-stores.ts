/**
 * The e2e bench's state-store comparison: the same tenant file and the same orders through the
 * engine once on the embedded SQLite store and once on the service's PostgreSQL store, each in a
 * fresh process on the compiled runner (store-run.js) that opens the tenant exactly as the CLI
 * does (for PostgreSQL with the store the worker opens) and runs one sync. Only the store differs,
 * so the ratio of their orders per second is what the store costs.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { BenchPostgres } from './bench-postgres';

const STORE_RUN = join(__dirname, 'store-run.js');

export type StateStoreKind = 'sqlite' | 'postgres';

export interface StoreRun {
  store: StateStoreKind;
  booked: number;
  /** The engine's run (start-up and opening the tenant excluded). */
  seconds: number;
  ordersPerSecond: number;
  peakRssMb: number;
}

/** store-run.js in a plain Node process (no TypeScript loader): input on stdin, the last stdout line as JSON. */
function runStoreProcess(input: { tenantFile: string; store: StateStoreKind; databaseUrl?: string; concurrency: number }): Promise<Omit<StoreRun, 'store' | 'ordersPerSecond'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [STORE_RUN], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`store-run.js (${input.store}) exited with ${code}: ${out.slice(-500)}`));
      resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as Omit<StoreRun, 'store' | 'ordersPerSecond'>);
    });
    child.stdin.end(JSON.stringify(input));
  });
}

/** One run on `store` (PostgreSQL: in a fresh database). */
export async function measureStoreRun(store: StateStoreKind, tenantFile: string, concurrency: number, postgres: BenchPostgres): Promise<StoreRun> {
  const database = store === 'postgres' ? await postgres.database() : undefined;
  try {
    const result = await runStoreProcess({ tenantFile, store, databaseUrl: database?.url, concurrency });
    return { store, ...result, ordersPerSecond: result.booked / result.seconds };
  } finally {
    await database?.drop();
  }
}

export interface StoreComparison {
  sqlite: StoreRun;
  postgres: StoreRun;
  /** PostgreSQL's orders per second as a share of SQLite's (medians). */
  ratio: number;
  rounds: { sqlite: number[]; postgres: number[] };
}

/** The round with the median throughput. */
function median(runs: StoreRun[]): StoreRun {
  return [...runs].sort((a, b) => a.ordersPerSecond - b.ordersPerSecond)[Math.floor((runs.length - 1) / 2)];
}

/**
 * SQLite and PostgreSQL alternate for `rounds` rounds; `withTenant` gives each run fresh simulators
 * with the same orders and a tenant file for them.
 */
export async function compareStores(
  rounds: number,
  concurrency: number,
  postgres: BenchPostgres,
  withTenant: (body: (tenantFile: string) => Promise<StoreRun>) => Promise<StoreRun>,
): Promise<StoreComparison> {
  const runs: Record<StateStoreKind, StoreRun[]> = { sqlite: [], postgres: [] };
  for (let round = 0; round < rounds; round++) {
    for (const store of ['sqlite', 'postgres'] as const) {
      runs[store].push(await withTenant((tenantFile) => measureStoreRun(store, tenantFile, concurrency, postgres)));
    }
  }
  const sqlite = median(runs.sqlite);
  const pg = median(runs.postgres);
  const throughputs = (list: StoreRun[]) => list.map((run) => run.ordersPerSecond);
  return { sqlite, postgres: pg, ratio: pg.ordersPerSecond / sqlite.ordersPerSecond, rounds: { sqlite: throughputs(runs.sqlite), postgres: throughputs(runs.postgres) } };
}

/** The comparison as the bench prints it. */
export function storeLines(c: StoreComparison, goal: number): string[] {
  const figures = (run: StoreRun) => `${run.ordersPerSecond.toFixed(0)} orders/s (${run.booked} booked, ${run.peakRssMb.toFixed(0)} MB peak RSS)`;
  return [
    `        state store (the engine in one process per run, same orders): SQLite ${figures(c.sqlite)}, PostgreSQL ${figures(c.postgres)}`,
    `        PostgreSQL: ${(c.ratio * 100).toFixed(0)}% of SQLite's orders/s (goal >= ${(goal * 100).toFixed(0)}%: ${c.ratio >= goal ? 'met' : 'NOT met'}); ` +
      `rounds SQLite ${c.rounds.sqlite.map((n) => n.toFixed(0)).join(', ')}, PostgreSQL ${c.rounds.postgres.map((n) => n.toFixed(0)).join(', ')}`,
  ];
}
