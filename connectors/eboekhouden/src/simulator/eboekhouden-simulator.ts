/**
 * The e-Boekhouden simulator: real SOAP over HTTP on loopback. Serves our WSDL at
 * `/soap.asmx?wsdl` and the service at `/soap.asmx`, and the REST API under `/v1/` (see
 * rest-simulator.ts) on the same administrations, keeps them in memory (seeded from JSON), and
 * injects faults. A small JSON control API lives under `/_sim/`:
 *
 *   GET  /_sim/state                 what was booked, per administration; open sessions; calls
 *   POST /_sim/reset                 everything as at start: administrations back to the seed, logins
 *                                    and their codes as seeded, no sessions, calls and faults cleared
 *   POST /_sim/faults                the toolkit's fault settings (latencyMs, errorRate, failNext, dropNext, rateLimitNext, ...), {reset}
 *   POST /_sim/expire-sessions       every open session expires (next call: E0023; REST: 401)
 *   POST /_sim/revoke-credentials    {username?}: the login stops working
 *   POST /_sim/rotate-credentials    {username?}: a password change; answers the new codes
 *   POST /_sim/closed-until          {date}: bookings up to this date are refused (closed period)
 *   POST /_sim/rest-faults           {htmlNext?, truncateNext?}: REST answers that are not JSON (rest-faults.ts)
 *   POST /_sim/accountant-closed-until {date}: REST bookings up to this date get SECURITY_007
 *   POST /_sim/revoke-access-token   {accessToken?}: the API token stops working
 *   POST /_sim/rotate-access-token   {accessToken?}: a new token replaces it; answers {accessToken}
 *   POST /_sim/manual/delete         {invoiceNumber}: a person deletes the booking(s) with that number
 *   POST /_sim/manual/edit           {invoiceNumber, amountDelta?, vatCode?, ledger?, date?}: a person edits the first one
 *   POST /_sim/manual/add            {invoiceNumber, date, amount, vatCode, ledger, relationCode?}: a person books a sales invoice
 *                                    (the manual endpoints work on the main administration, for both APIs; see sim-manual.ts)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as soap from 'soap';
import { SOAP_KEEP_AS_TEXT, type RunningSimulator, type SimulatorOptions } from '@koppelwerk/core';
import { FaultInjector, text, type FaultSettings } from '@koppelwerk/testing';
import { SOAP_PATH } from '../eboekhouden-config';
import { EBOEKHOUDEN_WSDL } from '../soap/wsdl/eboekhouden-wsdl';
import { SOAP12_PORT, SOAP_PORT, SOAP_SERVICE } from '../soap/wsdl/soap-contract';
import { injectedRestError } from './rest-errors';
import { isRestRequest, RestFaults, type RestFaultSettings } from './rest-faults';
import { restRequestListener } from './rest-simulator';
import type { EboekhoudenCredentials } from './sim-accounts';
import { SimBackend, type EboekhoudenSimState } from './sim-backend';
import type { EboekhoudenSeed } from './sim-seed';
import { ManualError, manualAdd, manualDelete, manualEdit } from './sim-manual';
import { soapHandlers, type EboekhoudenSimCall } from './sim-soap-service';

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
  /** Called when a SOAP or REST request arrives, before faults and latency (calls per second as the service sees them). */
  onRequest?: () => void;
  /** Which API `credentials` and `endpoint` describe (both are always served). Default soap. */
  api?: 'soap' | 'rest';
  /** Lifetime of a REST session token (`expiresIn`). Default 3600 seconds. */
  restSessionSeconds?: number;
}

