/**
 * A TenantDirectory in memory, for the web layer's tests: tenants with dots, an error queue,
 * activity, runs and explanations; every action is recorded (and applied to the queue), and the
 * whole directory can be made to fail.
 */
import type { BookingPeriod, ErrorClass } from '@koppelwerk/core';
import { emptyCounts, type ActivityEntry, type ErrorQueueEntry, type RunCounts, type RunRecord, type SyncSummary } from '@koppelwerk/engine';
import { checkResult, dismissedResult, runResult } from '../tenant-directory-views';
import { sampleReconcileView } from './sample-tenants';
import { UsageError } from '@koppelwerk/core/errors';
import {
  StaleTenantFileError,
  textFingerprint,
  UnknownTenantError,
  type AuditEntry,
  type AuditInput,
  type TenantFileText,
  type ActionResult,
  type ActivityQuery,
  type ErrorPage,
  type ErrorPageQuery,
  type ErrorSelection,
  type ExplainView,
  type ReconcileOutcome,
  type TenantDirectory,
  type TenantOverview,
} from '@koppelwerk/runtime';

export interface MemoryTenant {
  overview: TenantOverview;
  errors: ErrorQueueEntry[];
  activity: ActivityEntry[];
  runs: RunRecord[];
  /** Explanations by document key; a key not here is a document the tenant does not know. */
  explain: Record<string, ExplainView>;
}

export type RecordedAction =
  | { action: 'reprocess'; tenant: string; selection: ErrorSelection }
  | { action: 'dismiss'; tenant: string; ids: number[] }
  | { action: 'checkNow' | 'syncNow'; tenant: string }
  | { action: 'reconcile'; tenant: string; period: BookingPeriod }
  | { action: 'rebook'; tenant: string; documents: string[] }
  | { action: 'createTenant'; tenant: string; text: string }
  | { action: 'saveTenantFile'; tenant: string; text: string };

export class MemoryTenantDirectory implements TenantDirectory {
  readonly mode = 'embedded' as const;
  readonly actions: RecordedAction[] = [];
  /** When set, every call throws it (the store is down). */
  failure: Error | undefined;
  /** Tenants whose every call throws (their state does not open). */
  readonly failingTenants = new Set<string>();
  closed = false;

  /** What "Nu synchroniseren" reports: by default a run that booked 5 documents and parked 5. */
  syncCounts: Partial<RunCounts> = { read: 10, booked: 5, parked: 5 };

  constructor(private readonly data: Record<string, MemoryTenant>) {}

  private tenant(name: string): MemoryTenant {
    if (this.failure) throw this.failure;
    const tenant = Object.prototype.hasOwnProperty.call(this.data, name) ? this.data[name] : undefined;
    if (!tenant) throw new UnknownTenantError(name);
    if (this.failingTenants.has(name)) throw new Error(`the state database of ${name} cannot be opened: SQLITE_CANTOPEN`);
    return tenant;
  }

  async tenants(): Promise<string[]> {
    if (this.failure) throw this.failure;
    return Object.keys(this.data).sort();
  }

  async overview(tenants: readonly string[]): Promise<TenantOverview[]> {
    return tenants.map((name) => {
      const tenant = this.tenant(name);
      return { ...tenant.overview, openErrors: tenant.errors.filter((e) => e.resolvedAt === null).length };
    });
  }

  private matching(name: string, query: { errorClass?: ErrorClass; text?: string; includeResolved?: boolean }): ErrorQueueEntry[] {
    const text = query.text?.toLowerCase();
    return this.tenant(name).errors.filter(
      (e) =>
        (query.includeResolved || e.resolvedAt === null) &&
        (!query.errorClass || e.errorClass === query.errorClass) &&
        (!text || [e.documentKey, e.code ?? '', e.message].some((field) => field.toLowerCase().includes(text))),
    );
  }

  async errors(name: string, query: ErrorPageQuery): Promise<ErrorPage> {
    const all = this.matching(name, query);
    const start = (query.page - 1) * query.pageSize;
    const entries = all.slice(start, start + query.pageSize).map(({ rawJson: _raw, recordJson: _record, ...view }) => view);
    return { entries, total: all.length, page: query.page, pageSize: query.pageSize };
  }

  async error(name: string, id: number): Promise<ErrorQueueEntry | null> {
    return this.tenant(name).errors.find((e) => e.id === id) ?? null;
  }

  async activity(name: string, query: ActivityQuery): Promise<ActivityEntry[]> {
    const search = query.search?.toLowerCase();
    return this.tenant(name)
      .activity.filter((a) => query.beforeId === undefined || a.id < query.beforeId)
      .filter((a) => !search || [a.documentKey, a.relationCode, a.message].some((field) => field?.toLowerCase().includes(search)))
      .sort((a, b) => b.id - a.id)
      .slice(0, query.limit);
  }

