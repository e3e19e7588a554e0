/**
 * The errors tab and the activity log: `errors`, `retry`, `status`, `log`. `errors`, `log` and
 * `retry` also take a service tenant (`--database`): the same listing from its PostgreSQL state, and
 * a retry a worker runs.
 */
import { ERROR_CLASSES, renderMessage, type ConnectorRegistry, type ErrorClass, type MessageParams } from '@koppelwerk/core';
import { nextRunAt, type RetrySelection, type StateStore } from '@koppelwerk/engine';
import { amsterdamTime, dotLine, findDocumentKey, interruptedExitCode, interruptOnSignals, openTenant, type Output, summaryLines, table } from '@koppelwerk/runtime';
import type { TenantState } from '@koppelwerk/service';
import { noSuchDocument, UsageError } from '@koppelwerk/core/errors';
import { progressReporter } from './progress-bar';
import type { WaitOption } from './wait-option';

/** `--database` (resolved): the tenant argument names a service tenant. */
export interface DatabaseOption {
  database?: string;
}

/** The service's side of these commands, loaded only for a service tenant (no database driver or queue for a tenant file). */
const service = () => ({
  ...(require('@koppelwerk/service') as typeof import('@koppelwerk/service')),
  ...(require('./enqueue-command') as typeof import('./enqueue-command')),
});

/** The tenant's state: its file's, or the service tenant's in the database. */
async function openTenantState(registry: ConnectorRegistry, tenant: string, url: string | undefined): Promise<TenantState> {
  if (url !== undefined) return service().openServiceTenantState(url, tenant);
  const runtime = await openTenant(tenant, registry);
  return { tenant: runtime.config.tenant, secrets: runtime.config.secrets, store: runtime.store, close: () => runtime.close() };
}

/** How another command names this tenant (never the database URL, which may hold a password). */
function tenantArgument(tenant: string, url: string | undefined): string {
  return url === undefined ? tenant : `${tenant} --database <url>`;
}

/** Runs a command on an opened tenant, with its secrets redacted from the output, and closes it. */
async function withTenant(opened: Promise<TenantState>, output: Output, command: (tenant: TenantState) => Promise<number>): Promise<number> {
  const tenant = await opened;
  output.redactor.add(tenant.secrets);
  try {
    return await command(tenant);
  } finally {
    await tenant.close();
  }
}

function errorClassOption(value: string | undefined): ErrorClass | undefined {
  if (value === undefined) return undefined;
  if (!(ERROR_CLASSES as readonly string[]).includes(value)) {
    throw new UsageError(`--class: unknown error class "${value}"; one of ${ERROR_CLASSES.join(', ')}`);
  }
  return value as ErrorClass;
}

function age(since: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(since)) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)}h`;
  return `${Math.round(minutes / 1440)}d`;
}

export async function errorsCommand(registry: ConnectorRegistry, file: string, options: { class?: string } & DatabaseOption, output: Output): Promise<number> {
  const errorClass = errorClassOption(options.class);
  return withTenant(openTenantState(registry, file, options.database), output, (tenant) => showErrors(tenant, errorClass, tenantArgument(file, options.database), output));
}

/** The errors tab of an opened tenant; `name` is how `retry` names it. */
export async function showErrors(tenant: TenantState, errorClass: ErrorClass | undefined, name: string, output: Output): Promise<number> {
  const errors = await tenant.store.listErrors({ errorClass });
  output.result({ tenant: tenant.tenant, errors: errors.map(({ recordJson: _r, rawJson: _raw, ...rest }) => rest) });
  if (errors.length === 0) output.line(`no parked documents${errorClass ? ` of class ${errorClass}` : ''}`);
  else {
    const rows = errors.map((e) => [
      `#${e.id}`,
      e.documentKey,
      `${e.errorClass}${e.code ? ` ${e.code}` : ''}`,
      String(e.attempts),
      amsterdamTime(e.firstSeen),
      age(e.firstSeen),
      reasonIn(output.language, e),
    ]);
    for (const line of table(['id', 'document', 'class', 'attempts', 'first parked', 'age', 'reason'], rows, [3])) output.line(line);
  }
  if (errors.length) output.line(`reprocess with \`koppelwerk retry ${name} <id...>\`, \`--all\` or \`--class <class>\``);
  return 0;
}

