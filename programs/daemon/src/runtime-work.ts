/**
 * The daemon's real work: every run and check opens a fresh tenant runtime (log file, container,
 * sink session, caches, state store) and closes all of it when it ends, whichever way it ends.
 * Open runtimes are known, so a stop that cannot wait any longer closes their sink sessions.
 */
import { describeError, hasCapability, type CheckResult } from '@koppelwerk/core';
import type { SyncSummary } from '@koppelwerk/engine';
import { checkTenant, type OpenOptions, openTenantConfig, runImport, type TenantConfig, type TenantRuntime } from '@koppelwerk/runtime';
import type { TenantObserver } from '@koppelwerk/observability';

/** What the daemon does for a tenant. */
export interface DaemonWork {
  /** One sync run; when `signal` aborts it finishes the documents in flight and returns. */
  sync(config: TenantConfig, signal: AbortSignal): Promise<SyncSummary>;
  /** Both dots, saved in the tenant's state. */
  check(config: TenantConfig): Promise<{ source: CheckResult; sink: CheckResult }>;
  /**
   * The stop cannot wait any longer: close every sink session still open (e-Boekhouden
   * CloseSession) within `withinMs`. Documents whose write is under way stay in doubt; the next
   * run settles them by asking the sink. Resolves with the number of runs cut short.
   */
  abort?(withinMs: number): Promise<number>;
}

export class RuntimeWork implements DaemonWork {
  private readonly open = new Set<TenantRuntime>();

  /** `observer` is told every run's summary and every check (metrics and alerts). */
  constructor(private readonly options: OpenOptions & { observer?: TenantObserver } = {}) {}

  /** Runtimes open right now (runs and checks in flight). */
  get inUse(): number {
    return this.open.size;
  }

  async sync(config: TenantConfig, signal: AbortSignal): Promise<SyncSummary> {
    const runtime = await this.openRuntime(config);
    try {
      // Sources that also receive from the bookkeeping (WerkbonApp) get both directions on one cadence:
      // relations, materials and hour types first, so the work orders that follow can use them.
      if (hasCapability(config.source.manifest, 'import-target') && !signal.aborted) {
        try {
          runtime.logger.info((await runImport(runtime)).message, { direction: 'import' });
        } catch (error) {
          runtime.logger.warn(`import from the bookkeeping failed: ${describeError(error)}`, { direction: 'import' });
        }
      }
      const summary = await runtime.engine.sync({ runId: runtime.runId, signal });
      await this.options.observer?.afterRun(runtime, summary);
      return summary;
    } finally {
      await this.closeRuntime(runtime);
    }
  }

  async check(config: TenantConfig): Promise<{ source: CheckResult; sink: CheckResult }> {
    const runtime = await this.openRuntime(config);
    try {
      const checks = await checkTenant(runtime);
      await this.options.observer?.afterCheck(runtime);
      return checks;
    } finally {
      await this.closeRuntime(runtime);
    }
  }

  async abort(withinMs: number): Promise<number> {
    const runtimes = [...this.open];
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, withinMs)));
    try {
      await Promise.race([Promise.allSettled(runtimes.map((runtime) => runtime.sink.close())), bound]);
    } finally {
      clearTimeout(timer);
    }
    return runtimes.length;
  }

  private async openRuntime(config: TenantConfig): Promise<TenantRuntime> {
    const runtime = await openTenantConfig(config, this.options);
    this.open.add(runtime);
    return runtime;
  }

  private async closeRuntime(runtime: TenantRuntime): Promise<void> {
    try {
      await runtime.close();
    } finally {
      this.open.delete(runtime);
    }
  }
}

/** The default work of a daemon built without one. */
export const runtimeWork = new RuntimeWork();
