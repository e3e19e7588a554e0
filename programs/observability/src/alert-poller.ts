/**
 * Alerts in the service mode: `serve --alerts <file>` looks at every tenant's dots and open errors
 * in the database once a minute (the dashboard's directory overview) and hands them to the
 * notifier. One process tells, however many workers run the tenants, so nothing is told twice by
 * two workers; the workers themselves export metrics only. Give `--alerts` to one `serve` process.
 *
 * A poll never overlaps the one before it; a poll that fails is logged and the next one tries again.
 */
import { describeError, type Logger } from '@koppelwerk/core';
import type { TenantDirectory, TenantOverview } from '@koppelwerk/runtime';
import type { AlertNotifier, ObservedState } from './alert-notifier';

export interface AlertPollerOptions {
  directory: Pick<TenantDirectory, 'tenants' | 'overview'>;
  notifier: AlertNotifier;
  logger: Logger;
  /** Default 60 s. */
  everyMs?: number;
}

export class AlertPoller {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(private readonly options: AlertPollerOptions) {}

  /** Polls now, then every `everyMs` until `stop()`. */
  start(): void {
    const every = this.options.everyMs ?? 60_000;
    const loop = () => {
      if (this.stopped) return;
      this.running = this.pollOnce().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.timer = setTimeout(loop, every);
      });
    };
    loop();
  }

  /** One look at every tenant; resolves when every alert it caused has been tried. Never rejects. */
  async pollOnce(): Promise<void> {
    let overviews: TenantOverview[];
    try {
      overviews = await this.options.directory.overview(await this.options.directory.tenants());
    } catch (error) {
      this.options.logger.error('alerts: could not read the tenants\' state; trying again at the next poll', { error: describeError(error) });
      return;
    }
    // A tenant whose file does not load has no dots to speak of; its problem shows on the dashboard.
    await Promise.all(overviews.filter((overview) => !overview.configProblem).map((overview) => this.options.notifier.observe(overview.tenant, observedState(overview))));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}

export function observedState(overview: TenantOverview): ObservedState {
  const { source, sink } = overview.dots;
  return {
    sourceDot: source.state,
    sinkDot: sink.state,
    openErrors: overview.openErrors,
    source: source.state === 'red' ? { reason: source.reason, hint: source.hint, code: source.code, params: source.params } : undefined,
    sink: sink.state === 'red' ? { reason: sink.reason, hint: sink.hint, code: sink.code, params: sink.params } : undefined,
  };
}
