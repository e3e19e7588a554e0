/**
 * The e-Boekhouden simulator: real SOAP over HTTP on loopback. Serves our WSDL at
 * `/soap.asmx?wsdl` and the service at `/soap.asmx`, keeps administrations in memory (seeded from
 * JSON), and injects faults. A small JSON control API lives under `/_sim/`:
 *
 *   GET  /_sim/state                 what was booked, per administration; open sessions; calls
 *   POST /_sim/reset                 everything as at start: administrations back to the seed, logins
 *                                    and their codes as seeded, no sessions, calls and faults cleared
 *   POST /_sim/faults                the toolkit's fault settings (latencyMs, errorRate, failNext, dropNext, rateLimitNext, ...), {reset}
 *   POST /_sim/expire-sessions       every open session expires (next call: E0023)
 *   POST /_sim/revoke-credentials    {username?}: the login stops working
 *   POST /_sim/rotate-credentials    {username?}: a password change; answers the new codes
 *   POST /_sim/closed-until          {date}: bookings up to this date are refused (closed period)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as soap from 'soap';
import { SOAP_KEEP_AS_TEXT, type RunningSimulator, type SimulatorOptions } from '@koppelwerk/core';
import { FaultInjector, text, type FaultSettings } from '@koppelwerk/testing';
import { EBOEKHOUDEN_WSDL } from '../wsdl/eboekhouden-wsdl';
import { SOAP12_PORT, SOAP_PORT, SOAP_SERVICE } from '../wsdl/soap-contract';
import type { EboekhoudenCredentials } from './sim-accounts';
import { SimBackend, type EboekhoudenSimState } from './sim-backend';
import type { EboekhoudenSeed } from './sim-seed';
import { soapHandlers, type EboekhoudenSimCall } from './sim-soap-service';

export const SOAP_PATH = '/soap.asmx';
const DEFAULT_IDLE_MS = 20 * 60 * 1000;

export interface EboekhoudenSimulatorOptions extends SimulatorOptions {
  seed?: EboekhoudenSeed & Record<string, unknown>;
  /** Idle time after which a session expires (E0023). Default 20 minutes. */
  sessionIdleMs?: number;
  /** The clock sessions age by (milliseconds); tests pass one they advance. Default Date.now. */
  now?: () => number;
  /** Faults active from the start. */
  faults?: Partial<FaultSettings>;
  /** Bookings dated up to and including this day are refused (a period closed by the accountant). */
  closedUntil?: string;
  /** Seed for the random share of injected faults, so a run can be repeated. Default 1. */
  randomSeed?: number;
  /**
   * Called for every operation the service handled, after its effect is stored and before the
   * answer is sent (a test can kill its client there: the write landed, the client never heard).
   */
  onCall?: (call: EboekhoudenSimCall) => void;
  /** Called when a SOAP request arrives, before faults and latency (calls per second as the service sees them). */
  onRequest?: () => void;
}

export interface EboekhoudenSimulator extends RunningSimulator {
  credentials: EboekhoudenCredentials & Record<string, string>;
  /** The SOAP endpoint, `<url>/soap.asmx`. */
  endpoint: string;
  faults: FaultInjector;
  expireSessions(): void;
  revokeCredentials(username?: string): void;
  /** A password change: returns the new codes (the old ones stop working). */
  rotateCredentials(username?: string): EboekhoudenCredentials;
  closePeriodUntil(date: string | null): void;
  setSessionIdleMs(ms: number): void;
  state(): EboekhoudenSimState;
  /** Everything as at start (POST /_sim/reset): data and logins from the seed, no sessions, no calls, faults as given at start. */
  reset(): void;
  /** Calls per operation since start. */
  calls(): Record<string, number>;
  /** `Source` values clients opened sessions with. */
  sources(): string[];
}

