/**
 * Test support for the daemon's unit tests: a clock the test moves, promises the test resolves by
 * hand, and a `DaemonWork` that records every run and check (a tenant can be made to block, fail,
 * or fail the way a machine out of descriptors does).
 */
import type { CheckResult, Clock } from '@koppelwerk/core';
import { emptyCounts, type SyncSummary } from '@koppelwerk/engine';
import type { TenantConfig } from '@koppelwerk/runtime';
import type { DaemonWork } from '../runtime-work';

export class TestClock implements Clock {
  constructor(public time = Date.parse('2025-03-03T08:00:00Z')) {}
  now(): Date {
    return new Date(this.time);
  }
  set(date: Date): void {
    this.time = date.getTime();
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

/** A promise the test resolves by hand. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Records every run and check; a tenant can be made to block or fail. */
export class FakeWork implements DaemonWork {
  readonly syncs: { tenant: string; signal: AbortSignal; config: TenantConfig }[] = [];
  readonly checks: string[] = [];
  readonly blockers = new Map<string, Promise<void>>();
  readonly failing = new Set<string>();
  /** Tenant -> the error its runs and checks throw. */
  readonly errors = new Map<string, unknown>();
  /** Tenant -> the message of a run that ends transient (as the engine reports it). */
  readonly transient = new Map<string, string>();
  /** Blocks every piece of work until the test resolves it (in start order). */
  holdAll = false;
  readonly held: (() => void)[] = [];
  inFlight = 0;
  maxInFlight = 0;
  aborted: number[] = [];

  async sync(config: TenantConfig, signal: AbortSignal): Promise<SyncSummary> {
    this.syncs.push({ tenant: config.tenant, signal, config });
    return this.busy(async () => {
      await this.blockers.get(config.tenant);
      if (this.failing.has(config.tenant)) throw new Error(`state database of ${config.tenant} is locked by the disk`);
      if (this.errors.has(config.tenant)) throw this.errors.get(config.tenant);
      const message = this.transient.get(config.tenant);
      const counts = { ...emptyCounts(), read: 3, booked: message ? 0 : 3 };
      return { runId: `run-${this.syncs.length}`, mode: 'sync', counts, outcome: message ? 'transient' : 'ok', exitCode: message ? 4 : 0, message, stopped: signal.aborted, reached: { source: !message, sink: false }, startedAt: '', endedAt: '' } as SyncSummary;
    });
  }

  async check(config: TenantConfig): Promise<{ source: CheckResult; sink: CheckResult }> {
    this.checks.push(config.tenant);
    return this.busy(async () => {
      if (this.errors.has(config.tenant)) throw this.errors.get(config.tenant);
      return { source: { ok: true }, sink: { ok: true } };
    });
  }

  async abort(withinMs: number): Promise<number> {
    this.aborted.push(withinMs);
    return this.inFlight;
  }

  syncsOf(tenant: string): number {
    return this.syncs.filter((s) => s.tenant === tenant).length;
  }

  /** Lets the oldest held piece of work go on. */
  release(): boolean {
    const next = this.held.shift();
    next?.();
    return next !== undefined;
  }

  private async busy<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.holdAll) await new Promise<void>((resolve) => this.held.push(resolve));
      return await work();
    } finally {
      this.inFlight--;
    }
  }
}
