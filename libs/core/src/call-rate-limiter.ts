/**
 * A calls-per-second limit for one upstream account (e.g. one e-Boekhouden administration), shared
 * by every tenant of a process that uses that account. It is a sliding window: a call may start
 * only when fewer than `perSecond` calls started in the last 1.05 seconds, so no one-second window
 * ever holds more, also after some jitter on the way. Waiting callers are served in arrival order.
 */

export interface CallRateLimiterOptions {
  /** Milliseconds since some fixed point; defaults to performance.now(). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A second, plus a margin: network and server jitter can bunch calls that started a second apart,
 * and the limit is meant as the service counts it.
 */
const WINDOW_MS = 1050;

export class CallRateLimiter {
  /** Start times of the latest calls, oldest first; never more than `perSecond`. */
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private limit: number,
    options: CallRateLimiterOptions = {},
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a calls-per-second limit must be a whole number of at least 1, not ${limit}`);
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  get perSecond(): number {
    return this.limit;
  }

  /** Lowers the limit (two tenants sharing an account with different settings: the stricter wins). */
  tighten(perSecond: number): void {
    if (perSecond < this.limit) this.limit = perSecond;
  }

  /** Resolves when a call may start, and counts it as started. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn;
    return turn;
  }

  private async waitForSlot(): Promise<void> {
    while (this.starts.length >= this.limit) {
      const wait = this.starts[0] + WINDOW_MS - this.now();
      if (wait > 0) await this.sleep(Math.ceil(wait));
      while (this.starts.length > 0 && this.starts[0] + WINDOW_MS <= this.now()) this.starts.shift();
    }
    this.starts.push(this.now());
  }
}

const shared = new Map<string, CallRateLimiter>();

/**
 * The process-wide limiter for `account` (any string that names the upstream account; it is used
 * as a map key only, never logged). The first caller's limit applies; a stricter one lowers it.
 */
export function sharedRateLimiter(account: string, perSecond: number): CallRateLimiter {
  const existing = shared.get(account);
  if (existing) {
    existing.tighten(perSecond);
    return existing;
  }
  const limiter = new CallRateLimiter(perSecond);
  shared.set(account, limiter);
  return limiter;
}
