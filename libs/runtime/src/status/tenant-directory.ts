/**
 * What the dashboard reads and does, behind one interface: the embedded directory (tenant files,
 * one SQLite state each, actions run in this process under the tenant's lock) and the service
 * directory (tenants and state in PostgreSQL, actions sent to the workers' queue). The web layer
 * knows only this interface; every action goes through the same engine paths as the CLI.
 *
 * A tenant the directory does not know makes every per-tenant method throw `UnknownTenantError`
 * (the web layer answers 404, the same answer as for a tenant the user may not see).
 */
import type { BookingPeriod, CheckResult, CodedText, ErrorClass, MessageParams } from '@koppelwerk/core';
import type { ActivityEntry, ErrorQueueEntry, LockHolder, RunRecord, SyncSummary } from '@koppelwerk/engine';
import type { ReconcileOutcome } from './reconcile-view';

export type DotState = 'green' | 'red' | 'grey';

export interface DotView {
  side: 'source' | 'sink';
  /** The connector's title, e.g. "MijnWebwinkel". */
  title: string;
  state: DotState;
  /** Why it is red (already redacted); absent when green or not checked. */
  reason?: string;
  /** What to do about it. */
  hint?: string;
  details?: string[];
  errorClass?: string;
  /** The reason and hint (and coded details, see `checkParams`) by their catalogue code and params, for the page's language. */
  code?: string;
  params?: MessageParams;
  checkedAt?: string;
}

export interface TenantOverview {
  tenant: string;
  dots: { source: DotView; sink: DotView };
  lastRun: RunRecord | null;
  /** ISO time of the next scheduled run; null when the schedule is off. */
  nextRunAt: string | null;
  everyMinutes: number | null;
  openErrors: number;
  /** The run holding the tenant's lock now, if any. */
  running: LockHolder | null;
  /** Set when the tenant's file or config does not load: the reason, and nothing else is known. */
  configProblem?: string;
  /** `configProblem` by its catalogue code and params, for the page's language. */
  configProblemText?: CodedText;
  /**
   * When this was read from the tenant's state (ISO). The embedded directory answers from a
   * snapshot it refreshes in the background and after each action: show its age.
   */
  readAt?: string;
}

/** An error queue entry without the raw record (that is only shown on the entry's own page). */
export type ErrorView = Omit<ErrorQueueEntry, 'rawJson' | 'recordJson'>;

export interface ErrorPageQuery {
  errorClass?: ErrorClass;
  /** Matches the document key, the code and the message, case-insensitively. */
  text?: string;
  includeResolved?: boolean;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface ErrorPage {
  entries: ErrorView[];
  /** Matching entries in all pages. */
  total: number;
  page: number;
  pageSize: number;
}

export interface ActivityQuery {
  /** A document key or relation code, or text in the message. */
  search?: string;
  limit: number;
  /** Older than this entry id (paging back). */
  beforeId?: number;
}

export type ExplainView =
  | {
      document: string;
      mappingVersion: string;
      /** `reason`, `valueText` and `ruleText` are `because`, `value` and `rule` by their catalogue codes and params. */
      steps: Array<{ target: string; value: string; rule: string; because: string; reason?: CodedText; valueText?: CodedText; ruleText?: CodedText }>;
      warnings: string[];
      warningTexts?: CodedText[];
    }
  | { document: string; mappingVersion?: string; refused: { errorClass: string; code?: string; message: string; params?: MessageParams } };

export type ErrorSelection = { ids: number[] } | { all: true; errorClass?: ErrorClass };

export interface ActionResult {
  ok: boolean;
  /** Done, but not everything: a run that booked some documents and parked others. */
  partial?: boolean;
  /** One line for the page, in plain words (English). */
  message: string;
  /** More lines (the same summary lines the CLI prints). */
  lines: string[];
  /** `message` by its catalogue code and params, for a page in its own language. */
  text?: CodedText;
  /** What a page shows under `text` instead of `lines` (no command lines): each by its code and params. */
  notes?: CodedText[];
  summary?: SyncSummary;
  checks?: { source: CheckResult; sink: CheckResult };
}

export interface TenantFileText {
  text: string;
  /** sha256 of the text: what `saveTenantFile` compares with. */
  fingerprint: string;
}

export interface AuditInput {
  /** The dashboard user (or API caller) who did it. */
  user: string;
  /** `settings`, `check`, `sync`, `reprocess`, `dismiss`, `create`. */
  action: string;
  /** For a settings change: the fields changed (a secret named, its value never). */
  fields?: string[];
  /** One line of what came of it. */
  detail?: string;
}

export interface AuditEntry extends AuditInput {
  /** ISO time. */
  at: string;
}

export interface TenantDirectory {
  readonly mode: 'embedded' | 'service';
  /** Every tenant's name, sorted. */
  tenants(): Promise<string[]>;
  overview(tenants: readonly string[]): Promise<TenantOverview[]>;
  errors(tenant: string, query: ErrorPageQuery): Promise<ErrorPage>;
  /** One entry with its raw record; null when the tenant has no such entry. */
  error(tenant: string, id: number): Promise<ErrorQueueEntry | null>;
  activity(tenant: string, query: ActivityQuery): Promise<ActivityEntry[]>;
  runs(tenant: string, limit: number): Promise<RunRecord[]>;
  explain(tenant: string, document: string): Promise<ExplainView>;
  reprocess(tenant: string, selection: ErrorSelection): Promise<ActionResult>;
  dismiss(tenant: string, ids: number[]): Promise<ActionResult>;
  checkNow(tenant: string): Promise<ActionResult>;
  syncNow(tenant: string): Promise<ActionResult>;
  /** The period's reconciliation (read-only); or why there is none (the file does not load, no worker answered). */
  reconcile(tenant: string, period: BookingPeriod): Promise<ReconcileOutcome>;
  /** Books documents deleted from the books again (`reconcile --rebook --yes`): each once; one still in the books is refused. */
  rebook(tenant: string, documents: readonly string[]): Promise<ActionResult>;
  /**
   * Makes a tenant from its tenant file's text (the dashboard's "Nieuwe koppeling"): the embedded
   * directory writes `<tenant>.yaml` into its folder, the service one adds the tenant's row. A tenant
   * of that name already there is a UsageError; a file that does not check a ConfigurationError.
   */
  createTenant(tenant: string, text: string): Promise<void>;
  /** The tenant's file as it is now (the embedded file, the service's row), with a fingerprint of it. */
  tenantFile(tenant: string): Promise<TenantFileText>;
  /**
   * Replaces the tenant's file after checking it, only while it is still the one `fingerprint` names:
   * a file changed since (on disk, by the CLI, by another user) is a UsageError, never overwritten.
   * The change counts from the tenant's next run.
   */
  saveTenantFile(tenant: string, text: string, fingerprint: string): Promise<void>;
  /** Adds to the tenant's audit log: who did what (a settings change names its fields, never a secret's value). */
  recordAudit(tenant: string, entry: AuditInput): Promise<void>;
  /** The tenant's audit log, newest first. */
  auditLog(tenant: string, limit: number): Promise<AuditEntry[]>;
  close(): Promise<void>;
}

export class UnknownTenantError extends Error {
  constructor(readonly tenant: string) {
    super(`no tenant ${tenant}`);
    this.name = 'UnknownTenantError';
  }
}
