/**
 * The embedded TenantDirectory: a tenant file or a directory of them (as the daemon reads it),
 * each tenant's state in its own SQLite file.
 *
 * - The overview answers from a snapshot refreshed in the background and after every action
 *   (dashboard-snapshot.ts; each overview says when it was read). A state file that does not
 *   exist yet is not created by reading: the tenant shows grey dots and no runs.
 * - A tenant's pages (errors, activity, runs) open its SqliteStateStore for the request and close
 *   it (a few milliseconds); nothing stays open between requests.
 * - Actions open the tenant's runtime as `koppelwerk retry|check|sync` do and run the same engine
 *   paths in this process. Runs take the tenant's run lock as every run does; check and dismiss
 *   take it too. A tenant busy elsewhere (a daemon's run) gives a "busy" result: never a second run.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ENGINE_MESSAGES, RUNTIME_MESSAGES, Redactor, UsageError, errorParams, wordedBy, type BookingPeriod, type CodedText, type ConnectorRegistry } from '@koppelwerk/core';
import { acquireRunLock, currentProcessOwner, nextRunAt, type ErrorQueueEntry, type StateStore, type TenantStateSummary } from '@koppelwerk/engine';
import { SqliteStateStore } from '@koppelwerk/store-sqlite';
import { planRebook, rebookDocuments, reconcileTenant, reconcileView, type ReconcileOutcome, type ActionResult, type ActivityQuery, type AuditEntry, type AuditInput, checkDraftFile, StaleTenantFileError, type TenantFileText, textFingerprint, writeFileAtomically, checkTenant, type ErrorPage, type ErrorPageQuery, type ErrorSelection, explainDocument, type ExplainView, type OpenOptions, openTenantConfig, type TenantConfig, type TenantDirectory, type TenantOverview, type TenantRuntime, UnknownTenantError } from '@koppelwerk/runtime';
import { appendAudit, readAudit } from './audit-file';
import { DashboardSnapshot, type SnapshotOptions } from './dashboard-snapshot';
import { TenantFiles, type TenantFile } from './embedded-directory-files';
import * as views from './tenant-directory-views';

const lockWords = wordedBy(ENGINE_MESSAGES);
const stateUnreadable = wordedBy(RUNTIME_MESSAGES);

export interface EmbeddedDirectoryOptions {
  env?: NodeJS.ProcessEnv;
  /** How the background snapshot paces itself. */
  snapshot?: SnapshotOptions;
  /** Passed to every runtime an action opens (tests give a clock). */
  runtime?: OpenOptions;
}

const NO_STATE: Omit<TenantStateSummary, 'tenant'> = { checks: [], lastRun: null, openErrors: 0, lock: null };

/** Opens the directory and reads every tenant once before it answers. */
export async function openEmbeddedDirectory(pathOrDir: string, registry: ConnectorRegistry, options: EmbeddedDirectoryOptions = {}): Promise<EmbeddedDirectory> {
  const directory = new EmbeddedDirectory(new TenantFiles(pathOrDir, registry, options.env), options);
  await directory.start();
  return directory;
}

export class EmbeddedDirectory implements TenantDirectory {
  readonly mode = 'embedded' as const;
  private readonly snapshot: DashboardSnapshot;

  constructor(
    private readonly files: TenantFiles,
    private readonly options: EmbeddedDirectoryOptions = {},
  ) {
    this.snapshot = new DashboardSnapshot({ scan: () => files.scan(), names: () => files.names(), read: (name) => this.readOverview(name) }, options.snapshot);
  }

  async start(): Promise<void> {
    await this.snapshot.refreshAll();
    this.snapshot.start();
  }

  /** Reads the tenant files and every tenant's state again now (the background does it on its own). */
  refresh(): Promise<void> {
    return this.snapshot.refreshAll();
  }

  async tenants(): Promise<string[]> {
    return this.files.names();
  }

  async overview(tenants: readonly string[]): Promise<TenantOverview[]> {
    for (const tenant of tenants) this.entry(tenant);
    return this.snapshot.overview(tenants);
  }

  async errors(tenant: string, query: ErrorPageQuery): Promise<ErrorPage> {
    const { page, pageSize } = views.errorPaging(query);
    return (await this.read(tenant, (store) => views.readErrorPage(store, query))) ?? { entries: [], total: 0, page, pageSize };
  }

  async error(tenant: string, id: number): Promise<ErrorQueueEntry | null> {
    return (await this.read(tenant, async (store) => (await store.listErrors({ ids: [id], includeResolved: true }))[0] ?? null)) ?? null;
  }

