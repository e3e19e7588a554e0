/**
 * What both tenant directories (embedded and service) make of the state and the engine's results
 * for the dashboard: a dot, a tenant's overview, an error page's bounds, which parked documents a
 * selection still names, and an action's result in the words and lines the CLI uses.
 */
import { RUNTIME_MESSAGES, errorParams, nestedParams, redactParams, wordedBy, type CheckResult, type CodedText, type ErrorClass, type MessageParams, type ParamsOf } from '@koppelwerk/core';
import type { CheckRecord, ErrorQueueEntry, RetrySelection, StateStore, SyncSummary, TenantStateSummary } from '@koppelwerk/engine';
import { type ActionResult, amsterdamTime, dotLine, type DotView, type ErrorPage, type ErrorPageQuery, type ErrorSelection, type ErrorView, type ExplainOutcome, type ExplainView, type RebookPlan, reconcileWorded, summaryLines, type TenantOverview } from '@koppelwerk/runtime';

const worded = wordedBy(RUNTIME_MESSAGES);

/** A catalogue text's code and params, without its English. */
const coded = ({ code, params }: { code: string; params: MessageParams }): CodedText => ({ code, params });

/** The largest page of the errors tab. */
export const MAX_PAGE_SIZE = 500;

/** A side's dot from its last check: grey when it was never checked; red with the reason (as `koppelwerk check` words it). */
export function dotView(side: 'source' | 'sink', title: string, check: CheckRecord | undefined): DotView {
  if (!check) return { side, title, state: 'grey' };
  const text = { ...(check.code !== undefined ? { code: check.code } : {}), ...(check.params ? { params: check.params } : {}) };
  if (check.ok) return { side, title, state: 'green', checkedAt: check.checkedAt, ...(check.details ? { details: check.details } : {}), ...text };
  return {
    side,
    title,
    state: 'red',
    reason: check.reason ?? 'not reachable',
    ...(check.hint ? { hint: check.hint } : {}),
    ...(check.details ? { details: check.details } : {}),
    ...(check.errorClass ? { errorClass: check.errorClass } : {}),
    ...text,
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
export function problemOverview(tenant: string, problem: string, readAt: Date, problemText?: CodedText): TenantOverview {
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
    ...(problemText ? { configProblemText: problemText } : {}),
    readAt: readAt.toISOString(),
  };
}

/**
 * Why a tenant file cannot be used, for its overview row: in English ("the tenant file x.yaml cannot
 * be used: configuration has 1 problem ..."), and by code, its problems each by their own.
 */
export function tenantFileProblem(file: string, error: unknown, redact: (text: string) => string = (text) => text): { message: string; text: CodedText } {
  const said = worded.text('TENANT_FILE_UNUSABLE', { file, ...errorParams('cause', error, redact) });
  return { message: said.message, text: coded(said) };
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
      steps: outcome.booking.explain.map(({ target, value, rule, because, reason, valueText, ruleText }) => ({
        target,
        value,
        rule,
        because,
        ...(reason ? { reason } : {}),
        ...(valueText ? { valueText } : {}),
        ...(ruleText ? { ruleText } : {}),
      })),
      warnings: outcome.booking.warnings,
      ...(outcome.booking.warningTexts ? { warningTexts: outcome.booking.warningTexts } : {}),
    };
  }
  const { errorClass, code, message, params } = outcome.error;
  return {
    document: outcome.document,
    ...(outcome.mappingVersion !== undefined ? { mappingVersion: outcome.mappingVersion } : {}),
    refused: { errorClass, ...(code !== undefined ? { code } : {}), message, ...(params ? { params } : {}) },
  };
}

/** Lines and the notes a page shows of them: each in English, and by its code and params. */
class Notes {
  readonly lines: string[] = [];
  readonly notes: CodedText[] = [];

  add(text: { code: string; params: MessageParams; message: string }): this {
    this.lines.push(text.message);
    this.notes.push(coded(text));
    return this;
  }
}

