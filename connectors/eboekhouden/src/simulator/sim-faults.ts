/**
 * Fault injection for the simulator's SOAP endpoint: latency, a share of calls answered with HTTP
 * 503, a share of dropped connections, and deterministic "the next n calls" variants for tests.
 * Kept small and local to this connector.
 */
export interface FaultSettings {
  /** Added to every SOAP call, in milliseconds. */
  latencyMs: number;
  /** Share (0..1) of SOAP calls answered with HTTP 503. */
  errorRate: number;
  /** Share (0..1) of SOAP calls whose connection is dropped without an answer. */
  dropRate: number;
}

export type FaultDecision = 'pass' | 'error' | 'drop';

export class FaultInjector {
  settings: FaultSettings = { latencyMs: 0, errorRate: 0, dropRate: 0 };
  private pendingErrors = 0;
  private pendingDrops = 0;

  constructor(
    initial: Partial<FaultSettings> = {},
    private readonly random: () => number = Math.random,
  ) {
    this.set(initial);
  }

  set(settings: Partial<FaultSettings>): FaultSettings {
    const share = (value: number | undefined, fallback: number) => (value === undefined ? fallback : Math.min(1, Math.max(0, Number(value))));
    this.settings = {
      latencyMs: settings.latencyMs === undefined ? this.settings.latencyMs : Math.max(0, Number(settings.latencyMs)),
      errorRate: share(settings.errorRate, this.settings.errorRate),
      dropRate: share(settings.dropRate, this.settings.dropRate),
    };
    return this.settings;
  }

  /** The next `count` SOAP calls get HTTP 503. */
  failNext(count = 1): void {
    this.pendingErrors += count;
  }

  /** The next `count` SOAP calls have their connection dropped. */
  dropNext(count = 1): void {
    this.pendingDrops += count;
  }

  reset(): void {
    this.settings = { latencyMs: 0, errorRate: 0, dropRate: 0 };
    this.pendingErrors = 0;
    this.pendingDrops = 0;
  }

  decide(): FaultDecision {
    if (this.pendingDrops > 0) {
      this.pendingDrops--;
      return 'drop';
    }
    if (this.pendingErrors > 0) {
      this.pendingErrors--;
      return 'error';
    }
    if (this.settings.dropRate > 0 && this.random() < this.settings.dropRate) return 'drop';
    if (this.settings.errorRate > 0 && this.random() < this.settings.errorRate) return 'error';
    return 'pass';
  }
}
