/**
 * Retry with exponential backoff and full jitter. Only transient errors are retried; a
 * Retry-After from the upstream wins over the computed delay.
 */
import { classifyError, TransientError } from './errors';

export interface RetryOptions {
  /** Total attempts including the first. */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest Retry-After we are willing to sleep inside a run; longer ones are rethrown. */
  maxRetryAfterMs?: number;
  /** Called before each wait, for logging. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function backoffDelay(attempt: number, options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'> = {}): number {
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 10_000;
  const ceiling = Math.min(max, base * 2 ** (attempt - 1));
  return Math.round((options.random ?? Math.random)() * ceiling);
}

export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (classifyError(error) !== 'transient' || attempt >= attempts) throw error;
      const retryAfter = error instanceof TransientError ? error.retryAfterMs : undefined;
      if (retryAfter !== undefined && retryAfter > (options.maxRetryAfterMs ?? 60_000)) throw error;
      const delayMs = retryAfter ?? backoffDelay(attempt, options);
      options.onRetry?.({ attempt, delayMs, error });
      await wait(delayMs);
    }
  }
}

/** Parses an HTTP Retry-After header (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(header: string | undefined | null, now: Date = new Date()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}
