/**
 * The process's Prometheus metrics (prom-client): one `KoppelwerkMetrics` per process, one Registry
 * in it. Every name starts with `koppelwerk_`; labels are low-cardinality only (tenant, side,
 * connector, method, outcome, error class), never a document key.
 *
 *   koppelwerk_documents_total{tenant,outcome}                 booked / parked / skipped, from each run's summary
 *   koppelwerk_run_duration_seconds{tenant,outcome}            histogram of whole runs (sync, retry, export)
 *   koppelwerk_connector_call_duration_seconds{tenant,side,connector,method}   every source and sink call
 *   koppelwerk_connector_call_errors_total{tenant,side,connector,method,error_class}
 *   koppelwerk_open_errors{tenant}                             the error queue's open entries
 *   koppelwerk_dot_state{tenant,side,state}                    1 for the dot's state (green, red, grey), 0 for the others
 *   koppelwerk_process_*, koppelwerk_nodejs_*                  prom-client's default process metrics
 *
 * The two gauges are filled when Prometheus scrapes: from a callback (the dashboard's directory,
 * which reads every tenant's state), or from the states observed after each run and check in this
 * process (`observeTenantState`, the daemon: it runs every tenant of its directory).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { KoppelwerkError } from '@koppelwerk/core';
import type { SyncSummary } from '@koppelwerk/engine';
import { DIFFERENCE_KINDS, type DotState, type TenantDirectory } from '@koppelwerk/runtime';

export const METRIC_PREFIX = 'koppelwerk_';
export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

export type ConnectorSideName = 'source' | 'sink';

/** One tenant's dots and open errors, as the gauges show them. */
export interface TenantGaugeState {
  tenant: string;
  sourceDot: DotState;
  sinkDot: DotState;
  openErrors: number;
}

export type TenantStateSource = () => Promise<readonly TenantGaugeState[]> | readonly TenantGaugeState[];

export interface MetricsOptions {
  /**
   * Where the dot and open-error gauges come from: a callback asked on every scrape, or
   * `observed` (what `observeTenantState` was told last). Default `observed`; `none` leaves the
   * gauges empty (a service worker, which sees only the tenants it happened to run).
   */
  tenantStates?: TenantStateSource | 'observed' | 'none';
  /** prom-client's default process metrics (CPU, memory, event loop, handles). Default true. */
  defaultMetrics?: boolean;
}

