/**
 * The e-Boekhouden REST client: one session per run (POST /v1/session with the API token and a
 * source name; the session token travels bare in the Authorization header), renewed shortly before
 * `expiresIn` ends and once when a call answers 401, revoked with DELETE /v1/session at the end
 * (the shared session helper, ../eboekhouden-session.ts, keeps it; this client opens and revokes it).
 * Reads are retried on transient trouble; writes never are here (the engine first asks whether a
 * failed write arrived). Lists are read in pages of `{items, count}` until a page is short. The
 * API token and every session token are secrets: added to the redactor, never logged.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { inject, injectable } from 'inversify';
import { TransientError, sharedRateLimiter, withRetry, type CallRateLimiter, type ModuleContext } from '@koppelwerk/core';
import { DEFAULT_REST_ENDPOINT, SESSION_SOURCE, type RestSettings } from '../eboekhouden-config';
import { EboekhoudenSession } from '../eboekhouden-session';
import { EboekhoudenModuleContext, EboekhoudenSettings } from '../eboekhouden-tokens';
import { notJsonError, restError, restNetworkError, type RestAnswer, type RestCall } from './rest-errors';
import { worded } from '../eboekhouden-messages';

const DEFAULT_TIMEOUT_MS = 30_000;
/** Without an `expiresIn`, a session is assumed to last this long. */
const FALLBACK_SESSION_SECONDS = 3600;
/** Renew this long before a session ends (at most a fifth of its lifetime). */
const RENEW_MARGIN_MS = 30_000;
/** The largest page the API serves (PAGE_001 above it). */
export const REST_PAGE_SIZE = 2000;

export type QueryValue = string | number | boolean | undefined;

export interface RestRequest {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** The document the call is about, for messages: `invoice 2024-0001`. */
  document?: string;
}

interface Session {
  token: string;
  /** When to renew (clock milliseconds). */
  renewAt: number;
}

@injectable()
export class RestClient {
  readonly baseUrl: string;
  /** The clock sessions age by; tests replace it. */
  now: () => number = Date.now;
  private readonly http: AxiosInstance;
  private readonly limiter: CallRateLimiter | undefined;
  private readonly source: string;
  private readonly session: EboekhoudenSession<Session>;

  constructor(
    @inject(EboekhoudenSettings) private readonly config: RestSettings,
    @inject(EboekhoudenModuleContext) private readonly context: ModuleContext,
  ) {
    this.baseUrl = (config.endpoint ?? DEFAULT_REST_ENDPOINT).replace(/\/+$/, '');
    this.source = config.source ?? SESSION_SOURCE;
    this.context.redactor.add([config.accessToken]);
    this.http = axios.create({
      baseURL: this.baseUrl,
      timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      headers: { Accept: 'application/json' },
      // Every status is read here; the body is parsed here too, so a page that is not JSON is caught.
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      httpAgent: new http.Agent({ keepAlive: true }),
      httpsAgent: new https.Agent({ keepAlive: true }),
    });
    // One limit per administration: an API token belongs to one (keyed by its hash, so no map holds the token).
    const account = createHash('sha256').update(config.accessToken).digest('hex');
    this.limiter = config.maxCallsPerSecond ? sharedRateLimiter(`eboekhouden-rest ${this.baseUrl} ${account}`, config.maxCallsPerSecond) : undefined;
    this.session = new EboekhoudenSession<Session>(
      { open: () => this.open(), close: (session) => this.revoke(session), due: (session) => this.now() >= session.renewAt },
      context,
    );
  }

  /** Sessions opened so far (for logs and tests). */
  get opened(): number {
    return this.session.opened;
  }

  /** Opens the session now (check uses this to test the token); reuses an open one. */
  async ensureOpen(): Promise<void> {
    await this.session.session();
  }

  get<T>(path: string, request: RestRequest = {}): Promise<T> {
    return withRetry(() => this.authorized<T>('GET', path, request), {
      attempts: 4,
      onRetry: ({ attempt, delayMs }) => this.context.logger.info('e-Boekhouden read failed; retrying', { call: `GET ${path}`, attempt, delayMs }),
    });
  }

  post<T>(path: string, request: RestRequest): Promise<T> {
    return this.authorized<T>('POST', path, request);
  }

  /** Every item of a list, page by page (`limit`/`offset`) until a page comes back short. */
  async list<T>(path: string, query: Record<string, QueryValue> = {}): Promise<T[]> {
    const items: T[] = [];
    for await (const page of this.pages<T>(path, query)) items.push(...page);
    return items;
  }

