/**
 * HTTP access to the Mijnwebwinkel API on axios. The tokens travel as query parameters, so no
 * full URL is ever logged or put in an error: messages name the method and path, and a call without
 * an answer the address it tried without its query. 429 (with Retry-After), 5xx, timeouts and
 * dropped connections are retried with backoff.
 */
import axios, { type AxiosInstance } from 'axios';
import { inject, injectable } from 'inversify';
import {
  AuthenticationError,
  endpointNotFoundError,
  httpCallError,
  KoppelwerkError,
  Redactor,
  TransientError,
  withRetry,
  type Logger,
  type RetryOptions,
} from '@koppelwerk/core';
import { DEFAULT_ENDPOINT, MijnwebwinkelConfig, MijnwebwinkelLogger, MijnwebwinkelRedactor } from './mijnwebwinkel-config';
import { worded } from './mijnwebwinkel-messages';

/** Paths every run needs: a 404 on one of them means the endpoint is wrong, not that a record is gone. */
const SERVICE_PATHS = new Set(['/orders', '/orders/count', '/orderstatuses', '/store']);


@injectable()
export class MijnwebwinkelClient {
  private readonly http: AxiosInstance;
  /** Backoff of retried calls; tests shorten it. */
  retry: RetryOptions = { attempts: 5, baseDelayMs: 300, maxDelayMs: 5_000, maxRetryAfterMs: 60_000 };

  constructor(
    @inject(MijnwebwinkelConfig) config: MijnwebwinkelConfig,
    @inject(MijnwebwinkelLogger) private readonly logger: Logger,
    @inject(MijnwebwinkelRedactor) private readonly redactor: Redactor,
  ) {
    this.http = axios.create({
      baseURL: `${(config.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '')}/v1`,
      timeout: config.timeoutSeconds * 1000,
      params: { token: config.token, partner_token: config.partner_token, format: 'json', language: config.language },
      headers: { accept: 'application/json' },
    });
  }

  /** GET a path under /v1 with query parameters (besides the tokens); retried when transient. */
  async get<T>(path: string, params: Record<string, string | number> = {}): Promise<T> {
    return withRetry(
      async () => {
        let data: T;
        try {
          data = (await this.http.get<T>(path, { params })).data;
        } catch (error) {
          throw this.translate(error, path);
        }
        // Every answer is JSON; text means the body was cut off or mangled on the way: ask again.
        if (typeof data === 'string') {
          throw new TransientError(...worded('MWW_UNREADABLE_ANSWER', { path }));
        }
        return data;
      },
      {
        ...this.retry,
        onRetry: ({ attempt, delayMs, error }) =>
          this.logger.warn('Mijnwebwinkel call failed, retrying', { path, attempt, delayMs, reason: (error as Error).message }),
      },
    );
  }

  private translate(error: unknown, path: string): KoppelwerkError {
    if (SERVICE_PATHS.has(path) && (error as { response?: { status?: number } } | null)?.response?.status === 404) {
      return endpointNotFoundError({
        service: 'Mijnwebwinkel',
        side: 'source',
        url: `${this.http.defaults.baseURL ?? ''}${path}`,
        advice: worded.text('MWW_ENDPOINT_ADVICE', { endpoint: DEFAULT_ENDPOINT }),
      });
    }
    return httpCallError(error, {
      what: `Mijnwebwinkel GET ${path}`,
      credentialsRefused: (said) => new AuthenticationError(...worded('MWW_TOKENS_REFUSED', said, { code: `HTTP_${said.status}` })),
      redactor: this.redactor,
      endpoint: { side: 'source', service: 'Mijnwebwinkel', simulate: 'mijnwebwinkel' },
      describe: (body) => {
        // `{code, message, description}` or RFC 7807.
        const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
        const text = [record.description, record.detail, record.message, record.title].find((value) => typeof value === 'string' && value);
        return { message: text as string | undefined };
      },
    });
  }
}
