/**
 * HTTP access to the Mijnwebwinkel API on axios. The tokens travel as query parameters, so no URL
 * is ever logged or put in an error: messages name the method and path only. 429 (with
 * Retry-After), 5xx, timeouts and dropped connections are retried with backoff.
 */
import axios, { type AxiosInstance } from 'axios';
import { inject, injectable } from 'inversify';
import {
  AuthenticationError,
  KoppelwerkError,
  parseRetryAfter,
  Redactor,
  RejectedError,
  TransientError,
  withRetry,
  type Logger,
  type RetryOptions,
} from '@koppelwerk/core';
import { DEFAULT_ENDPOINT, MijnwebwinkelConfig, MijnwebwinkelLogger, MijnwebwinkelRedactor } from './mijnwebwinkel-config';

export const TOKEN_HINT =
  'create a new token in Mijnwebwinkel under Instellingen > API > Token toevoegen (choose this integration as partner), copy it with "Toon token" and save it in the tenant config';

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
        try {
          const response = await this.http.get<T>(path, { params });
          return response.data;
        } catch (error) {
          throw this.translate(error, path);
        }
      },
      {
        ...this.retry,
        onRetry: ({ attempt, delayMs, error }) =>
          this.logger.warn('Mijnwebwinkel call failed, retrying', { path, attempt, delayMs, reason: (error as Error).message }),
      },
    );
  }

  private translate(error: unknown, path: string): KoppelwerkError {
    if (!axios.isAxiosError(error)) {
      return KoppelwerkError.is(error) ? error : new TransientError(`Mijnwebwinkel GET ${path} failed: ${this.redactor.redactText(String((error as Error)?.message ?? error))}`);
    }
    const status = error.response?.status;
    const what = `Mijnwebwinkel GET ${path}`;
    if (status === undefined) {
      // No answer: timeout, refused or dropped connection. The axios message names no URL.
      return new TransientError(`${what} got no answer (${error.code ?? 'network error'})`, { code: error.code });
    }
    const detail = this.describe(error.response?.data);
    if (status === 401 || status === 403) {
      return new AuthenticationError(`Mijnwebwinkel refused the shop token or partner token (${status}${detail})`, { code: `HTTP_${status}`, hint: TOKEN_HINT });
    }
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(String(error.response?.headers?.['retry-after'] ?? '')) ?? 1000;
      return new TransientError(`${what} was rate limited (429${detail})`, { code: 'HTTP_429', retryAfterMs });
    }
    if (status >= 500) return new TransientError(`${what} failed upstream (${status}${detail})`, { code: `HTTP_${status}` });
    return new RejectedError(`${what} was refused (${status}${detail})`, { code: `HTTP_${status}` });
  }

  /** The upstream's own explanation (`{code, message, description}` or RFC 7807), short and redacted. */
  private describe(body: unknown): string {
    if (typeof body !== 'object' || body === null) return '';
    const record = body as Record<string, unknown>;
    const text = [record.description, record.detail, record.message, record.title].find((value) => typeof value === 'string' && value);
    return text ? `: ${this.redactor.redactText(String(text)).slice(0, 200)}` : '';
  }
}