/** A result with its headline and notes, each in English and by code. */
function result(ok: boolean, headline: { code: string; params: MessageParams; message: string }, notes: { lines: string[]; notes: CodedText[] } = new Notes(), extra: Partial<ActionResult> = {}): ActionResult {
  return { ok, message: headline.message, lines: notes.lines, text: coded(headline), notes: notes.notes, ...extra };
}

/**
 * Which parked documents a selection still names, as `koppelwerk retry` decides it: ids the queue
 * does not know, and entries already resolved, are reported and left out. Null when nothing is left.
 */
export async function retrySelectionOf(store: StateStore, selection: ErrorSelection): Promise<{ retry: RetrySelection | null; lines: string[]; notes: CodedText[] }> {
  if ('ids' in selection) {
    const ids = [...new Set(selection.ids)];
    if (ids.length === 0) return { retry: null, ...new Notes().add(worded.text('ACTION_NONE_SELECTED', {})) };
    const found = await store.listErrors({ ids, includeResolved: true });
    const notes = new Notes();
    const missing = ids.filter((id) => !found.some((entry) => entry.id === id));
    if (missing.length) notes.add(worded.text('ACTION_NO_SUCH_ERRORS', { ids: missing.map((id) => `#${id}`).join(', ') }));
    for (const entry of found.filter((e) => e.resolvedAt !== null)) notes.add(noLongerParked(entry));
    const open = found.filter((e) => e.resolvedAt === null).map((e) => e.id);
    return { retry: open.length ? { ids: open } : null, lines: notes.lines, notes: notes.notes };
  }
  const errorClass = selection.errorClass;
  if ((await store.countErrors({ errorClass })) === 0) return { retry: null, ...new Notes().add(worded.text('ACTION_NONE_PARKED', { errorClass })) };
  return { retry: { all: true, ...(errorClass ? { errorClass } : {}) }, lines: [], notes: [] };
}

function noLongerParked(entry: ErrorQueueEntry) {
  const resolved = entry.resolvedAt ? { resolution: entry.resolution ?? 'resolved', at: amsterdamTime(entry.resolvedAt) } : {};
  return worded.text('ACTION_NO_LONGER_PARKED', { id: entry.id, documentKey: entry.documentKey, ...resolved });
}

export const BUSY_MESSAGE = worded.text('ACTION_BUSY', {}).message;

/** Another run holds the tenant's lock: nothing ran. `holder` says whose run, as a note. */
export function busyResult(holder?: { code: string; params: MessageParams; message: string }): ActionResult {
  const notes = new Notes();
  if (holder) notes.add(holder);
  return result(false, worded.text('ACTION_BUSY', {}), notes);
}

/** A rebook's result: the run's, with each refused document as a note; nothing to book when all were refused. */
export function rebookResult(plan: RebookPlan, summary: SyncSummary | undefined): ActionResult {
  const notes = new Notes();
  for (const refusal of plan.refused) notes.add(refusal);
  if (!summary) return result(false, reconcileWorded.text('ACTION_NOTHING_TO_REBOOK', {}), notes);
  return runResult(summary, notes);
}

/** A selection that names nothing still parked: nothing ran. */
export function nothingToReprocess(before: { lines: string[]; notes: CodedText[] }): ActionResult {
  return result(false, worded.text('ACTION_NOTHING_TO_REPROCESS', {}), before);
}

/**
 * A run's result. A run that booked and parked is a partial success ("5 geboekt, 5 in de
 * foutenlijst"); one refused by the tenant's lock is "busy". The page shows no command lines: the
 * CLI's summary lines stay in `lines` for the API.
 */
