/**
 * The HTTP server every REST simulator is built on: loopback only, a tiny router, per-route call
 * counters, fault injection in front of every route, and a control API under `/_sim/`:
 *   GET    /_sim/state   faults, injected-fault counts, call counts and the simulator's own state
 *   POST   /_sim/faults  merge fault settings (JSON body, see FaultSettings)
 *   DELETE /_sim/faults  no faults
 *   POST   /_sim/reset   faults as at start, counters cleared, data back to the seed
 * plus the simulator's own controls (`controls`, e.g. `POST /_sim/manual/edit-document`): a JSON
 * body in, its handler's result as JSON out; 400 when the body is not JSON, a SimHttpError the
 * handler throws as `{error}` with its status. Control requests are never faulted or counted.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@koppelwerk/core';
import { CallCounter } from './call-counter';
import { FaultInjector, NO_FAULTS, parseFaultUpdate, type FaultSettings } from './fault-injector';
import { Router } from './router';
import { SimHttpError } from './sim-http-error';
import { json, readBody, writeResponse, type SimResponse } from './sim-response';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Path parameters of the matched route (`:number`). */
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Raw body text. */
  body: string;
  /** The body parsed as JSON; a 400 when it is not JSON. */
  json<T = unknown>(): T;
  /** True while the revoked-credentials fault is on: auth checks must refuse. */
  credentialsRevoked: boolean;
}

export type RouteHandler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

/** A simulator's own control request (SimulatorServerOptions.controls). */
export type ControlHandler = (body: unknown) => unknown;

export interface SimulatorServerOptions {
  /** Shown in `/_sim/state` and logs. */
  name?: string;
  faults?: Partial<FaultSettings>;
  randomSeed?: number;
  /** Renders errors (404, 405, 400, injected 5xx/429, handler failures) in the API's wire format. */
  renderError?: (status: number, message: string) => SimResponse;
  /** See FaultInjectorOptions.refuseRevoked. */
  refuseRevoked?: (req: IncomingMessage) => SimResponse;
  /** Restores the simulator's data (POST /_sim/reset). */
  onReset?: () => void;
  /** The simulator's own state for GET /_sim/state (record counts, clock). */
  describeState?: () => Record<string, unknown>;
  /**
   * The simulator's own control requests under `/_sim/`, keyed `'<METHOD> <path after /_sim>'`
   * (`'POST /manual/edit-document'`): the handler gets the parsed JSON body (undefined when the
   * body is empty) and its result is answered as JSON; a SimHttpError it throws becomes
   * `{error: message}` with its status (not the API's error format: these are the simulator's).
   */
  controls?: Record<string, ControlHandler>;
  /** Handles requests no route matches (e.g. an existing SOAP handler); faults and counting still apply. */
  fallback?: RequestListener;
  logger?: Logger;
}

export interface ListenOptions {
  port?: number;
  host?: string;
}

export const CONTROL_PREFIX = '/_sim';

export class SimulatorServer {
  readonly faults: FaultInjector;
  readonly calls = new CallCounter();
  private readonly router = new Router<RouteHandler>();
  private server: Server | null = null;
  private baseUrl: string | null = null;

  constructor(private readonly options: SimulatorServerOptions = {}) {
    this.faults = new FaultInjector({
      faults: options.faults,
      randomSeed: options.randomSeed,
      renderError: (status, message) => this.renderError(status, message),
      refuseRevoked: options.refuseRevoked,
    });
  }

  route(method: string, pattern: string, handler: RouteHandler): this {
    this.router.add(method, pattern, handler);
    return this;
  }

  get url(): string {
    if (!this.baseUrl) throw new Error('simulator is not listening');
    return this.baseUrl;
  }

