/**
 * The service TenantDirectory: tenants from the `tenants` table, each tenant's state through a
 * PostgresStateStore on one shared pool, and actions sent to the workers' queue.
 *
 * - The overview is two queries whatever the number of tenants: the tenants' rows, then every
 *   tenant's dots, last run, open errors and lock at once (`PostgresStateStore.summaries`). The
 *   connectors' titles come from each tenant's stored file, parsed once per version of it. One
 *   reading of every tenant serves all overview requests for a few seconds (each overview says
 *   when it was read); an action here drops it, so its result shows at once.
 * - Reprocess, check and sync go to the queue (`enqueueAndWait`): a worker runs them under the
 *   queue's one-job-per-tenant rule, exactly as `koppelwerk retry|check|sync --database` do; the
 *   reprocess selection travels in the job. pg-boss is started at the first action only.
 * - Dismiss changes one row, directly on the store. Explain asks the source from this process
 *   (its secrets resolved from this process's environment, as a worker resolves them).
 */
import { join, resolve } from 'node:path';
import { errorParams, UsageError, type BookingPeriod, type CheckResult, type CodedText, type ConnectorRegistry } from '@koppelwerk/core';
import type { ErrorQueueEntry, StateStore, SyncSummary } from '@koppelwerk/engine';
import { PostgresStateStore } from '@koppelwerk/store-postgres';
import { type RebookRefusal, type ReconcileOutcome, type ReconcileView, type ActionResult, type ActivityQuery, type AuditEntry, type AuditInput, StaleTenantFileError, type TenantFileText, textFingerprint, type ErrorPage, type ErrorPageQuery, type ErrorSelection, explainDocument, type ExplainView, parseTenantYaml, type TenantDirectory, type TenantOverview, UnknownTenantError } from '@koppelwerk/runtime';
import { checkServiceTenantText, enqueueAndWait, TenantAudit, nextCadenceRun, openServiceRuntime, sourceSideTenantConfig, startTenantQueue, type TenantJobData, type TenantQueue, TenantTable } from '@koppelwerk/service';
import * as views from './tenant-directory-views';

export interface ServiceDirectoryOptions {
  /** Resolves the tenants' secret references for `explain`. Default: this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** How long an action waits for a worker's result. Default 2 minutes. */
  waitMs?: number;
  /** Where `explain` writes the tenant's log. Default `logs`. */
  logDir?: string;
  /** How old the overview's reading of every tenant may be. Default 5 s; 0 reads on every request. */
  overviewMaxAgeMs?: number;
}

/** What the stored tenant file says, for the overview: the connectors' titles, or why it does not load. */
interface FileFacts {
  updatedAt: string;
  titles: { source: string; sink: string };
  problem?: string;
  problemText?: CodedText;
}

interface TenantRowFacts {
  tenant: string;
  every_minutes: number;
  schedule_enabled: boolean;
  updated_at: Date;
}

export async function openServiceDirectory(url: string, registry: ConnectorRegistry, options: ServiceDirectoryOptions = {}): Promise<ServiceDirectory> {
  return new ServiceDirectory(url, await TenantTable.open(url), registry, options);
}

export class ServiceDirectory implements TenantDirectory {
  readonly mode = 'service' as const;
  private readonly files = new Map<string, FileFacts>();
  private queue?: Promise<TenantQueue>;
  private reading?: { at: number; overviews: Promise<Map<string, TenantOverview>> };
  private readonly audit: TenantAudit;

  constructor(
    private readonly url: string,
    private readonly table: TenantTable,
    private readonly registry: ConnectorRegistry,
    private readonly options: ServiceDirectoryOptions = {},
  ) {
    this.audit = new TenantAudit(table.pool);
  }

