/**
 * HTTP access to the WerkbonApp OPENApi on axios: `<endpoint>/openapi/<version>/<function>/` with
 * both tokens as query parameters. Messages name the function; a call without an answer names the
 * URL it tried, without the query that carries the tokens. Every answer is HTTP 200 with a `code`;
 * see response-codes.ts. Transient trouble (1007, 5xx, timeouts, dropped connections) is retried
 * with backoff.
 */
import axios, { type AxiosInstance } from 'axios';
import { inject, injectable } from 'inversify';
import { endpointNotFoundError, KoppelwerkError, noAnswerError, parseRetryAfter, Redactor, TransientError, withRetry, type Logger, type RetryOptions } from '@koppelwerk/core';
import { errorForCode, OK } from './response-codes';

/** OPENApi codes for a path that names no function: "no endpoint given", "unknown endpoint". */
const NO_ENDPOINT = 1000;
const UNKNOWN_ENDPOINT = 1001;
import type { RawEnvelope } from './raw-records';
import { DEFAULT_ENDPOINT, WerkbonappConfig, WerkbonappLogger, WerkbonappRedactor } from './werkbonapp-config';
import { worded } from './werkbonapp-messages';

export type QueryParams = Record<string, string | number | boolean>;

@injectable()
export class WerkbonappClient {
  private readonly http: AxiosInstance;
  /** Backoff of retried calls; tests shorten it. */
  retry: RetryOptions = { attempts: 5, baseDelayMs: 500, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };

  constructor(
    @inject(WerkbonappConfig) config: WerkbonappConfig,
    @inject(WerkbonappLogger) private readonly logger: Logger,
    @inject(WerkbonappRedactor) private readonly redactor: Redactor,
  ) {
    this.http = axios.create({
      baseURL: `${(config.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '')}/openapi/${config.apiVersion}`,
      timeout: config.timeoutSeconds * 1000,
      params: { token: config.token, software_token: config.software_token },
      headers: { accept: 'application/json' },
      // Errors are in the body's code; a non-2xx status is a proxy or gateway speaking.
      validateStatus: () => true,
    });
  }

  get<T>(fn: string, params: QueryParams = {}): Promise<T> {
    return this.call<T>('GET', fn, params);
  }

  post<T>(fn: string, body: unknown, params: QueryParams = {}): Promise<T> {
    return this.call<T>('POST', fn, params, body);
  }

  private call<T>(method: 'GET' | 'POST', fn: string, params: QueryParams, body?: unknown): Promise<T> {
    const what = `${method} ${fn}`;
    return withRetry(
      async () => {
        let status: number;
        let data: unknown;
        let retryAfter: string | undefined;
        try {
          const response = await this.http.request({ method, url: `/${fn}/`, params, data: body });
          status = response.status;
          data = response.data;
          retryAfter = response.headers?.['retry-after'] as string | undefined;
        } catch (error) {
          throw this.networkError(error, what);
        }
        if (status === 404) throw this.wrongEndpoint(fn);
        if (status === 429) {
          throw new TransientError(...worded('WBA_RATE_LIMITED', { what }, { code: 'HTTP_429', retryAfterMs: parseRetryAfter(retryAfter) ?? 1000 }));
        }
        if (status !== 200) {
          throw new TransientError(...worded('WBA_FAILED_UPSTREAM', { what, status }, { code: `HTTP_${status}` }));
        }
        const envelope = parseEnvelope(data);
        if (!envelope) throw new TransientError(...worded('WBA_NO_ENVELOPE', { what }));
        // "No endpoint given" / "unknown endpoint": the path under the endpoint names no OPENApi function.
        if (envelope.code === NO_ENDPOINT || envelope.code === UNKNOWN_ENDPOINT) throw this.wrongEndpoint(fn, envelope.code);
        if (envelope.code !== OK) {
          const messages = (envelope.messages ?? []).map((m) => this.redactor.redactText(String(m)));
          throw errorForCode(envelope.code, messages, what);
        }
        return envelope.response as T;
      },
      {
        ...this.retry,
        onRetry: ({ attempt, delayMs, error }) =>
          this.logger.warn('WerkbonApp call failed, retrying', { call: what, attempt, delayMs, reason: (error as Error).message }),
      },
    );
  }

  /** The path under the endpoint names no OPENApi function: a 404, or (`code`) WerkbonApp saying so. */
  private wrongEndpoint(fn: string, code?: number): KoppelwerkError {
    return endpointNotFoundError({
      service: 'WerkbonApp',
      side: 'source',
      url: `${this.http.defaults.baseURL ?? ''}/${fn}/`,
      ...(code === undefined ? {} : { answered: worded.text('WBA_ANSWERED_CODE', { code }) }),
      advice: worded.text('WBA_ENDPOINT_ADVICE', { endpoint: DEFAULT_ENDPOINT }),
    });
  }

  /** Every status is an answer here (validateStatus), so what axios throws is a call without one. */
  private networkError(error: unknown, what: string): KoppelwerkError {
    if (KoppelwerkError.is(error)) return error;
    return noAnswerError(error, { what: `WerkbonApp ${what}`, redactor: this.redactor, endpoint: { side: 'source', service: 'WerkbonApp', simulate: 'werkbonapp' } });
  }
}

function parseEnvelope(data: unknown): RawEnvelope | null {
  let value = data;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (typeof value !== 'object' || value === null) return null;
  const code = Number((value as RawEnvelope).code);
  if (!Number.isInteger(code)) return null;
  return { ...(value as RawEnvelope), code };
}
