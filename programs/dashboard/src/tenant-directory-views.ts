/**
 * What both tenant directories (embedded and service) make of the state and the engine's results
 * for the dashboard: a dot, a tenant's overview, an error page's bounds, which parked documents a
 * selection still names, and an action's result in the words and lines the CLI uses.
 */
import type { CheckResult, ErrorClass } from '@koppelwerk/core';
import type { CheckRecord, ErrorQueueEntry, RetrySelection, StateStore, SyncSummary, TenantStateSummary } from '@koppelwerk/engine';
import { type ActionResult, amsterdamTime, dotLine, type DotView, type ErrorPage, type ErrorPageQuery, type ErrorSelection, type ErrorView, type ExplainOutcome, type ExplainView, summaryLines, type TenantOverview } from '@koppelwerk/runtime';

/** The largest page of the errors tab. */
export const MAX_PAGE_SIZE = 500;

/** A side's dot from its last check: grey when it was never checked; red with the reason (as `koppelwerk check` words it). */
export function dotView(side: 'source' | 'sink', title: string, check: CheckRecord | undefined): DotView {
  if (!check) return { side, title, state: 'grey' };
  if (check.ok) return { side, title, state: 'green', checkedAt: check.checkedAt, ...(check.details ? { details: check.details } : {}) };
  return {
    side,
    title,
    state: 'red',
    reason: check.reason ?? 'not reachable',
    ...(check.hint ? { hint: check.hint } : {}),
    ...(check.details ? { details: check.details } : {}),
    ...(check.errorClass ? { errorClass: check.errorClass } : {}),
    checkedAt: check.checkedAt,
  };
}

export interface OverviewInput {
  tenant: string;
  titles: { source: string; sink: string };
  state: Omit<TenantStateSummary, 'tenant'>;
  everyMinutes: number;
  nextRunAt: Date | null;
  readAt: Date;
}

export function overviewOf(input: OverviewInput): TenantOverview {
  const check = (side: 'source' | 'sink') => input.state.checks.find((c) => c.side === side);
  return {
    tenant: input.tenant,
    dots: { source: dotView('source', input.titles.source, check('source')), sink: dotView('sink', input.titles.sink, check('sink')) },
    lastRun: input.state.lastRun,
    nextRunAt: input.nextRunAt?.toISOString() ?? null,
    everyMinutes: input.everyMinutes,
    openErrors: input.state.openErrors,
    running: input.state.lock,
    readAt: input.readAt.toISOString(),
  };
}

/** What is shown of a tenant whose file or configuration does not load. */
export function problemOverview(tenant: string, problem: string, readAt: Date): TenantOverview {
  const grey = (side: 'source' | 'sink'): DotView => ({ side, title: side, state: 'grey' });
  return {
    tenant,
    dots: { source: grey('source'), sink: grey('sink') },
    lastRun: null,
    nextRunAt: null,
    everyMinutes: null,
    openErrors: 0,
    running: null,
    configProblem: problem,
    readAt: readAt.toISOString(),
  };
}

/** The store's paging of an errors-tab query (page 1-based; the page size within 1..MAX_PAGE_SIZE). */
export function errorPaging(query: ErrorPageQuery): { page: number; pageSize: number; limit: number; offset: number } {
  const page = Number.isSafeInteger(query.page) && query.page >= 1 ? query.page : 1;
  const pageSize = Number.isSafeInteger(query.pageSize) ? Math.min(Math.max(query.pageSize, 1), MAX_PAGE_SIZE) : 50;
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize };
}

export function errorFilterOf(query: ErrorPageQuery): { errorClass?: ErrorClass; text?: string; includeResolved?: boolean } {
  const text = query.text?.trim();
  return { errorClass: query.errorClass, ...(text ? { text } : {}), includeResolved: query.includeResolved };
}

/**
 * One page of the errors tab from a tenant's store. The total needs a count of every match unless
 * this page already holds the last of them (fewer than a page, and not past the end): a search
 * that finds a few entries then reads the queue once instead of twice.
 */
export async function readErrorPage(store: StateStore, query: ErrorPageQuery): Promise<ErrorPage> {
  const { page, pageSize, limit, offset } = errorPaging(query);
  const filter = errorFilterOf(query);
  const entries = await store.listErrors({ ...filter, limit, offset });
  const lastPage = entries.length < limit && (entries.length > 0 || offset === 0);
  const total = lastPage ? offset + entries.length : await store.countErrors(filter);
  return { entries: entries.map(errorView), total, page, pageSize };
}

export function errorView({ rawJson: _raw, recordJson: _record, ...view }: ErrorQueueEntry): ErrorView {
  return view;
}

