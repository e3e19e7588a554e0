/**
 * HTTP access to Stella's PROVISIONAL REST contract (docs/connectors/stella.md) on axios: Bearer
 * key, JSON. Everything Stella-specific on the wire lives here and in raw-invoice.ts, so a real
 * contract replaces these two files. No URL or key ever reaches a log or an error. 429 (with
 * Retry-After), 5xx, timeouts and dropped connections are retried with backoff.
 */
import axios, { type AxiosInstance } from 'axios';
import { inject, injectable } from 'inversify';
import {
  AuthenticationError,
  endpointNotFoundError,
  httpCallError,
  KoppelwerkError,
  Redactor,
  withRetry,
  type Logger,
  type RetryOptions,
} from '@koppelwerk/core';
import type { RawInvoice, RawInvoicePage } from './raw-invoice';
import { DEFAULT_ENDPOINT, StellaConfig, StellaLogger, StellaRedactor } from './stella-config';
import { worded } from './stella-messages';

/** Paths every run needs: a 404 on one of them means the endpoint is wrong, not that a record is gone. */
const SERVICE_PATHS = new Set(['/me', '/invoices']);


export interface InvoiceQuery {
  updatedSince?: string;
  page: number;
  perPage: number;
}

@injectable()
export class StellaClient {
  private readonly http: AxiosInstance;
  /** Backoff of retried calls; tests shorten it. */
  retry: RetryOptions = { attempts: 5, baseDelayMs: 300, maxDelayMs: 5_000, maxRetryAfterMs: 60_000 };

  constructor(
    @inject(StellaConfig) config: StellaConfig,
    @inject(StellaLogger) private readonly logger: Logger,
    @inject(StellaRedactor) private readonly redactor: Redactor,
  ) {
    this.http = axios.create({
      baseURL: `${(config.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '')}/v1`,
      timeout: config.timeoutSeconds * 1000,
      headers: { accept: 'application/json', authorization: `Bearer ${config.api_key}` },
    });
  }

  /** The account behind the key: `{ company: { name } }`. */
  me(): Promise<{ company?: { name?: string } }> {
    return this.get('/me');
  }

  listInvoices(query: InvoiceQuery): Promise<RawInvoicePage> {
    const params: Record<string, string | number> = { page: query.page, per_page: query.perPage, order: 'updated_at' };
    if (query.updatedSince) params.updated_since = query.updatedSince;
    return this.get('/invoices', params);
  }

  invoice(id: string): Promise<RawInvoice> {
    return this.get(`/invoices/${encodeURIComponent(id)}`);
  }

  private get<T>(path: string, params: Record<string, string | number> = {}): Promise<T> {
    return withRetry(
      async () => {
        try {
          return (await this.http.get<T>(path, { params })).data;
        } catch (error) {
          throw this.translate(error, path);
        }
      },
      {
        ...this.retry,
        onRetry: ({ attempt, delayMs, error }) => this.logger.warn('Stella call failed, retrying', { path, attempt, delayMs, reason: (error as Error).message }),
      },
    );
  }

  private translate(error: unknown, path: string): KoppelwerkError {
    if (SERVICE_PATHS.has(path) && (error as { response?: { status?: number } } | null)?.response?.status === 404) {
      return endpointNotFoundError({
        service: 'Stella',
        side: 'source',
        url: `${this.http.defaults.baseURL ?? ''}${path}`,
        advice: worded.text('STELLA_ENDPOINT_ADVICE', { endpoint: DEFAULT_ENDPOINT }),
      });
    }
    return httpCallError(error, {
      what: `Stella GET ${path}`,
      credentialsRefused: (said) => new AuthenticationError(...worded('STELLA_KEY_REFUSED', said, { code: `HTTP_${said.status}` })),
      redactor: this.redactor,
      endpoint: { side: 'source', service: 'Stella', simulate: 'stella' },
      // `{ error: { code, message } }`
      describe: (body) => {
        const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
        return { message: typeof message === 'string' ? message : undefined };
      },
    });
  }
}