  async activity(tenant: string, query: ActivityQuery) {
    const search = query.search?.trim();
    return (await this.read(tenant, (store) => store.listActivity({ limit: query.limit, beforeId: query.beforeId, ...(search ? { search } : {}) }))) ?? [];
  }

  async runs(tenant: string, limit: number) {
    return (await this.read(tenant, (store) => store.listRuns(limit))) ?? [];
  }

  async explain(tenant: string, document: string): Promise<ExplainView> {
    const config = this.config(tenant, { reload: true });
    if ('unusable' in config) return { document, refused: { errorClass: 'configuration', message: config.unusable, code: config.text.code, params: config.text.params } };
    const runtime = await openTenantConfig(config, this.options.runtime);
    try {
      return views.explainView(await explainDocument(runtime, document));
    } finally {
      await runtime.close();
    }
  }

  async reprocess(tenant: string, selection: ErrorSelection): Promise<ActionResult> {
    return this.act(tenant, async (runtime) => {
      const { retry, ...before } = await views.retrySelectionOf(runtime.store, selection);
      if (!retry) return views.nothingToReprocess(before);
      return views.runResult(await runtime.engine.retry(retry, { runId: runtime.runId }), before);
    });
  }

  async dismiss(tenant: string, ids: number[]): Promise<ActionResult> {
    return this.act(tenant, (runtime) => underLock(runtime, () => views.dismissEntries(runtime.store, ids)));
  }

  async checkNow(tenant: string): Promise<ActionResult> {
    return this.act(tenant, (runtime) => underLock(runtime, async () => views.checkResult(titles(runtime.config), await checkTenant(runtime))));
  }

  async syncNow(tenant: string): Promise<ActionResult> {
    return this.act(tenant, async (runtime) => views.runResult(await runtime.engine.sync({ runId: runtime.runId })));
  }

  async reconcile(tenant: string, period: BookingPeriod): Promise<ReconcileOutcome> {
    const config = this.config(tenant, { reload: true });
    if ('unusable' in config) return { failed: { ok: false, message: config.unusable, lines: [], text: config.text, notes: [] } };
    const redactor = new Redactor(config.secrets);
    try {
      const runtime = await openTenantConfig(config, this.options.runtime);
      try {
        return { view: reconcileView(await reconcileTenant(runtime, period)) };
      } finally {
        await runtime.close();
      }
    } catch (error) {
      return { failed: views.failedResult(error, (text) => redactor.redactText(text), tenant) };
    }
  }

  async rebook(tenant: string, documents: readonly string[]): Promise<ActionResult> {
    return this.act(tenant, async (runtime) => {
      const plan = await planRebook(runtime, documents);
      return views.rebookResult(plan, plan.documents.length > 0 ? await rebookDocuments(runtime, plan) : undefined);
    });
  }

  async createTenant(tenant: string, text: string): Promise<void> {
    const folder = this.files.directory();
    if (!folder) throw new UsageError('this dashboard serves one tenant file: serve a folder of tenant files (`koppelwerk serve <folder>`) to add tenants');
    if (this.files.get(tenant)) throw new UsageError(`there is already a tenant ${tenant}: choose another name`);
    const file = join(folder, `${tenant}.yaml`);
    const config = checkDraftFile(text, this.files.registry, file, this.options.env);
    if (config.tenant !== tenant) throw new UsageError(`the tenant file names the tenant ${config.tenant}, not ${tenant}`);
    try {
      // The file holds the tenant's settings: the owner's alone; never over an existing file.
      writeFileSync(file, text, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'EEXIST') throw new UsageError(`${basename(file)} already exists in the tenants folder: choose another name`);
      throw error;
    }
    await this.snapshot.refreshAll();
  }

  async tenantFile(tenant: string): Promise<TenantFileText> {
    const text = readFileSync(this.entry(tenant).file, 'utf8');
    return { text, fingerprint: textFingerprint(text) };
  }

  async saveTenantFile(tenant: string, text: string, fingerprint: string): Promise<void> {
    const { file } = this.entry(tenant);
    if (textFingerprint(readFileSync(file, 'utf8')) !== fingerprint) throw new StaleTenantFileError(tenant);
    const config = checkDraftFile(text, this.files.registry, file, this.options.env);
    if (config.tenant !== tenant) throw new UsageError(`the tenant file names the tenant ${config.tenant}, not ${tenant}`);
    writeFileAtomically(file, text, statSync(file).mode & 0o777);
    await this.snapshot.refreshAll();
  }

  async recordAudit(tenant: string, entry: AuditInput): Promise<void> {
    appendAudit(this.auditFile(tenant), entry);
  }