  async createTenant(tenant: string, text: string): Promise<void> {
    const checked = checkServiceTenantText(text, join(process.cwd(), `${tenant}.yaml`), this.registry, this.options.env);
    if (checked.tenant !== tenant) throw new UsageError(`the tenant file names the tenant ${checked.tenant}, not ${tenant}`);
    if (await this.table.get(tenant)) throw new UsageError(`there is already a tenant ${tenant}: choose another name`);
    await this.table.upsert(tenant, checked.yaml, checked.everyMinutes, checked.scheduleEnabled);
    this.reading = undefined;
  }

  async tenantFile(tenant: string): Promise<TenantFileText> {
    const row = await this.table.get(tenant);
    if (!row) throw new UnknownTenantError(tenant);
    return { text: row.configYaml, fingerprint: textFingerprint(row.configYaml) };
  }

  async saveTenantFile(tenant: string, text: string, fingerprint: string): Promise<void> {
    const row = await this.table.get(tenant);
    if (!row) throw new UnknownTenantError(tenant);
    if (textFingerprint(row.configYaml) !== fingerprint) throw new StaleTenantFileError(tenant);
    const checked = checkServiceTenantText(text, join(process.cwd(), `${tenant}.yaml`), this.registry, this.options.env);
    if (checked.tenant !== tenant) throw new UsageError(`the tenant file names the tenant ${checked.tenant}, not ${tenant}`);
    // Only over the text the form was made from: a change meanwhile is refused, not overwritten.
    if (!(await this.table.replaceConfigYaml(tenant, row.configYaml, checked.yaml))) throw new StaleTenantFileError(tenant);
    await this.table.upsert(tenant, checked.yaml, checked.everyMinutes, checked.scheduleEnabled);
    this.files.delete(tenant);
    this.reading = undefined;
  }

  async recordAudit(tenant: string, entry: AuditInput): Promise<void> {
    await this.audit.record(tenant, entry);
  }

  async auditLog(tenant: string, limit: number): Promise<AuditEntry[]> {
    return this.audit.list(tenant, limit);
  }

  async tenants(): Promise<string[]> {
    return (await this.table.pool.query<{ tenant: string }>('SELECT tenant FROM tenants ORDER BY tenant')).rows.map((row) => row.tenant);
  }

  async overview(tenants: readonly string[]): Promise<TenantOverview[]> {
    let all = await this.everyOverview();
    // A tenant added since the last reading: read again once before calling it unknown.
    if (tenants.some((tenant) => !all.has(tenant))) all = await this.everyOverview({ fresh: true });
    return tenants.map((tenant) => {
      const overview = all.get(tenant);
      if (!overview) throw new UnknownTenantError(tenant);
      return overview;
    });
  }

  /** Every tenant's overview, from a reading at most `overviewMaxAgeMs` old (requests meanwhile share it). */
  private everyOverview(options: { fresh?: boolean } = {}): Promise<Map<string, TenantOverview>> {
    const now = Date.now();
    const maxAge = this.options.overviewMaxAgeMs ?? 5_000;
    if (options.fresh || !this.reading || now - this.reading.at >= maxAge) {
      const overviews = this.tenants()
        .then((names) => this.readOverviews(names))
        .then((list) => new Map(list.map((overview) => [overview.tenant, overview])));
      const reading = { at: now, overviews };
      this.reading = reading;
      overviews.catch(() => {
        if (this.reading === reading) this.reading = undefined;
      });
    }
    return this.reading.overviews;
  }

  private async readOverviews(tenants: readonly string[]): Promise<TenantOverview[]> {
    const { rows } = await this.table.pool.query<TenantRowFacts>(
      'SELECT tenant, every_minutes, schedule_enabled, updated_at FROM tenants WHERE tenant = ANY($1)',
      [tenants],
    );
    const byName = new Map(rows.map((row) => [row.tenant, row]));
    const unknown = tenants.find((tenant) => !byName.has(tenant));
    if (unknown !== undefined) throw new UnknownTenantError(unknown);
    await this.readFiles(rows);
    const summaries = await PostgresStateStore.summaries(this.table.pool, tenants);
    const readAt = new Date();
    const result: TenantOverview[] = [];
    for (const { tenant, ...state } of summaries) {
      const row = byName.get(tenant)!;
      const facts = this.files.get(tenant)!;
      if (facts.problem) {
        result.push(views.problemOverview(tenant, facts.problem, readAt, facts.problemText));
        continue;
      }
      const next = row.schedule_enabled ? nextCadenceRun(tenant, row.every_minutes, readAt) : null;
      result.push(views.overviewOf({ tenant, titles: facts.titles, state, everyMinutes: row.every_minutes, nextRunAt: next, readAt }));
    }
    return result;
  }