  /** A list one page at a time: REST_PAGE_SIZE items per call, until a page comes back short. */
  async *pages<T>(path: string, query: Record<string, QueryValue> = {}): AsyncGenerator<T[]> {
    for (let offset = 0; ; offset += REST_PAGE_SIZE) {
      const page = await this.get<{ items?: T[] }>(path, { query: { ...query, limit: REST_PAGE_SIZE, offset } });
      // A list answer without its items is no answer: reading it as "none" could make a booked document look unbooked.
      if (!Array.isArray(page?.items)) throw new TransientError(...worded('EB_REST_NO_ITEMS', { path }));
      yield page.items;
      if (page.items.length < REST_PAGE_SIZE) return;
    }
  }

  /** Revokes the session (DELETE /v1/session). Safe to call twice; a failure to close is only logged. */
  close(): Promise<void> {
    return this.session.close();
  }

  private async revoke(session: Session): Promise<void> {
    const answer = await this.send('DELETE', '/v1/session', {}, session.token);
    if (answer.status >= 300 && answer.status !== 401) throw restError(answer, this.call('DELETE', '/v1/session', {}));
  }

  private async authorized<T>(method: 'GET' | 'POST', path: string, request: RestRequest): Promise<T> {
    const what = `${method} ${path}`;
    // A 401 on an open session: expired or revoked since it was opened, so the call was not carried out.
    const answer = await this.session.use(what, (session) => this.send(method, path, request, session.token), (reply) => reply.status === 401);
    // The token opened that session a moment ago (a wrong or revoked token is refused by POST
    // /v1/session itself), so a second 401 is a session dropped again, not a refused token: as a
    // repeated E0023 over SOAP, transient; the next run opens a new session and finds out.
    if (answer.status === 401) {
      throw new TransientError(...worded('EB_SESSION_DROPPED', { what }));
    }
    return this.read<T>(answer, this.call(method, path, request));
  }

  /** The parsed body of a 2xx; GET and POST always answer with one, so an empty body is no answer. */
  private read<T>(answer: RestAnswer, call: RestCall): T {
    if (answer.status < 200 || answer.status >= 300) throw restError(answer, call);
    try {
      return JSON.parse(answer.text) as T;
    } catch {
      throw notJsonError(answer, call);
    }
  }

  private call(method: string, path: string, request: RestRequest, login = false): RestCall {
    return { what: `${method} ${path}`, document: request.document, url: this.baseUrl + path, login, redactor: this.context.redactor };
  }

  private async send(method: string, path: string, request: RestRequest, token?: string): Promise<RestAnswer> {
    await this.limiter?.acquire();
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = token;
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      const response = await this.http.request<string>({
        method,
        url: path,
        params: withoutUndefined(request.query),
        data: request.body === undefined ? undefined : JSON.stringify(request.body),
        headers,
      });
      return { status: response.status, headers: response.headers as Record<string, unknown>, text: typeof response.data === 'string' ? response.data : '' };
    } catch (error) {
      throw restNetworkError(error, this.call(method, path, request));
    }
  }

  private async open(): Promise<Session> {
    const request = { body: { accessToken: this.config.accessToken, source: this.source } };
    const call = this.call('POST', '/v1/session', {}, true);
    const answer = await this.send('POST', '/v1/session', request);
    const opened = this.read<{ token?: unknown; expiresIn?: unknown }>(answer, call);
    const token = typeof opened?.token === 'string' ? opened.token.trim() : '';
    // No error and no token: not a refusal of the token but an answer that is not one.
    if (!token) throw new TransientError(...worded('EB_NO_SESSION', { operation: 'POST /v1/session', api: 'rest' }));
    this.context.redactor.add([token]);
    const seconds = typeof opened.expiresIn === 'number' && opened.expiresIn > 0 ? opened.expiresIn : FALLBACK_SESSION_SECONDS;
    const lifetimeMs = seconds * 1000;
    this.context.logger.info('e-Boekhouden session opened', { api: 'rest', expiresIn: seconds });
    return { token, renewAt: this.now() + lifetimeMs - Math.min(RENEW_MARGIN_MS, lifetimeMs / 5) };
  }
}

function withoutUndefined(query: Record<string, QueryValue> | undefined): Record<string, string | number | boolean> | undefined {
  if (!query) return undefined;
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as Record<string, string | number | boolean>;
}
