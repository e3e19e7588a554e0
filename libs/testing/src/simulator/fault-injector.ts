/**
 * Fault injection as request-level middleware around any node `http` request handler: latency,
 * latency spikes (a share of requests delayed much longer), a share of requests failing with 5xx,
 * dropped connections, 429 with Retry-After, and revoked credentials. Settings are given at start and can be changed while running.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { z } from 'zod';
import { SeededRandom } from './seeded-random';
import { json, writeResponse, type SimResponse } from './sim-response';

export const FaultSettings = z
  .object({
    /** Delay added before every affected request is handled. */
    latencyMs: z.number().int().min(0),
    /** Share (0..1) of requests delayed by `spikeMs` on top of `latencyMs` (a latency spike). */
    spikeRate: z.number().min(0).max(1),
    spikeMs: z.number().int().min(0),
    /** Share (0..1) of requests answered with `errorStatus`. */
    errorRate: z.number().min(0).max(1),
    errorStatus: z.number().int().min(400).max(599),
    /** The next N requests fail with `errorStatus`. */
    failNext: z.number().int().min(0),
    /** Share (0..1) of requests whose connection is destroyed without an answer. */
    dropRate: z.number().min(0).max(1),
    /** The next N requests are dropped. */
    dropNext: z.number().int().min(0),
    /** The next N requests get 429 with Retry-After. */
    rateLimitNext: z.number().int().min(0),
    /** Share (0..1) of requests answered 429 with Retry-After. */
    rateLimitRate: z.number().min(0).max(1),
    /** At most this many requests per window, then 429 until the window moves on; null = unlimited. */
    rateLimitPerWindow: z.number().int().min(1).nullable(),
    rateLimitWindowMs: z.number().int().min(1),
    /** Sent as Retry-After (seconds) with every 429. */
    retryAfterSeconds: z.number().min(0),
    /** Every credential is refused (a changed password, a revoked token). */
    revokedCredentials: z.boolean(),
    /** Only requests whose path matches this regular expression are affected; null = all. */
    pathPattern: z.string().nullable(),
  })
  .strict();
export type FaultSettings = z.infer<typeof FaultSettings>;

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  spikeRate: 0,
  spikeMs: 1000,
  errorRate: 0,
  errorStatus: 500,
  failNext: 0,
  dropRate: 0,
  dropNext: 0,
  rateLimitNext: 0,
  rateLimitRate: 0,
  rateLimitPerWindow: null,
  rateLimitWindowMs: 1000,
  retryAfterSeconds: 1,
  revokedCredentials: false,
  pathPattern: null,
});

/** Validates a partial update (from a test or from POST /_sim/faults). Throws with the zod message on bad input. */
export function parseFaultUpdate(value: unknown): Partial<FaultSettings> {
  return FaultSettings.partial().parse(value ?? {});
}

export interface InjectedCounts {
  delayed: number;
  /** Requests that got a latency spike. */
  spiked: number;
  failed: number;
  dropped: number;
  rateLimited: number;
  refused: number;
}

export interface FaultInjectorOptions {
  faults?: Partial<FaultSettings>;
  /** Seed for the random share of errors and drops, so a run can be repeated. */
  randomSeed?: number;
  /** Renders an injected error (5xx, 429) in the simulated API's wire format. Default: JSON `{error}`. */
  renderError?: (status: number, message: string) => SimResponse;
  /**
   * When given, the injector itself answers requests while credentials are revoked. Otherwise the
   * simulator's auth checks consult `credentialsRevoked`.
   */
  refuseRevoked?: (req: IncomingMessage) => SimResponse;
  now?: () => number;
}

export class FaultInjector {
  private settings: FaultSettings;
  private random: SeededRandom;
  private readonly recent: number[] = [];
  private readonly counts: InjectedCounts = { delayed: 0, spiked: 0, failed: 0, dropped: 0, rateLimited: 0, refused: 0 };