export function explainView(outcome: ExplainOutcome): ExplainView {
  if ('booking' in outcome) {
    return {
      document: outcome.document,
      mappingVersion: outcome.mappingVersion,
      steps: outcome.booking.explain.map(({ target, value, rule, because }) => ({ target, value, rule, because })),
      warnings: outcome.booking.warnings,
    };
  }
  const { errorClass, code, message } = outcome.error;
  return {
    document: outcome.document,
    ...(outcome.mappingVersion !== undefined ? { mappingVersion: outcome.mappingVersion } : {}),
    refused: { errorClass, ...(code !== undefined ? { code } : {}), message },
  };
}

/**
 * Which parked documents a selection still names, as `koppelwerk retry` decides it: ids the queue
 * does not know, and entries already resolved, are reported and left out. Null when nothing is left.
 */
export async function retrySelectionOf(store: StateStore, selection: ErrorSelection): Promise<{ retry: RetrySelection | null; lines: string[] }> {
  if ('ids' in selection) {
    const ids = [...new Set(selection.ids)];
    if (ids.length === 0) return { retry: null, lines: ['no parked documents selected'] };
    const found = await store.listErrors({ ids, includeResolved: true });
    const lines: string[] = [];
    const missing = ids.filter((id) => !found.some((entry) => entry.id === id));
    if (missing.length) lines.push(`no error ${missing.map((id) => `#${id}`).join(', ')} in this tenant's error queue`);
    for (const entry of found.filter((e) => e.resolvedAt !== null)) {
      lines.push(`#${entry.id} (${entry.documentKey}) is no longer parked: ${entry.resolution ?? 'resolved'} ${amsterdamTime(entry.resolvedAt)}`);
    }
    const open = found.filter((e) => e.resolvedAt === null).map((e) => e.id);
    return { retry: open.length ? { ids: open } : null, lines };
  }
  const errorClass = selection.errorClass;
  if ((await store.countErrors({ errorClass })) === 0) return { retry: null, lines: [`no parked documents${errorClass ? ` of class ${errorClass}` : ''}`] };
  return { retry: { all: true, ...(errorClass ? { errorClass } : {}) }, lines: [] };
}

export const BUSY_MESSAGE = 'busy: another run of this tenant is under way; try again when it has finished';

/** A selection that names nothing still parked: nothing ran. */
export function nothingToReprocess(lines: string[]): ActionResult {
  return { ok: false, message: 'nothing to reprocess: none of the selected documents is still parked', lines };
}

/** A run's result: the CLI's summary lines; a run refused by the tenant's lock is "busy". */
export function runResult(summary: SyncSummary, before: string[] = []): ActionResult {
  const lines = [...before, ...summaryLines(summary)];
  if (summary.outcome === 'locked') return { ok: false, message: BUSY_MESSAGE, lines, summary };
  const c = summary.counts;
  const counts = `booked ${c.booked}, already booked ${c.skipped}, parked ${c.parked}, pending ${c.pending}`;
  if (summary.outcome === 'ok') return { ok: true, message: `done: ${counts}`, lines, summary };
  if (summary.outcome === 'parked') return { ok: false, message: `done, with documents parked: ${counts}`, lines, summary };
  return { ok: false, message: `${summary.outcome}: ${summary.message ?? counts}`, lines, summary };
}

/** Both dots after a check, in `koppelwerk check`'s lines. */
export function checkResult(titles: { source: string; sink: string }, checks: { source: CheckResult; sink: CheckResult }): ActionResult {
  const lines = [...dotLine('source', titles.source, checks.source), ...dotLine('sink', titles.sink, checks.sink)];
  const red = (['source', 'sink'] as const).filter((side) => !checks[side].ok);
  const message = red.length === 0 ? 'both connections are green' : red.map((side) => `${titles[side]} is red: ${checks[side].reason ?? 'not reachable'}`).join('; ');
  return { ok: red.length === 0, message, lines, checks };
}

/** Dismisses each entry that is still open; the others are reported. */
export async function dismissEntries(store: StateStore, ids: number[]): Promise<ActionResult> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return { ok: false, message: 'no parked documents selected', lines: [] };
  const found = await store.listErrors({ ids: unique, includeResolved: true });
  const lines: string[] = [];
  let dismissed = 0;
  for (const id of unique) {
    const entry = found.find((e) => e.id === id);
    if (!entry) lines.push(`no error #${id} in this tenant's error queue`);
    else if (await store.resolveError(id, 'dismissed')) {
      dismissed++;
      lines.push(`#${id} (${entry.documentKey}) dismissed`);
    } else lines.push(`#${id} (${entry.documentKey}) is no longer parked${entry.resolvedAt ? `: ${entry.resolution ?? 'resolved'} ${amsterdamTime(entry.resolvedAt)}` : ''}`);
  }
  return { ok: dismissed === unique.length, message: `${dismissed} of ${unique.length} dismissed`, lines };
}

/** Every line of a result through the tenant's redactor (results already are; this keeps them so). */
export function redactResult(result: ActionResult, redact: (text: string) => string): ActionResult {
  return { ...result, message: redact(result.message), lines: result.lines.map(redact) };
}