export interface EboekhoudenSimulator extends RunningSimulator {
  /** The demo login of the chosen API: SOAP `{username, securityCode1, securityCode2}`, REST `{accessToken}`. */
  credentials: EboekhoudenCredentials & Record<string, string>;
  /** The chosen API's endpoint: SOAP `<url>/soap.asmx`; REST the base url (paths start with /v1/). */
  endpoint: string;
  api: 'soap' | 'rest';
  /** The demo REST API token (whatever `api` is). */
  accessToken: string;
  /** REST-only faults: an HTML page with 200, a cut-off body. */
  restFaults: RestFaults;
  /** The REST API token stops working; its sessions end. Default: the demo token. */
  revokeAccessToken(accessToken?: string): void;
  /** A new REST API token replaces the old one; returns it. */
  rotateAccessToken(accessToken?: string): string;
  /** REST bookings dated up to this day are refused with SECURITY_007 (closed by the accountant). */
  closeAccountantPeriodUntil(date: string | null): void;
  setRestSessionSeconds(seconds: number): void;
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
    const fresh = new SimBackend(structuredClone((options.seed ?? {}) as EboekhoudenSeed), options.sessionIdleMs ?? DEFAULT_IDLE_MS, options.now, options.restSessionSeconds);
    if (options.closedUntil) fresh.main.closedUntil = options.closedUntil;
    return fresh;
  };
  let backend = freshBackend();
  // The shared fault layer; an injected failure looks like IIS answering 503 (REST: the JSON error body).
  const faults = new FaultInjector({
    faults: { errorStatus: 503, ...options.faults },
    randomSeed: options.randomSeed,
    renderError: (status) => (isRestRequest() ? injectedRestError(status) : text('<html><body><h1>Service Unavailable</h1></body></html>', status, 'text/html')),
  });
  const restFaults = new RestFaults();
  const restListener = restRequestListener({ backend: () => backend, faults, restFaults, now: options.now ?? Date.now, onCall: options.onCall, onRequest: options.onRequest });
  const api = options.api ?? 'soap';
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

  const simulator: Omit<EboekhoudenSimulator, 'url' | 'endpoint' | 'credentials' | 'accessToken' | 'close'> = {
    faults,
    api,
    restFaults,
    expireSessions: () => {
      backend.accounts.expireAll();
      backend.rest.expireAll();
    },
    // Without a username both demo logins stop working: the SOAP user and the REST token.
    revokeCredentials: (username) => {
      backend.accounts.revoke(username);
      if (!username) backend.rest.revoke();
    },
    revokeAccessToken: (accessToken) => backend.rest.revoke(accessToken),
    rotateAccessToken: (accessToken) => backend.rest.rotate(accessToken),
    closeAccountantPeriodUntil: (date) => {
      backend.rest.extrasOf(backend.main).accountantClosedUntil = date;
    },
    setRestSessionSeconds: (seconds) => {
      backend.rest.sessionSeconds = seconds;
    },
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
      restFaults.reset();
    },
    calls: () => ({ ...backend.calls }),
    sources: () => [...new Set([...backend.sources, ...backend.rest.sources])],
  };

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path.startsWith('/_sim/')) {
      control(req, res, path).catch((error: Error) => json(res, error instanceof ManualError ? error.status : 400, { error: error.message }));
      return;
    }
    if (path === '/v1' || path.startsWith('/v1/')) {
      restListener(req, res);
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
      case '/_sim/rest-faults':
        return json(res, 200, restFaults.set(body as Partial<RestFaultSettings>));
      case '/_sim/accountant-closed-until':
        simulator.closeAccountantPeriodUntil((body.date as string | null) ?? null);
        return json(res, 200, { accountantClosedUntil: backend.rest.extrasOf(backend.main).accountantClosedUntil });
      case '/_sim/revoke-access-token':
        simulator.revokeAccessToken(body.accessToken as string | undefined);
        return json(res, 200, { revoked: true });
      case '/_sim/rotate-access-token':
        return json(res, 200, { accessToken: simulator.rotateAccessToken(body.accessToken as string | undefined) });
      case '/_sim/manual/delete':
        return json(res, 200, manualDelete(backend.main, backend.rest.extrasOf(backend.main), body));
      case '/_sim/manual/edit':
        return json(res, 200, manualEdit(backend.main, body));
      case '/_sim/manual/add':
        return json(res, 200, manualAdd(backend.main, body));
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
    endpoint: api === 'rest' ? url : url + SOAP_PATH,
    get credentials() {
      return (api === 'rest' ? backend.rest.credentials() : backend.credentials()) as EboekhoudenCredentials & Record<string, string>;
    },
    get accessToken() {
      return backend.rest.credentials().accessToken;
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
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        return reject(new Error('the body must be JSON'));
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return reject(new Error('the body must be a JSON object'));
      resolve(body as Record<string, unknown>);
    });
    req.on('error', reject);
  });
}