  async runs(name: string, limit: number): Promise<RunRecord[]> {
    return this.tenant(name).runs.slice(0, limit);
  }

  async explain(name: string, document: string): Promise<ExplainView> {
    const tenant = this.tenant(name);
    const view = Object.prototype.hasOwnProperty.call(tenant.explain, document) ? tenant.explain[document] : undefined;
    if (!view) throw new UsageError(`no document ${document} in this tenant's state`);
    return view;
  }

  private resolve(name: string, ids: (entry: ErrorQueueEntry) => boolean, resolution: string): number {
    const entries = this.tenant(name).errors.filter((e) => e.resolvedAt === null && ids(e));
    for (const entry of entries) Object.assign(entry, { resolvedAt: new Date().toISOString(), resolution });
    return entries.length;
  }

  async reprocess(name: string, selection: ErrorSelection): Promise<ActionResult> {
    this.tenant(name);
    this.actions.push({ action: 'reprocess', tenant: name, selection });
    const n = 'ids' in selection ? this.resolve(name, (e) => selection.ids.includes(e.id), 'booked') : this.resolve(name, (e) => !selection.errorClass || e.errorClass === selection.errorClass, 'booked');
    return runResult(summary('retry', { read: n, booked: n }));
  }

  async dismiss(name: string, ids: number[]): Promise<ActionResult> {
    this.tenant(name);
    this.actions.push({ action: 'dismiss', tenant: name, ids });
    const n = this.resolve(name, (e) => ids.includes(e.id), 'dismissed');
    return dismissedResult(n, ids.length);
  }

  async checkNow(name: string): Promise<ActionResult> {
    const tenant = this.tenant(name);
    this.actions.push({ action: 'checkNow', tenant: name });
    const { source, sink } = tenant.overview.dots;
    const check = (dot: typeof source) => ({ ok: dot.state !== 'red', reason: dot.reason, hint: dot.hint, code: dot.code, params: dot.params });
    return checkResult({ source: source.title, sink: sink.title }, { source: check(source), sink: check(sink) });
  }

  async syncNow(name: string): Promise<ActionResult> {
    this.tenant(name);
    this.actions.push({ action: 'syncNow', tenant: name });
    return runResult(summary('sync', this.syncCounts));
  }

  async reconcile(name: string, period: BookingPeriod): Promise<ReconcileOutcome> {
    this.tenant(name);
    this.actions.push({ action: 'reconcile', tenant: name, period });
    return { view: sampleReconcileView(name, period) };
  }

  async rebook(name: string, documents: readonly string[]): Promise<ActionResult> {
    this.tenant(name);
    this.actions.push({ action: 'rebook', tenant: name, documents: [...documents] });
    return runResult(summary('rebook', { read: documents.length, booked: documents.length }));
  }

  /** Tenant file texts by tenant (a tenant without one has an empty text). */
  readonly texts: Record<string, string> = {};
  readonly audit: Array<AuditEntry & { tenant: string }> = [];

  async tenantFile(name: string): Promise<TenantFileText> {
    this.tenant(name);
    const text = this.texts[name] ?? '';
    return { text, fingerprint: textFingerprint(text) };
  }

  async saveTenantFile(name: string, text: string, fingerprint: string): Promise<void> {
    this.tenant(name);
    if (textFingerprint(this.texts[name] ?? '') !== fingerprint) throw new StaleTenantFileError(name);
    this.texts[name] = text;
    this.actions.push({ action: 'saveTenantFile', tenant: name, text });
  }

  async recordAudit(name: string, entry: AuditInput): Promise<void> {
    this.audit.push({ tenant: name, at: new Date().toISOString(), ...entry });
  }

  async auditLog(name: string, limit: number): Promise<AuditEntry[]> {
    return this.audit.filter((entry) => entry.tenant === name).reverse().slice(0, limit).map(({ tenant: _tenant, ...entry }) => entry);
  }

  async createTenant(tenant: string, text: string): Promise<void> {
    if (this.data[tenant]) throw new UsageError(`there is already a tenant ${tenant}: choose another name`);
    this.actions.push({ action: 'createTenant', tenant, text });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** A run's summary as the engine reports it, with these counts (parked ones make it `parked`). */
function summary(mode: 'sync' | 'retry' | 'rebook', counts: Partial<RunCounts>): SyncSummary {
  const all = { ...emptyCounts(), ...counts };
  const outcome = all.parked > 0 ? 'parked' : 'ok';
  const at = new Date().toISOString();
  return { runId: `memory-${mode}`, mode, counts: all, outcome, exitCode: outcome === 'ok' ? 0 : 1, stopped: false, reached: { source: true, sink: true }, startedAt: at, endedAt: at };
}