  constructor(private readonly options: FaultInjectorOptions = {}) {
    this.settings = { ...NO_FAULTS, ...parseFaultUpdate(options.faults) };
    this.random = new SeededRandom(options.randomSeed ?? 1);
  }

  /** Current settings (a copy). */
  get(): FaultSettings {
    return { ...this.settings };
  }

  /** Merges a partial update into the current settings. */
  set(update: Partial<FaultSettings>): FaultSettings {
    this.settings = { ...this.settings, ...parseFaultUpdate(update) };
    return this.get();
  }

  /** Back to the settings given at start (or none), counters cleared. */
  reset(): void {
    this.settings = { ...NO_FAULTS, ...parseFaultUpdate(this.options.faults) };
    this.random = new SeededRandom(this.options.randomSeed ?? 1);
    this.recent.length = 0;
    Object.assign(this.counts, { delayed: 0, spiked: 0, failed: 0, dropped: 0, rateLimited: 0, refused: 0 });
  }

  get credentialsRevoked(): boolean {
    return this.settings.revokedCredentials;
  }

  injected(): InjectedCounts {
    return { ...this.counts };
  }

  /** Wraps a request handler; the result is a handler with the faults applied in front of it. */
  wrap(handler: RequestListener): RequestListener {
    return (req, res) => {
      void this.apply(req, res).then(
        (handled) => {
          if (!handled) handler(req, res);
        },
        () => req.socket.destroy(),
      );
    };
  }

  /**
   * Applies the faults to one request. Resolves true when the fault layer answered (or dropped) the
   * request, false when the request should go on to the real handler.
   */
  async apply(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const s = this.settings;
    if (!this.affects(req)) return false;
    if (s.latencyMs > 0) {
      this.counts.delayed++;
      await new Promise((resolve) => setTimeout(resolve, s.latencyMs));
    }
    if (s.spikeRate > 0 && s.spikeMs > 0 && this.random.chance(s.spikeRate)) {
      this.counts.spiked++;
      await new Promise((resolve) => setTimeout(resolve, s.spikeMs));
    }
    if (this.take('dropNext') || (s.dropRate > 0 && this.random.chance(s.dropRate))) {
      this.counts.dropped++;
      req.socket.destroy();
      return true;
    }
    if (this.take('rateLimitNext') || this.overWindow() || (s.rateLimitRate > 0 && this.random.chance(s.rateLimitRate))) {
      this.counts.rateLimited++;
      const response = this.render(429, 'Too many requests');
      writeResponse(res, { ...response, headers: { ...response.headers, 'retry-after': String(s.retryAfterSeconds) } });
      return true;
    }
    if (this.take('failNext') || (s.errorRate > 0 && this.random.chance(s.errorRate))) {
      this.counts.failed++;
      writeResponse(res, this.render(s.errorStatus, 'Simulated server error'));
      return true;
    }
    if (s.revokedCredentials && this.options.refuseRevoked) {
      this.counts.refused++;
      writeResponse(res, this.options.refuseRevoked(req));
      return true;
    }
    return false;
  }

  private affects(req: IncomingMessage): boolean {
    if (this.settings.pathPattern === null) return true;
    const path = (req.url ?? '/').split('?')[0];
    return new RegExp(this.settings.pathPattern).test(path);
  }

  private take(key: 'dropNext' | 'rateLimitNext' | 'failNext'): boolean {
    if (this.settings[key] <= 0) return false;
    this.settings = { ...this.settings, [key]: this.settings[key] - 1 };
    return true;
  }

  private overWindow(): boolean {
    const limit = this.settings.rateLimitPerWindow;
    if (limit === null) return false;
    const now = (this.options.now ?? Date.now)();
    while (this.recent.length > 0 && this.recent[0] <= now - this.settings.rateLimitWindowMs) this.recent.shift();
    if (this.recent.length >= limit) return true;
    this.recent.push(now);
    return false;
  }

  private render(status: number, message: string): SimResponse {
    return this.options.renderError?.(status, message) ?? json({ error: message }, status);
  }
}