  /** Listens on loopback (port 0 = any free port); resolves with the base URL. */
  async listen(options: ListenOptions = {}): Promise<string> {
    const host = options.host ?? '127.0.0.1';
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.baseUrl = `http://${shownHost}:${address.port}`;
    this.options.logger?.debug('simulator listening', { simulator: this.options.name, url: this.baseUrl });
    return this.baseUrl;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Faults as at start, counters cleared, data restored. */
  reset(): void {
    this.faults.reset();
    this.calls.reset();
    this.options.onReset?.();
  }

  state(): Record<string, unknown> {
    return {
      name: this.options.name ?? 'simulator',
      faults: this.faults.get(),
      injected: this.faults.injected(),
      calls: this.calls.snapshot(),
      routes: this.router.keys(),
      ...(this.options.controls ? { controls: Object.keys(this.options.controls).map((key) => key.replace(' ', ` ${CONTROL_PREFIX}`)) } : {}),
      ...(this.options.describeState ? { state: this.options.describeState() } : {}),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://simulator');
      const method = (req.method ?? 'GET').toUpperCase();
      if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(CONTROL_PREFIX + '/')) {
        writeResponse(res, await this.control(method, url.pathname, req));
        return;
      }
      const match = this.router.match(method, url.pathname);
      const handlerFound = match !== null && 'handler' in match;
      if (handlerFound) this.calls.record(match.key);
      else if (this.options.fallback) this.calls.record(`${method} ${url.pathname}`);
      else this.calls.record(`${method} (unmatched)`);
      if (await this.faults.apply(req, res)) return;
      if (!handlerFound && this.options.fallback) {
        this.options.fallback(req, res);
        return;
      }
      if (match === null) throw new SimHttpError(404, `no such resource: ${method} ${url.pathname}`);
      if (!handlerFound) throw new SimHttpError(405, `method not allowed; allowed: ${match.allowed.join(', ')}`, { allow: match.allowed.join(', ') });
      const body = await readBody(req);
      const request: SimRequest = {
        method,
        path: url.pathname,
        query: url.searchParams,
        params: match.params,
        headers: req.headers,
        body,
        json<T>(): T {
          try {
            return JSON.parse(body) as T;
          } catch {
            throw new SimHttpError(400, 'request body is not valid JSON');
          }
        },
        credentialsRevoked: this.faults.credentialsRevoked,
      };
      writeResponse(res, await match.handler(request));
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof SimHttpError) {
        const response = this.renderError(error.status, error.message);
        writeResponse(res, { ...response, headers: { ...response.headers, ...error.headers } });
        return;
      }
      this.options.logger?.error('simulator handler failed', { simulator: this.options.name, error });
      writeResponse(res, this.renderError(500, 'internal simulator error'));
    }
  }

  private async control(method: string, path: string, req: IncomingMessage): Promise<SimResponse> {
    const action = path.slice(CONTROL_PREFIX.length);
    if (method === 'GET' && action === '/state') return json(this.state());
    if (method === 'GET' && action === '/calls') return json(this.calls.snapshot());
    if (method === 'POST' && action === '/faults') {
      const text = await readBody(req);
      try {
        return json(this.faults.set(parseFaultUpdate(text.trim() ? JSON.parse(text) : {})));
      } catch (error) {
        return json({ error: `invalid fault settings: ${(error as Error).message}` }, 400);
      }
    }
    if (method === 'DELETE' && action === '/faults') return json(this.faults.set({ ...NO_FAULTS }));
    if (method === 'POST' && action === '/reset') {
      this.reset();
      return json(this.state());
    }
    const handler = this.options.controls?.[`${method} ${action}`];
    if (handler) return this.ownControl(handler, await readBody(req));
    return json({ error: `unknown control request ${method} ${path}` }, 404);
  }

  private ownControl(handler: ControlHandler, text: string): SimResponse {
    let body: unknown;
    try {
      body = text.trim() ? JSON.parse(text) : undefined;
    } catch (error) {
      return json({ error: `the body must be JSON (${(error as Error).message})` }, 400);
    }
    try {
      return json(handler(body));
    } catch (error) {
      if (error instanceof SimHttpError) return json({ error: error.message }, error.status);
      throw error;
    }
  }

  private renderError(status: number, message: string): SimResponse {
    return this.options.renderError?.(status, message) ?? json({ error: message }, status);
  }
}
