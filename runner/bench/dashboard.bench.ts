/**
 * `npm run bench -- dashboard`: the dashboard's server time and memory with many tenants and a big
 * error queue (issue 17's figures). For each store it fills the state through the store itself
 * (dashboard-fixtures.ts), starts `koppelwerk serve` as a process, logs in once through the login
 * form and asks each page many times over loopback (dashboard-load.ts):
 *
 *   - the overview of every tenant;
 *   - one tenant's errors tab: the first page, the last page, a class filter and a text search;
 *
 * printing p50/p95 at the client and by the server's own Server-Timing, next to the goal (p95
 * under 100 ms), and the serve process's peak RSS. SQLite is the embedded directory (a folder of
 * tenant files, one state file each); PostgreSQL the service directory (`serve --database`), when
 * a server is named (KOPPELWERK_DATABASE_URL, KOPPELWERK_TEST_DATABASE_URL) or
 * tools/scripts/postgres.sh can start one. Writes bench-results/dashboard.json. Not a test.
 *
 *   BENCH_DASHBOARD_TENANTS=1000     tenants (default 1000)
 *   BENCH_DASHBOARD_ERRORS=100000    open entries in the one tenant's error queue (default 100000)
 *   BENCH_DASHBOARD_REQUESTS=200     measured requests per page (default 200), after BENCH_DASHBOARD_WARMUP (default 20)
 *   BENCH_DASHBOARD_STORES=sqlite,postgres
 *   BENCH_DASHBOARD_COMPILED=1       serve from runner/dist (`npm run build` first); default the sources
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeError } from '@koppelwerk/core';
import { startBenchPostgres, type BenchPostgres } from './bench-postgres';
import { fixed, requireCompiledCli, writeResults } from './bench-support';
import { ERRORS_TENANT, tenantName, writeEmbeddedTenants, writeServiceTenants, writeUsersFile } from './dashboard-fixtures';
import { measurePage, startServe, type PageFigures } from './dashboard-load';

const TENANTS = Number(process.env.BENCH_DASHBOARD_TENANTS ?? 1000);
const ERRORS = Number(process.env.BENCH_DASHBOARD_ERRORS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_DASHBOARD_REQUESTS ?? 200);
const WARM_UP = Number(process.env.BENCH_DASHBOARD_WARMUP ?? 20);
const STORES = (process.env.BENCH_DASHBOARD_STORES ?? 'sqlite,postgres').split(',').map((s) => s.trim());
const COMPILED = process.env.BENCH_DASHBOARD_COMPILED === '1';
const GOAL_P95_MS = 100;
const PAGE_SIZE = 50;
/** An order number, as people search for one: it matches a few entries, and every entry has to be looked at. */
const SEARCH_ORDER = String(100_000 + Math.floor(ERRORS / 2));

interface StoreFigures {
  store: 'sqlite' | 'postgres';
  setupSeconds: number;
  startSeconds: number;
  peakRssMb: number;
  pages: PageFigures[];
}

/** The pages measured, each with what its answer must show. */
function pages(): Array<{ page: string; path: string; check: (body: string) => boolean }> {
  const errors = `/tenants/${ERRORS_TENANT}/errors`;
  const lastPage = Math.max(1, Math.ceil(ERRORS / PAGE_SIZE));
  const lastKey = `sales-order:${100_000 + ERRORS - 1}`;
  return [
    { page: `overview (${TENANTS} tenants)`, path: '/', check: (body) => body.includes(tenantName(TENANTS - 1)) },
    { page: 'errors: first page', path: errors, check: (body) => body.includes('sales-order:100000') },
    { page: `errors: last page (${lastPage})`, path: `${errors}?page=${lastPage}`, check: (body) => ERRORS === 0 || body.includes(lastKey) },
    { page: 'errors: class authentication', path: `${errors}?class=authentication`, check: (body) => ERRORS < 3 || body.includes('sales-order:100002') },
    { page: `errors: text "${SEARCH_ORDER}"`, path: `${errors}?q=${SEARCH_ORDER}`, check: (body) => ERRORS === 0 || body.includes(`sales-order:${SEARCH_ORDER}`) },
  ];
}

