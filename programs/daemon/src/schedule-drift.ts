/**
 * How late work starts: for each run (or check) the time between the slot it was due in and the
 * moment it really started. The daemon records every start; the figures (p50, p95, max over the
 * most recent starts) go into its status, its `daemon load` log lines and the bench.
 */

export interface DriftFigures {
  /** Starts recorded since the daemon started. */
  count: number;
  /** Over the most recent starts (at most `window`). */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Starts more than `lateAfterMs` after their slot, since the daemon started. */
  late: number;
}

export class DriftRecorder {
  private readonly recent: number[] = [];
  private next = 0;
  private count = 0;
  private late = 0;

  constructor(
    private readonly window = 1_000,
    private readonly lateAfterMs = 60_000,
  ) {}

  record(driftMs: number): void {
    const value = Math.max(0, Math.round(driftMs));
    this.count++;
    if (value > this.lateAfterMs) this.late++;
    if (this.recent.length < this.window) this.recent.push(value);
    else this.recent[this.next] = value;
    this.next = (this.next + 1) % this.window;
  }

  figures(): DriftFigures {
    const sorted = [...this.recent].sort((a, b) => a - b);
    return { count: this.count, p50Ms: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95), maxMs: sorted.at(-1) ?? 0, late: this.late };
  }
}

/** The nearest-rank percentile of sorted values; 0 for none. */
export function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))];
}