const DOT_STATES: readonly DotState[] = ['green', 'red', 'grey'];
const RUN_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
const CALL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class KoppelwerkMetrics {
  readonly registry = new Registry();
  private readonly documents: Counter<'tenant' | 'outcome'>;
  private readonly runDuration: Histogram<'tenant' | 'outcome'>;
  private readonly callDuration: Histogram<'tenant' | 'side' | 'connector' | 'method'>;
  private readonly callErrors: Counter<'tenant' | 'side' | 'connector' | 'method' | 'error_class'>;
  private readonly reconcileDifferences: Gauge<'tenant' | 'kind'>;
  private readonly observed = new Map<string, TenantGaugeState>();
  private tenantStates: TenantStateSource | 'observed' | 'none';

  constructor(options: MetricsOptions = {}) {
    this.tenantStates = options.tenantStates ?? 'observed';
    const registers = [this.registry];
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
    this.documents = new Counter({
      name: `${METRIC_PREFIX}documents_total`,
      help: 'Documents handled by runs, by what happened to them (booked, parked, skipped).',
      labelNames: ['tenant', 'outcome'],
      registers,
    });
    this.runDuration = new Histogram({
      name: `${METRIC_PREFIX}run_duration_seconds`,
      help: 'How long runs (sync, retry, export) took, by their outcome (ok, parked, authentication, transient, ...).',
      labelNames: ['tenant', 'outcome'],
      buckets: RUN_BUCKETS,
      registers,
    });
    this.callDuration = new Histogram({
      name: `${METRIC_PREFIX}connector_call_duration_seconds`,
      help: 'How long each call to a source or sink connector took (failed calls included).',
      labelNames: ['tenant', 'side', 'connector', 'method'],
      buckets: CALL_BUCKETS,
      registers,
    });
    this.callErrors = new Counter({
      name: `${METRIC_PREFIX}connector_call_errors_total`,
      help: 'Calls to a source or sink connector that threw, by the error class (authentication, transient, rejected, record, configuration, other).',
      labelNames: ['tenant', 'side', 'connector', 'method', 'error_class'],
      registers,
    });
    this.reconcileDifferences = new Gauge({
      name: `${METRIC_PREFIX}reconcile_differences`,
      help: 'Differences the last reconciliation of the tenant found, by kind (missing-in-books, deleted-in-books, changed-in-books, unknown-in-books, changed-in-source).',
      labelNames: ['tenant', 'kind'],
      registers,
    });
    const states = () => this.currentStates();
    new Gauge({
      name: `${METRIC_PREFIX}open_errors`,
      help: 'Open entries in the tenant\'s error queue (parked documents waiting for a person).',
      labelNames: ['tenant'],
      registers,
      async collect() {
        this.reset();
        for (const state of await states()) this.set({ tenant: state.tenant }, state.openErrors);
      },
    });
    new Gauge({
      name: `${METRIC_PREFIX}dot_state`,
      help: 'The connection dots: 1 for the state a dot is in (green, red, or grey when not checked yet), 0 for the others.',
      labelNames: ['tenant', 'side', 'state'],
      registers,
      async collect() {
        this.reset();
        for (const state of await states()) {
          for (const side of ['source', 'sink'] as const) {
            const dot = side === 'source' ? state.sourceDot : state.sinkDot;
            for (const candidate of DOT_STATES) this.set({ tenant: state.tenant, side, state: candidate }, candidate === dot ? 1 : 0);
          }
        }
      },
    });
  }

  /** Counts a finished run's documents and its duration. Dry runs book nothing and are left out. */
  recordRun(tenant: string, summary: SyncSummary): void {
    if (summary.mode === 'dry-run') return;
    for (const outcome of ['booked', 'parked', 'skipped'] as const) this.documents.inc({ tenant, outcome }, summary.counts[outcome]);
    const seconds = (Date.parse(summary.endedAt) - Date.parse(summary.startedAt)) / 1000;
    if (Number.isFinite(seconds) && seconds >= 0) this.runDuration.observe({ tenant, outcome: summary.outcome }, seconds);
  }

  /** A reconciliation's differences per kind (every kind, 0 for those it did not find). */
  recordReconcile(tenant: string, differences: readonly { kind: string }[]): void {
    for (const kind of DIFFERENCE_KINDS) this.reconcileDifferences.set({ tenant, kind }, differences.filter((d) => d.kind === kind).length);
  }

  /** One connector call: its duration, and its error class when it threw. */
  recordCall(call: { tenant: string; side: ConnectorSideName; connector: string; method: string; seconds: number; error?: unknown }): void {
    const { tenant, side, connector, method } = call;
    this.callDuration.observe({ tenant, side, connector, method }, call.seconds);
    if (call.error !== undefined) {
      const errorClass = KoppelwerkError.is(call.error) ? call.error.errorClass : 'other';
      this.callErrors.inc({ tenant, side, connector, method, error_class: errorClass });
    }
  }

  /** The tenant's dots and open errors as last seen by this process (used when the gauges are `observed`). */
  observeTenantState(state: TenantGaugeState): void {
    if (this.tenantStates === 'observed') this.observed.set(state.tenant, { ...state });
  }

  /** A tenant that is no longer configured: its gauges go (its counters stay until the process restarts). */
  forgetTenant(tenant: string): void {
    this.observed.delete(tenant);
  }

  /** Replaces where the gauges come from (the dashboard sets its directory once it is open). */
  useTenantStates(source: TenantStateSource | 'observed' | 'none'): void {
    this.tenantStates = source;
  }

  /** The text Prometheus scrapes. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private async currentStates(): Promise<readonly TenantGaugeState[]> {
    const source = this.tenantStates;
    if (source === 'none') return [];
    if (source === 'observed') return [...this.observed.values()];
    return source();
  }
}

/** The gauges of `serve`: every tenant's dots and open errors from the dashboard's directory, on each scrape. */
export function directoryTenantStates(directory: Pick<TenantDirectory, 'tenants' | 'overview'>): TenantStateSource {
  return async () =>
    (await directory.overview(await directory.tenants())).map((tenant) => ({
      tenant: tenant.tenant,
      sourceDot: tenant.dots.source.state,
      sinkDot: tenant.dots.sink.state,
      openErrors: tenant.openErrors,
    }));
}
