/**
 * The one call after every run and every check, wherever it ran (the daemon, a service worker,
 * the dashboard's "sync now"): the run's documents and duration go to the metrics, then the
 * tenant's dots and open errors are read from its state (while the runtime is still open) and
 * handed to the metrics' gauges and to the alert notifier.
 *
 * It never throws into the run: a state that cannot be read is logged and nothing is told.
 * Deliveries are not waited for (a slow receiver must not hold the tenant's next run); the
 * notifier's `settled()` waits for them, e.g. before the process exits.
 */
import { Redactor, describeError, type Logger } from '@koppelwerk/core';
import type { StateStore, SyncSummary } from '@koppelwerk/engine';
import type { DotState } from '@koppelwerk/runtime';
import type { AlertNotifier, ObservedState } from './alert-notifier';
import type { KoppelwerkMetrics } from './metrics';

/** The parts of an open tenant runtime the observer reads. */
export interface ObservedRuntime {
  config: { tenant: string };
  store: Pick<StateStore, 'getChecks' | 'countOpenErrors'>;
  redactor?: Redactor;
}

export interface TenantObserverOptions {
  metrics?: KoppelwerkMetrics;
  notifier?: AlertNotifier;
  logger: Logger;
}

export class TenantObserver {
  constructor(private readonly options: TenantObserverOptions) {}

  /** After a run (sync, retry, export): the run's figures, then the tenant's state. */
  async afterRun(runtime: ObservedRuntime, summary: SyncSummary): Promise<void> {
    try {
      this.options.metrics?.recordRun(runtime.config.tenant, summary);
    } catch (error) {
      this.options.logger.warn('metrics: could not record the run', { tenant: runtime.config.tenant, error: describeError(error) });
    }
    await this.afterCheck(runtime);
  }

  /** After a check (or a run): the tenant's dots and open errors to the gauges and the alerts. */
  async afterCheck(runtime: ObservedRuntime): Promise<void> {
    const tenant = runtime.config.tenant;
    let state: ObservedState;
    try {
      state = await readTenantState(runtime.store, runtime.redactor);
    } catch (error) {
      this.options.logger.warn('could not read the tenant\'s dots and open errors for the metrics and alerts', { tenant, error: describeError(error) });
      return;
    }
    this.options.metrics?.observeTenantState({ tenant, sourceDot: state.sourceDot, sinkDot: state.sinkDot, openErrors: state.openErrors });
    void this.options.notifier?.observe(tenant, state);
  }
}

/** Both dots (grey when never checked) with why a red one is red, and the open errors, from the tenant's state. */
export async function readTenantState(store: ObservedRuntime['store'], redactor?: Redactor): Promise<ObservedState> {
  const [checks, openErrors] = await Promise.all([store.getChecks(), store.countOpenErrors()]);
  const state: ObservedState = { sourceDot: 'grey', sinkDot: 'grey', openErrors };
  for (const check of checks) {
    const dot: DotState = check.ok ? 'green' : 'red';
    const clean = (text?: string) => (text && redactor ? redactor.redactText(text) : text);
    if (check.side === 'source') state.sourceDot = dot;
    else state.sinkDot = dot;
    const coded = { ...(check.code !== undefined ? { code: check.code } : {}), ...(check.params ? { params: check.params } : {}) };
    if (!check.ok) state[check.side] = { reason: clean(check.reason), hint: clean(check.hint), ...coded };
  }
  return state;
}