  async errors(tenant: string, query: ErrorPageQuery): Promise<ErrorPage> {
    return this.withStore(tenant, (store) => views.readErrorPage(store, query));
  }

  async error(tenant: string, id: number): Promise<ErrorQueueEntry | null> {
    return this.withStore(tenant, async (store) => (await store.listErrors({ ids: [id], includeResolved: true }))[0] ?? null);
  }

  async activity(tenant: string, query: ActivityQuery) {
    const search = query.search?.trim();
    return this.withStore(tenant, (store) => store.listActivity({ limit: query.limit, beforeId: query.beforeId, ...(search ? { search } : {}) }));
  }

  async runs(tenant: string, limit: number) {
    return this.withStore(tenant, (store) => store.listRuns(limit));
  }

  async explain(tenant: string, document: string): Promise<ExplainView> {
    const yaml = await this.yaml(tenant);
    // Explaining asks the source only: the sink's secrets need not be set where the dashboard runs.
    const config = sourceSideTenantConfig(tenant, yaml, this.registry, this.options.env ?? process.env);
    const runtime = await openServiceRuntime(this.table, config, { logFile: join(resolve(this.options.logDir ?? 'logs'), `${tenant}.log`) });
    try {
      return views.explainView(await explainDocument(runtime, document));
    } finally {
      await runtime.close();
    }
  }

  async reprocess(tenant: string, selection: ErrorSelection): Promise<ActionResult> {
    const { retry, ...before } = await this.withStore(tenant, (store) => views.retrySelectionOf(store, selection));
    if (!retry) return views.nothingToReprocess(before);
    return this.send({ tenant, command: 'retry', selection: retry }, before);
  }

  async dismiss(tenant: string, ids: number[]): Promise<ActionResult> {
    try {
      return await this.withStore(tenant, (store) => views.dismissEntries(store, ids));
    } finally {
      this.reading = undefined;
    }
  }

  async checkNow(tenant: string): Promise<ActionResult> {
    await this.yaml(tenant);
    return this.send({ tenant, command: 'check' });
  }

  async syncNow(tenant: string): Promise<ActionResult> {
    await this.yaml(tenant);
    return this.send({ tenant, command: 'sync' });
  }

  async reconcile(tenant: string, period: BookingPeriod): Promise<ReconcileOutcome> {
    await this.yaml(tenant);
    const sent = await this.send({ tenant, command: 'reconcile', from: period.from, to: period.to });
    return 'view' in sent ? { view: sent.view } : { failed: sent };
  }

  async rebook(tenant: string, documents: readonly string[]): Promise<ActionResult> {
    await this.yaml(tenant);
    const sent = await this.send({ tenant, command: 'reconcile', rebook: [...documents] });
    return 'view' in sent ? views.failedWith('ACTION_NO_RESULT', { command: 'reconcile', tenant }) : sent;
  }

  async close(): Promise<void> {
    try {
      const queue = await this.queue?.catch(() => undefined);
      await queue?.stop({ graceful: false });
    } finally {
      await this.table.close();
    }
  }

  /** The tenant's stored file; UnknownTenantError when the table has no such tenant. */
  private async yaml(tenant: string): Promise<string> {
    const row = await this.table.get(tenant);
    if (!row) throw new UnknownTenantError(tenant);
    return row.configYaml;
  }