async function measureServe(store: StoreFigures['store'], setupSeconds: number, args: string[]): Promise<StoreFigures> {
  const serve = await startServe(args, COMPILED);
  const measured: PageFigures[] = [];
  try {
    for (const { page, path, check } of pages()) measured.push(await measurePage(serve.client, page, path, REQUESTS, WARM_UP, check));
  } catch (error) {
    await serve.stop();
    throw error;
  }
  const { peakRssMb } = await serve.stop();
  return { store, setupSeconds, startSeconds: serve.startSeconds, peakRssMb, pages: measured };
}

async function embedded(): Promise<StoreFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'koppelwerk-bench-dashboard-'));
  try {
    const started = Date.now();
    await writeEmbeddedTenants(dir, TENANTS, ERRORS);
    return await measureServe('sqlite', (Date.now() - started) / 1000, [dir]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function service(postgres: BenchPostgres): Promise<StoreFigures> {
  const database = await postgres.database();
  const dir = mkdtempSync(join(tmpdir(), 'koppelwerk-bench-dashboard-users-'));
  try {
    const started = Date.now();
    await writeServiceTenants(database, TENANTS, ERRORS);
    const users = join(dir, 'dashboard.yaml');
    await writeUsersFile(users);
    return await measureServe('postgres', (Date.now() - started) / 1000, ['--database', database.url, '--users', users]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  }
}

function print(figures: StoreFigures): void {
  const ms = (n: number) => (Number.isNaN(n) ? '-' : fixed(n, 1));
  console.log(`\n${figures.store}: setup ${fixed(figures.setupSeconds, 1)} s, serve listening after ${fixed(figures.startSeconds, 1)} s, peak RSS ${fixed(figures.peakRssMb)} MB`);
  console.log('  page                              client p50 / p95 (ms)   server p50 / p95 (ms)      size   goal p95 < 100 ms');
  for (const p of figures.pages) {
    const verdict = p.client.p95 < GOAL_P95_MS ? 'met' : 'MISSED';
    console.log(
      `  ${p.page.padEnd(32)}  ${`${ms(p.client.p50)} / ${ms(p.client.p95)}`.padStart(21)}   ${`${ms(p.server.p50)} / ${ms(p.server.p95)}`.padStart(21)}   ${fixed(p.kb).padStart(5)} kB   ${verdict}`,
    );
  }
}

async function main(): Promise<void> {
  if (COMPILED) requireCompiledCli();
  console.log(
    `dashboard: ${TENANTS} tenants, ${ERRORS} open errors in ${ERRORS_TENANT}, ${REQUESTS} requests per page after ${WARM_UP} warm-up, one at a time over loopback; ` +
      `serve from ${COMPILED ? 'runner/dist' : 'the TypeScript sources'}; goal: p95 under ${GOAL_P95_MS} ms`,
  );
  const results: StoreFigures[] = [];
  const skipped: Record<string, string> = {};
  if (STORES.includes('sqlite')) {
    results.push(await embedded());
    print(results.at(-1)!);
  }
  if (STORES.includes('postgres')) {
    let postgres: BenchPostgres | undefined;
    try {
      postgres = startBenchPostgres();
    } catch (error) {
      skipped.postgres = `no PostgreSQL: ${describeError(error)}`;
      console.log(`\npostgres: skipped (${skipped.postgres}); set KOPPELWERK_TEST_DATABASE_URL or install PostgreSQL for tools/scripts/postgres.sh`);
    }
    if (postgres) {
      try {
        results.push(await service(postgres));
        print(results.at(-1)!);
      } finally {
        postgres.stop();
      }
    }
  }
  writeResults('dashboard', { tenants: TENANTS, errors: ERRORS, requests: REQUESTS, warmUp: WARM_UP, compiled: COMPILED, goalP95Ms: GOAL_P95_MS, results, skipped });
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