export function runResult(summary: SyncSummary, before: { lines: string[]; notes: CodedText[] } = { lines: [], notes: [] }): ActionResult {
  const lines = [...before.lines, ...summaryLines(summary)];
  const notes = { lines, notes: before.notes };
  if (summary.outcome === 'locked') return result(false, worded.text('ACTION_BUSY', {}), notes, { summary });
  const c = summary.counts;
  const counts = { booked: c.booked, skipped: c.skipped, parked: c.parked, pending: c.pending };
  if (summary.outcome === 'ok') return result(true, worded.text('ACTION_DONE', counts), notes, { summary });
  if (summary.outcome === 'parked') {
    const partial = c.booked + c.skipped > 0;
    return result(false, worded.text('ACTION_PARKED', counts), notes, { summary, ...(partial ? { partial } : {}) });
  }
  const cause = summary.messageText
    ? nestedParams('cause', { code: summary.messageText.code, params: summary.messageText.params, text: summary.message ?? '' })
    : summary.message !== undefined ? nestedParams('cause', { text: summary.message }) : {};
  return result(false, worded.text('ACTION_RUN_FAILED', { outcome: summary.outcome, ...counts, ...cause }), notes, { summary });
}

/** Both dots after a check, in `koppelwerk check`'s lines. */
export function checkResult(titles: { source: string; sink: string }, checks: { source: CheckResult; sink: CheckResult }): ActionResult {
  const lines = [...dotLine('source', titles.source, checks.source), ...dotLine('sink', titles.sink, checks.sink)];
  const red = (['source', 'sink'] as const).filter((side) => !checks[side].ok);
  if (red.length === 0) return result(true, worded.text('ACTION_CHECK_GREEN', {}), { lines, notes: [] }, { checks });
  const params: MessageParams = { count: red.length };
  red.forEach((side, i) => {
    params[`title.${i + 1}`] = titles[side];
    Object.assign(params, nestedParams(`side.${i + 1}`, { code: checks[side].code, params: checks[side].params, text: checks[side].reason ?? 'not reachable' }));
  });
  return result(false, worded.text('ACTION_CHECK_RED', params as { count: number }), { lines, notes: [] }, { checks });
}

/** Dismisses each entry that is still open; the others are reported. */
export async function dismissEntries(store: StateStore, ids: number[]): Promise<ActionResult> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return result(false, worded.text('ACTION_NONE_SELECTED', {}));
  const found = await store.listErrors({ ids: unique, includeResolved: true });
  const notes = new Notes();
  let dismissed = 0;
  for (const id of unique) {
    const entry = found.find((e) => e.id === id);
    if (!entry) notes.add(worded.text('ACTION_NO_SUCH_ERRORS', { ids: `#${id}` }));
    else if (await store.resolveError(id, 'dismissed')) {
      dismissed++;
      notes.add(worded.text('ACTION_DISMISSED', { id, documentKey: entry.documentKey }));
    } else notes.add(noLongerParked(entry));
  }
  return dismissedResult(dismissed, unique.length, notes);
}

/** `dismissed` of `total` entries dismissed, with a note per entry. */
export function dismissedResult(dismissed: number, total: number, notes: { lines: string[]; notes: CodedText[] } = new Notes()): ActionResult {
  return result(dismissed === total, worded.text('ACTION_DISMISSED_COUNT', { dismissed, total }), notes);
}

/** A result that did not come about, worded by its entry (`ACTION_NO_WORKER`, ...), after the notes `before`. */
export function failedWith<K extends keyof typeof RUNTIME_MESSAGES & string>(code: K, params: ParamsOf<(typeof RUNTIME_MESSAGES)[K]>, before: { lines: string[]; notes: CodedText[] } = new Notes()): ActionResult {
  return result(false, worded.text(code, params), before);
}

/** An action that could not be done (a tenant file that does not load, a failure): the error as its result. */
export function failedResult(error: unknown, redact: (text: string) => string, tenant?: string): ActionResult {
  return result(false, worded.text('ACTION_FAILED', { tenant, ...errorParams('cause', error, redact) }));
}

/** Every line of a result through the tenant's redactor (results already are; this keeps them so). */
export function redactResult(result: ActionResult, redact: (text: string) => string): ActionResult {
  const text = (said: CodedText): CodedText => ({ code: said.code, params: redactParams(said.params, redact) });
  return {
    ...result,
    message: redact(result.message),
    lines: result.lines.map(redact),
    ...(result.text ? { text: text(result.text) } : {}),
    ...(result.notes ? { notes: result.notes.map(text) } : {}),
  };
}
