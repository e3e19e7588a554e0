/**
 * Helpers of the bad-input, bad-config, isolation and secrets suites: the size knob, seeds, tenant
 * files, the error queue as the CLI shows it, and a loopback proxy that watches (or cuts) what
 * travels between koppelwerk and a simulator.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { cli } from '../testing/cli-process';
import { SOAK, sized, suiteSeed } from './reliability-support';

export { SOAK, sized } from './reliability-support';

/**
 * The seed of a fuzzing suite: `RELIABILITY_SEED` repeats a run; otherwise a fixed seed in CI (the
 * same records every time) and a fresh one per soak (new records every time).
 */
export function fuzzSeed(ciSeed: number): number {
  if (process.env.RELIABILITY_SEED !== undefined) return Number(process.env.RELIABILITY_SEED);
  return SOAK ? suiteSeed() : ciSeed;
}

export interface TenantFile {
  tenant: string;
  source: { connector: string; endpoint?: string; settings: Record<string, unknown> };
  sink: { connector: string; endpoint?: string; settings: Record<string, unknown> };
  mapping?: unknown;
  [key: string]: unknown;
}

export function writeTenantFile(dir: string, tenant: TenantFile, name = `${tenant.tenant}.yaml`): string {
  const file = join(dir, name);
  writeFileSync(file, stringify(tenant));
  return file;
}

export interface QueueEntry {
  id: number;
  documentKey: string;
  errorClass: string;
  code?: string;
  message: string;
  field?: string;
}

/** The open error queue, as `koppelwerk errors --json` shows it. */
export async function errorQueue(file: string, env: NodeJS.ProcessEnv = {}): Promise<QueueEntry[]> {
  const result = await cli(['errors', file, '--json'], env, sized(90_000, 1_200_000));
  if (result.code !== 0) throw new Error(`koppelwerk errors exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout).errors as QueueEntry[];
}

export interface Exchange {
  method: string;
  path: string;
  requestBody: string;
  status: number;
  responseBody: string;
}

/**
 * What the proxy does with one answer: pass it on, `cut` it (the headers promise the whole body,
 * half arrives, the connection drops) or `short` it (a complete answer whose body is cut off: the
 * length header says so).
 */
export type Tamper = 'pass' | 'cut' | 'short';

export interface TapOptions {
  /** Called with every request before it is forwarded; decides what happens to its answer. */
  tamper?: (method: string, path: string) => Tamper;
  /** Called with every finished exchange. */
  onExchange?: (exchange: Exchange) => void;
  /** Added before every request is forwarded (a slow line to one tenant only). */
  delayMs?: number;
  /** Answers a request itself instead of forwarding it (an upstream error page), when it returns an answer. */
  respond?: (method: string, url: string, body: string) => { status: number; contentType: string; body: string } | undefined;
}

export interface Tap {
  /** The proxy's base URL; `<url><path>` reaches `<target><path>`. */
  url: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

/** A loopback HTTP proxy in front of a simulator: records every exchange, and cuts answers on request. */
export async function startTap(target: string, options: TapOptions = {}): Promise<Tap> {
  const base = new URL(target);
  const exchanges: Exchange[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      const requestBody = Buffer.concat(chunks);
      const path = req.url ?? '/';
      const own = options.respond?.(req.method ?? 'GET', path, requestBody.toString('utf8'));
      if (own) {
        res.writeHead(own.status, { 'content-type': own.contentType, 'content-length': String(Buffer.byteLength(own.body)) });
        res.end(own.body);
        return;
      }
      const tamper = options.tamper?.(req.method ?? 'GET', path.split('?')[0]) ?? 'pass';
      const headers: IncomingHttpHeaders = { ...req.headers, host: base.host };
      const upstream = request({ host: base.hostname, port: base.port, method: req.method, path, headers }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(parts);
          const exchange = { method: req.method ?? 'GET', path, requestBody: requestBody.toString('utf8'), status: answer.statusCode ?? 0, responseBody: body.toString('utf8') };
          exchanges.push(exchange);
          options.onExchange?.(exchange);
          const outHeaders = { ...answer.headers };
          delete outHeaders['transfer-encoding'];
          if (tamper === 'pass') {
            res.writeHead(answer.statusCode ?? 502, { ...outHeaders, 'content-length': String(body.length) });
            res.end(body);
          } else if (tamper === 'short') {
            const half = body.subarray(0, Math.floor(body.length / 2));
            res.writeHead(answer.statusCode ?? 502, { ...outHeaders, 'content-length': String(half.length) });
            res.end(half);
          } else {
            res.writeHead(answer.statusCode ?? 502, { ...outHeaders, 'content-length': String(body.length) });
            res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
          }
        });
      });
      upstream.on('error', () => res.destroy());
      upstream.end(requestBody);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Fails with what the process printed when its exit code is not one of `codes`. */
export function expectExit(result: { code: number | null; stdout: string; stderr: string }, codes: number[], context = ''): void {
  if (result.code !== null && codes.includes(result.code)) return;
  throw new Error(`koppelwerk exited ${result.code}, expected ${codes.join(' or ')} ${context}\n--- stderr\n${result.stderr.slice(0, 3000)}\n--- stdout\n${result.stdout.slice(0, 3000)}`);
}