export async function startEboekhoudenSimulator(options: EboekhoudenSimulatorOptions = {}): Promise<EboekhoudenSimulator> {
  const freshBackend = () => {
    const fresh = new SimBackend(structuredClone((options.seed ?? {}) as EboekhoudenSeed), options.sessionIdleMs ?? DEFAULT_IDLE_MS, options.now);
    if (options.closedUntil) fresh.main.closedUntil = options.closedUntil;
    return fresh;
  };
  let backend = freshBackend();
  // The shared fault layer; an injected failure looks like IIS answering 503.
  const faults = new FaultInjector({
    faults: { errorStatus: 503, ...options.faults },
    randomSeed: options.randomSeed,
    renderError: (status) => text('<html><body><h1>Service Unavailable</h1></body></html>', status, 'text/html'),
  });
  const server = http.createServer();
  const handlers = soapHandlers(() => backend, options.onCall);
  await new Promise<void>((resolve) => {
    soap.listen(server, {
      path: SOAP_PATH,
      services: { [SOAP_SERVICE]: { [SOAP_PORT]: handlers, [SOAP12_PORT]: handlers } },
      xml: EBOEKHOUDEN_WSDL,
      customDeserializer: SOAP_KEEP_AS_TEXT,
      suppressStack: true,
      callback: () => resolve(),
    } as unknown as soap.IServerOptions);
  });
  const soapListener = server.listeners('request')[0] as http.RequestListener;
  server.removeAllListeners('request');

  const simulator: Omit<EboekhoudenSimulator, 'url' | 'endpoint' | 'credentials' | 'close'> = {
    faults,
    expireSessions: () => backend.accounts.expireAll(),
    revokeCredentials: (username) => backend.accounts.revoke(username),
    rotateCredentials: (username) => backend.accounts.rotate(username),
    closePeriodUntil: (date) => {
      backend.main.closedUntil = date;
    },
    setSessionIdleMs: (ms) => {
      backend.accounts.idleMs = ms;
    },
    state: () => backend.state(),
    reset: () => {
      backend = freshBackend();
      faults.reset();
    },
    calls: () => ({ ...backend.calls }),
    sources: () => [...backend.sources],
  };

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path.startsWith('/_sim/')) {
      control(req, res, path).catch((error: Error) => json(res, 400, { error: error.message }));
      return;
    }
    if (path.replace(/\/$/, '').toLowerCase() !== SOAP_PATH) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (req.method !== 'POST') {
      soapListener.call(server, req, res);
      return;
    }
    options.onRequest?.();
    faults.apply(req, res).then(
      (handled) => {
        if (!handled) soapListener.call(server, req, res);
      },
      () => req.socket.destroy(),
    );
  });

  async function control(req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<void> {
    if (req.method === 'GET' && path === '/_sim/state') return json(res, 200, backend.state());
    if (req.method !== 'POST') return json(res, 404, { error: `unknown control ${req.method} ${path}` });
    if (path === '/_sim/reset') {
      simulator.reset();
      return json(res, 200, backend.state());
    }
    const body = await readJson(req);
    switch (path) {
      case '/_sim/faults': {
        const { reset, ...update } = body;
        if (reset) faults.reset();
        return json(res, 200, faults.set(update as Partial<FaultSettings>));
      }
      case '/_sim/expire-sessions':
        simulator.expireSessions();
        return json(res, 200, { expired: true });
      case '/_sim/revoke-credentials':
        simulator.revokeCredentials(body.username as string | undefined);
        return json(res, 200, { revoked: true });
      case '/_sim/rotate-credentials':
        return json(res, 200, simulator.rotateCredentials(body.username as string | undefined));
      case '/_sim/closed-until':
        simulator.closePeriodUntil((body.date as string | null) ?? null);
        return json(res, 200, { closedUntil: backend.main.closedUntil });
      default:
        return json(res, 404, { error: `unknown control ${path}` });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  return {
    ...simulator,
    url,
    endpoint: url + SOAP_PATH,
    get credentials() {
      return backend.credentials() as EboekhoudenCredentials & Record<string, string>;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body, null, 2));
}

function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8').trim();
      try {
        resolve(raw ? (JSON.parse(raw) as Record<string, unknown>) : {});
      } catch {
        reject(new Error('the body must be JSON'));
      }
    });
    req.on('error', reject);
  });
}
