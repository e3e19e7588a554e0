/**
 * Measuring `koppelwerk serve` from the outside: start it as users do, log in once through the
 * real login form (its CSRF token from the page), then ask one page many times over loopback and
 * take the time at the client and the server's own `Server-Timing` (from the request's arrival to
 * the reply's headers). Peak RSS is the process's VmHWM, read before it is stopped.
 */
import { startCli, type CliProcess } from '../src/testing/cli-process';
import { DashboardClient } from '@koppelwerk/dashboard/testing';
import { BENCH_PASSWORD, BENCH_USER } from './dashboard-fixtures';
import { peakRssMbOf } from './process-figures';

export interface Percentiles {
  p50: number;
  p95: number;
}

export interface PageFigures {
  page: string;
  path: string;
  client: Percentiles;
  /** From the server's Server-Timing header; NaN when it sent none. */
  server: Percentiles;
  /** The page's size in kB (the last answer). */
  kb: number;
}

export interface RunningServe {
  process: CliProcess;
  port: number;
  /** Seconds from spawn to `listening` (the embedded directory reads every tenant first). */
  startSeconds: number;
  client: DashboardClient;
  stop(): Promise<{ peakRssMb: number; code: number | null }>;
}

/** Nearest-rank percentile of already sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function summary(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** `dur` of the `app` metric of a Server-Timing header, in ms. */
function serverMs(header: string | string[] | undefined): number {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const match = /(?:^|,)\s*app;dur=([\d.]+)/.exec(text);
  return match ? Number(match[1]) : Number.NaN;
}

/** Starts `koppelwerk serve <args> --port 0`, waits for `listening`, and logs in. */
export async function startServe(args: string[], compiled: boolean, env: NodeJS.ProcessEnv = {}): Promise<RunningServe> {
  const started = process.hrtime.bigint();
  const serve = startCli(['serve', ...args, '--port', '0'], { KOPPELWERK_FROM_SOURCE: compiled ? '0' : '1', ...env }, 60 * 60_000);
  const listening = /listening on http:\/\/127\.0\.0\.1:(\d+)/;
  await serve.waitFor(listening);
  const startSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const port = Number(listening.exec(serve.stdout())![1]);
  const client = new DashboardClient(port);
  const stop = async () => {
    const peakRssMb = peakRssMbOf(serve.child.pid!);
    serve.child.kill('SIGTERM');
    const result = await serve.done;
    return { peakRssMb, code: result.code };
  };
  try {
    const login = await client.login(BENCH_USER, BENCH_PASSWORD);
    if (login.statusCode !== 303 || login.headers.location !== '/') throw new Error(`logging in gave ${login.statusCode}: ${login.body.slice(0, 300)}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { process: serve, port, startSeconds, client, stop };
}

/**
 * Asks `path` `warmUp` times unmeasured, then `requests` times one after the other; every answer
 * must be a 200 whose body passes `check` (a page that says something else is no figure).
 */
export async function measurePage(client: DashboardClient, page: string, path: string, requests: number, warmUp: number, check: (body: string) => boolean): Promise<PageFigures> {
  const clientMs: number[] = [];
  const serverTimes: number[] = [];
  let kb = 0;
  for (let i = 0; i < warmUp + requests; i++) {
    const before = process.hrtime.bigint();
    const response = await client.get(path);
    const elapsed = Number(process.hrtime.bigint() - before) / 1e6;
    if (response.statusCode !== 200 || !check(response.body)) {
      throw new Error(`${page} (${path}) answered ${response.statusCode} with an unexpected page: ${response.body.slice(0, 300)}`);
    }
    if (i < warmUp) continue;
    clientMs.push(elapsed);
    serverTimes.push(serverMs(response.headers['server-timing']));
    kb = Buffer.byteLength(response.body) / 1024;
  }
  return { page, path, client: summary(clientMs), server: summary(serverTimes), kb };
}