  private async withStore<T>(tenant: string, read: (store: StateStore) => Promise<T>): Promise<T> {
    await this.yaml(tenant);
    const store = await PostgresStateStore.open({ pool: this.table.pool, tenant });
    try {
      return await read(store);
    } finally {
      await store.close();
    }
  }

  /** The connectors' titles from the stored files, read and parsed again only for files that changed (one query). */
  private async readFiles(rows: readonly TenantRowFacts[]): Promise<void> {
    const stale = rows.filter((row) => this.files.get(row.tenant)?.updatedAt !== row.updated_at.toISOString());
    if (stale.length === 0) return;
    const { rows: files } = await this.table.pool.query<{ tenant: string; config_yaml: string; updated_at: Date }>(
      'SELECT tenant, config_yaml, updated_at FROM tenants WHERE tenant = ANY($1)',
      [stale.map((row) => row.tenant)],
    );
    for (const file of files) this.files.set(file.tenant, this.fileFacts(file.tenant, file.config_yaml, file.updated_at.toISOString()));
  }

  /** The connectors named in the stored file (`tenants add` validated the rest; a worker resolves its secrets). */
  private fileFacts(tenant: string, yaml: string, updatedAt: string): FileFacts {
    try {
      const raw = (parseTenantYaml(yaml, `tenant ${tenant}`) ?? {}) as { source?: { connector?: unknown }; sink?: { connector?: unknown } };
      const title = (side: 'source' | 'sink') => this.registry.get(String(raw[side]?.connector ?? ''), side, `${side}.connector`).title;
      return { updatedAt, titles: { source: title('source'), sink: title('sink') } };
    } catch (error) {
      const problem = views.tenantFileProblem(`tenant ${tenant}`, error);
      return { updatedAt, titles: { source: 'source', sink: 'sink' }, problem: problem.message, problemText: problem.text };
    }
  }

  /** Sends a command to the tenant's queue and waits for a worker's result. */
  private async send(data: TenantJobData & { command: 'reconcile' }, before?: { lines: string[]; notes: CodedText[] }): Promise<ActionResult | { view: ReconcileView }>;
  private async send(data: TenantJobData, before?: { lines: string[]; notes: CodedText[] }): Promise<ActionResult>;
  private async send(data: TenantJobData, before: { lines: string[]; notes: CodedText[] } = { lines: [], notes: [] }): Promise<ActionResult | { view: ReconcileView }> {
    const waitMs = this.options.waitMs ?? 120_000;
    let result;
    try {
      this.queue ??= startTenantQueue(this.url, 'client', () => undefined);
      this.queue.catch(() => (this.queue = undefined));
      result = await enqueueAndWait(await this.queue, data, waitMs);
      this.reading = undefined;
    } catch (error) {
      return views.failedWith('ACTION_NOT_QUEUED', { command: data.command, tenant: data.tenant, ...errorParams('cause', error) }, before);
    }
    const output = (result.output ?? {}) as { summary?: SyncSummary; source?: CheckResult; sink?: CheckResult; message?: string; view?: ReconcileView; refused?: RebookRefusal[] };
    if (result.state === 'timeout') {
      const minutes = Math.max(1, Math.round(waitMs / 60_000));
      return views.failedWith('ACTION_NO_WORKER', { command: data.command, tenant: data.tenant, minutes }, before);
    }
    if (result.state !== 'completed') {
      return views.failedWith('ACTION_WORKER_FAILED', { command: data.command, tenant: data.tenant, state: result.state, said: output.message }, before);
    }
    if (output.view) return { view: output.view };
    if (output.refused) return views.rebookResult({ documents: [], refused: output.refused }, output.summary);
    if (output.summary) return views.runResult(output.summary, before);
    if (output.source && output.sink) {
      const facts = this.files.get(data.tenant)?.titles ?? { source: 'source', sink: 'sink' };
      return views.checkResult(facts, { source: output.source, sink: output.sink });
    }
    return views.failedWith('ACTION_NO_RESULT', { command: data.command, tenant: data.tenant }, before);
  }
}
