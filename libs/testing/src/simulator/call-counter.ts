/** Counts requests per route key (`GET /v1/orders`), so tests can assert what was asked. */
export class CallCounter {
  private readonly counts = new Map<string, number>();

  record(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Calls of one route key; without a key, all calls. */
  count(key?: string): number {
    if (key === undefined) return [...this.counts.values()].reduce((a, b) => a + b, 0);
    return this.counts.get(key) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts.clear();
  }
}

/** The most of `times` (milliseconds, ascending) that fall within any window of `windowMs`: calls per second as a service sees them. */
export function busiestWindow(times: readonly number[], windowMs = 1000): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