/** A parked document's reason in the language asked for (the catalogue words its code), with the field. */
function reasonIn(language: 'nl' | 'en', entry: { message: string; code?: string; params?: MessageParams; field?: string }): string {
  const reason = language === 'en' ? entry.message : renderMessage(entry.code, entry.params, language, entry.message).text;
  return `${reason}${entry.field ? ` (${language === 'en' ? 'field' : 'veld'} ${entry.field})` : ''}`;
}

/** What `retry` was asked for, checked before anything is opened. */
function retryRequest(ids: string[], options: { all?: boolean; class?: string }): RetrySelection {
  const errorClass = errorClassOption(options.class);
  const bad = ids.filter((id) => !/^#?\d+$/.test(id));
  if (bad.length) throw new UsageError(`error ids are numbers, as \`koppelwerk errors\` shows them (not ${bad.join(', ')})`);
  const numericIds = ids.map((id) => Number.parseInt(id.replace(/^#/, ''), 10));
  if (!options.all && !errorClass && numericIds.length === 0) {
    throw new UsageError('say which parked documents to retry: error ids (as `koppelwerk errors` shows them), --all, or --class <class>');
  }
  if (options.all && numericIds.length) throw new UsageError('give error ids or --all, not both');
  return options.all || numericIds.length === 0 ? { all: true, errorClass } : { ids: numericIds, errorClass };
}

/**
 * The selection against the tenant's error queue: an id it does not have is refused, one no longer
 * parked is reported and left out.
 */
async function checkRetryIds(store: StateStore, selection: RetrySelection, output: Output): Promise<RetrySelection> {
  if (!selection.ids) return selection;
  const found = await store.listErrors({ ids: selection.ids, includeResolved: true });
  const missing = selection.ids.filter((id) => !found.some((entry) => entry.id === id));
  if (missing.length) throw new UsageError(`no error ${missing.map((id) => `#${id}`).join(', ')} in this tenant's error queue (see \`koppelwerk errors\`)`);
  for (const entry of found.filter((e) => e.resolvedAt !== null)) {
    output.line(`#${entry.id} (${entry.documentKey}) is no longer parked: ${entry.resolution ?? 'resolved'} ${amsterdamTime(entry.resolvedAt)}`);
  }
  return { ...selection, ids: found.filter((e) => e.resolvedAt === null).map((e) => e.id) };
}

export async function retryCommand(
  registry: ConnectorRegistry,
  file: string,
  ids: string[],
  options: { all?: boolean; class?: string; refetch?: boolean } & DatabaseOption & WaitOption,
  output: Output,
): Promise<number> {
  const request = retryRequest(ids, options);
  const url = options.database;
  if (url !== undefined) {
    // A service tenant: the ids are checked here, a worker retries them.
    const state = await service().openServiceTenantState(url, file);
    let selection: RetrySelection;
    try {
      selection = await checkRetryIds(state.store, request, output);
    } finally {
      await state.close();
    }
    return service().enqueueCommand(url, file, 'retry', output, { selection, ...(options.refetch ? { refetch: true } : {}) }, { wait: options.wait });
  }
  const runtime = await openTenant(file, registry);
  output.redactor.add(runtime.config.secrets);
  const progress = progressReporter();
  const interruption = interruptOnSignals(() => output.line('stopping at once; the next run settles what was in flight'));
  try {
    const selection = await checkRetryIds(runtime.store, request, output);
    const summary = await runtime.engine.retry(selection, { runId: runtime.runId, refetch: options.refetch, signal: interruption.signal, onProgress: progress.onProgress });
    progress.done();
    const interrupted = interruption.received();
    output.result({ ...summary, ...(interrupted ? { interrupted } : {}) });
    for (const line of summaryLines(summary, { tenantArgument: file, sinkTitle: runtime.config.sink.manifest.title, interrupted, language: output.language })) output.line(line);
    return interrupted ? interruptedExitCode(interrupted) : summary.exitCode;
  } finally {
    interruption.dispose();
    await runtime.close();
  }
}

export async function statusCommand(registry: ConnectorRegistry, file: string, output: Output): Promise<number> {
  const runtime = await openTenant(file, registry);
  output.redactor.add(runtime.config.secrets);
  try {
    const { config, store } = runtime;
    const [checks, runs, openErrors, lock] = await Promise.all([store.getChecks(), store.listRuns(1), store.countOpenErrors(), store.getLock()]);
    const lastRun = runs[0] ?? null;
    const nextRun = config.scheduleEnabled ? nextRunAt({ tenant: config.tenant, intervalMinutes: config.everyMinutes }, new Date()) : null;
    output.result({ tenant: config.tenant, checks, lastRun, nextRun: nextRun?.toISOString() ?? null, everyMinutes: config.everyMinutes, openErrors, running: lock });
    output.line(`tenant ${config.tenant}: ${config.source.manifest.title} -> ${config.sink.manifest.title}`);
    for (const side of ['source', 'sink'] as const) {
      const check = checks.find((c) => c.side === side);
      const name = side === 'source' ? config.source.manifest.title : config.sink.manifest.title;
      if (!check) output.line(`grey   ${side.padEnd(6)} ${name}: not checked yet (run \`koppelwerk check\`)`);
      else for (const line of dotLine(side, `${name} (checked ${amsterdamTime(check.checkedAt)})`, check)) output.line(line);
    }
    if (lastRun) {
      const c = lastRun.counts;
      output.line(`last run ${amsterdamTime(lastRun.startedAt)}: ${lastRun.outcome ?? 'running'}${c ? `, booked ${c.booked}, skipped ${c.skipped}, parked ${c.parked}, pending ${c.pending}` : ''}`);
    } else output.line('no runs yet');
    output.line(nextRun ? `next scheduled run ${amsterdamTime(nextRun)} (every ${config.everyMinutes} minutes, under \`koppelwerk daemon\`)` : 'schedule disabled');
    output.line(`error queue: ${openErrors} open`);
    if (lock) output.line(`running now: run ${lock.runId} (pid ${lock.pid} on ${lock.host})`);
    return 0;
  } finally {
    await runtime.close();
  }
}

export async function logCommand(registry: ConnectorRegistry, file: string, options: { document?: string; limit?: number } & DatabaseOption, output: Output): Promise<number> {
  return withTenant(openTenantState(registry, file, options.database), output, (tenant) => showLog(tenant, options, tenantArgument(file, options.database), output));
}

/** The activity log of an opened tenant, newest `limit` entries, oldest first; `name` is how `log` names it. */
export async function showLog(tenant: TenantState, options: { document?: string; limit?: number }, name: string, output: Output): Promise<number> {
  let documentKey: string | undefined;
  if (options.document !== undefined) {
    documentKey = await findDocumentKey(tenant.store, options.document);
    if (documentKey === undefined) throw noSuchDocument(options.document);
  }
  const limit = options.limit ?? 50;
  // One more than shown tells whether there are older entries.
  const entries = await tenant.store.listActivity({ documentKey, limit: limit + 1 });
  const older = entries.length > limit;
  if (older) entries.pop();
  output.result({ tenant: tenant.tenant, ...(documentKey !== undefined ? { document: documentKey } : {}), activity: entries, older });
  if (entries.length === 0) output.line('no activity yet');
  else {
    const rows = entries.reverse().map((e) => [
      amsterdamTime(e.at),
      e.action,
      // A row without a relation code is about many (the import's summary): "relations".
      e.subject === 'relation' ? (e.relationCode ? `relation ${e.relationCode}` : 'relations') : (e.documentKey ?? ''),
      e.sinkRef ?? '',
      e.message ?? '',
    ]);
    for (const line of table(['time (Amsterdam)', 'action', 'document / relation', 'booked as', 'details'], rows)) output.line(line);
  }
  if (older) {
    const document = options.document !== undefined ? ` --document ${options.document}` : '';
    output.line(`older entries are not shown (the newest ${limit} are); see more with \`koppelwerk log ${name}${document} --limit ${Math.max(limit * 4, 200)}\``);
  }
  return 0;
}