  async auditLog(tenant: string, limit: number): Promise<AuditEntry[]> {
    return readAudit(this.auditFile(tenant), limit);
  }

  async close(): Promise<void> {
    await this.snapshot.stop();
  }

  /** Beside the tenant's state (or its file, while that does not load). */
  private auditFile(tenant: string): string {
    const entry = this.entry(tenant);
    return join(entry.config ? dirname(entry.config.statePath) : dirname(entry.file), `${tenant}.audit.jsonl`);
  }

  private entry(tenant: string): TenantFile {
    const entry = this.files.get(tenant);
    if (!entry) throw new UnknownTenantError(tenant);
    return entry;
  }

  /** The tenant's configuration (for an action: its file read again now), or why its file does not load. */
  private config(tenant: string, options: { reload?: boolean } = {}): TenantConfig | { unusable: string; text: CodedText } {
    const scanned = this.entry(tenant);
    const entry = (options.reload ? this.files.reloaded(tenant) : undefined) ?? scanned;
    if (entry.config) return entry.config;
    const problem = views.tenantFileProblem(basename(entry.file), entry.problemError ?? new Error(entry.problem ?? 'it does not load'));
    return { unusable: problem.message, text: problem.text };
  }

  /** Reads the tenant's state; undefined when its file does not load or it has no state yet. */
  private async read<T>(tenant: string, reader: (store: StateStore) => Promise<T>): Promise<T | undefined> {
    const config = this.config(tenant);
    if ('unusable' in config || !existsSync(config.statePath)) return undefined;
    const store = new SqliteStateStore({ path: config.statePath });
    try {
      return await reader(store);
    } finally {
      await store.close();
    }
  }

  private async readOverview(tenant: string): Promise<TenantOverview> {
    const readAt = new Date();
    const config = this.config(tenant);
    if ('unusable' in config) return views.problemOverview(tenant, config.unusable, readAt, config.text);
    try {
      const state =
        (await this.read(tenant, async (store) => {
          const [checks, runs, openErrors, lock] = await Promise.all([store.getChecks(), store.listRuns(1), store.countOpenErrors(), store.getLock()]);
          return { checks, lastRun: runs[0] ?? null, openErrors, lock };
        })) ?? NO_STATE;
      const next = config.scheduleEnabled ? nextRunAt({ tenant: config.tenant, intervalMinutes: config.everyMinutes }, readAt) : null;
      return views.overviewOf({ tenant, titles: titles(config), state, everyMinutes: config.everyMinutes, nextRunAt: next, readAt });
    } catch (error) {
      const redactor = new Redactor(config.secrets);
      const unreadable = stateUnreadable.text('STATE_UNREADABLE', { tenant, ...errorParams('cause', error, (text) => redactor.redactText(text)) });
      return views.problemOverview(tenant, unreadable.message, readAt, { code: unreadable.code, params: unreadable.params });
    }
  }

  /** Runs an action on the tenant's runtime; what goes wrong is its result. The snapshot reads the tenant again after it. */
  private async act(tenant: string, action: (runtime: TenantRuntime) => Promise<ActionResult>): Promise<ActionResult> {
    const config = this.config(tenant, { reload: true });
    if ('unusable' in config) return { ok: false, message: config.unusable, lines: [], text: config.text, notes: [] };
    const redactor = new Redactor(config.secrets);
    try {
      const runtime = await openTenantConfig(config, this.options.runtime);
      try {
        return views.redactResult(await action(runtime), (text) => redactor.redactText(text));
      } finally {
        await runtime.close();
      }
    } catch (error) {
      return views.failedResult(error, (text) => redactor.redactText(text), tenant);
    } finally {
      await this.snapshot.refresh(tenant).catch(() => undefined);
    }
  }
}

function titles(config: TenantConfig): { source: string; sink: string } {
  return { source: config.source.manifest.title, sink: config.sink.manifest.title };
}

/** Runs `work` holding the tenant's run lock, as a run holds it; busy when another run has it. */
async function underLock(runtime: TenantRuntime, work: () => Promise<ActionResult>): Promise<ActionResult> {
  const attempt = await acquireRunLock(runtime.store, currentProcessOwner(runtime.runId));
  if (!attempt.acquired) {
    const { runId, pid, host, acquiredAt, heartbeatAt, expiresAt } = attempt.holder;
    return views.busyResult(lockWords.text('RUN_LOCKED', { runId, pid, host, acquiredAt, heartbeatAt, expiresAt }));
  }
  try {
    return await work();
  } finally {
    await runtime.store.releaseLock(runtime.runId);
  }
}
