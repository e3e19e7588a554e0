/**
 * HTTP access to the FactuurSturen API v1 on axios: HTTP Basic auth with the username and the API
 * key, JSON asked for explicitly (the API's default format differs between its copies), the hourly
 * quota respected, 5xx and dropped connections retried with backoff. Errors name the method and
 * path only; upstream texts are redacted.
 */
import axios, { type AxiosInstance } from 'axios';
import { inject, injectable, optional } from 'inversify';
import {
  AuthenticationError,
  Clock,
  endpointNotFoundError,
  httpCallError,
  KoppelwerkError,
  Redactor,
  RejectedError,
  systemClock,
  withRetry,
  type Logger,
  type RetryOptions,
} from '@koppelwerk/core';
import { DEFAULT_ENDPOINT, FactuursturenConfig, FactuursturenLogger, FactuursturenRedactor } from './factuursturen-config';
import { HourlyQuota, QUOTA_CODE } from './hourly-quota';
import { worded } from './factuursturen-messages';

/**
 * Paths every run needs: a 404 on one of them means the endpoint is wrong, not that a record is
 * gone. (The provisional purchase invoice path is not one: a 404 there means it does not exist.)
 */
const SERVICE_PATHS = new Set(['/invoices', '/clients', '/countrylist']);


@injectable()
export class FactuursturenClient {
  private readonly http: AxiosInstance;
  readonly quota: HourlyQuota;
  /** Backoff of retried calls; tests shorten it. */
  retry: RetryOptions = { attempts: 5, baseDelayMs: 300, maxDelayMs: 5_000, maxRetryAfterMs: 60_000 };

  constructor(
    @inject(FactuursturenConfig) config: FactuursturenConfig,
    @inject(FactuursturenLogger) private readonly logger: Logger,
    @inject(FactuursturenRedactor) private readonly redactor: Redactor,
    @inject(Clock) @optional() clock?: Clock,
  ) {
    const now = clock ?? systemClock;
    this.quota = new HourlyQuota(() => now.now());
    this.http = axios.create({
      baseURL: `${(config.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '')}/api/v1`,
      timeout: config.timeoutSeconds * 1000,
      auth: { username: config.username, password: config.apiKey },
      headers: { accept: 'application/json' },
    });
  }

  /** GET a path under /api/v1; retried when transient; never called while the hourly quota is spent. */
  async get<T>(path: string, params: Record<string, string | number> = {}): Promise<T> {
    // A spent quota is not retried here, however soon the hour turns: the run stops, the cursor stays.
    let quotaStop: KoppelwerkError | undefined;
    try {
      return await withRetry(
        async () => {
          try {
            this.quota.assertAvailable(`GET ${path}`);
            const response = await this.http.get<T>(path, { params });
            this.quota.observe(response.headers['x-ratelimit-remaining']);
            if (typeof response.data === 'string' && /^\s*</.test(response.data)) {
              throw new RejectedError(...worded('FS_NOT_JSON', { path }));
            }
            return response.data;
          } catch (error) {
            const translated = this.translate(error, path);
            if (translated.code === QUOTA_CODE) {
              quotaStop = translated;
              throw new Error('hourly quota spent');
            }
            throw translated;
          }
        },
        {
          ...this.retry,
          onRetry: ({ attempt, delayMs, error }) =>
            this.logger.warn('FactuurSturen call failed, retrying', { path, attempt, delayMs, reason: (error as Error).message }),
        },
      );
    } catch (error) {
      throw quotaStop ?? error;
    }
  }

  private translate(error: unknown, path: string): KoppelwerkError {
    const response = (error as { response?: { status?: number; headers?: Record<string, unknown> } } | null)?.response;
    const remaining = response?.headers?.['x-ratelimit-remaining'];
    if (response?.status === 403 && remaining !== undefined && Number(remaining) <= 0) {
      this.quota.spend();
      return this.quota.exhausted(`GET ${path}`);
    }
    if (response?.status !== undefined) this.quota.observe(remaining);
    if (response?.status === 404 && SERVICE_PATHS.has(path)) {
      return endpointNotFoundError({
        service: 'FactuurSturen',
        side: 'source',
        url: `${this.http.defaults.baseURL ?? ''}${path}`,
        advice: worded.text('FS_ENDPOINT_ADVICE', { endpoint: DEFAULT_ENDPOINT }),
      });
    }
    return httpCallError(error, {
      what: `FactuurSturen GET ${path}`,
      credentialsRefused: (said) => new AuthenticationError(...worded('FS_CREDENTIALS_REFUSED', said, { code: `HTTP_${said.status}` })),
      redactor: this.redactor,
      endpoint: { side: 'source', service: 'FactuurSturen', simulate: 'factuursturen' },
      // Its error bodies are plain text.
      describe: (body) => ({ message: typeof body === 'string' ? body : typeof body === 'object' && body !== null ? JSON.stringify(body) : undefined }),
    });
  }
}

/**
 * A single record comes wrapped (`{"invoice": {...}}`); a list comes bare. Reads the wrapped form
 * and, as one client library does, the bare record too. An array (what `/clients/{nr}` answers for
 * an unknown number) is not a single record: undefined.
 */
export function unwrap(data: unknown, name: string): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const record = data as Record<string, unknown>;
  if (name in record && typeof record[name] === 'object' && record[name] !== null) return record[name];
  return record;
}
