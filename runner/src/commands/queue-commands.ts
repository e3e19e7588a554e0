/** The errors tab and the activity log: `errors`, `retry`, `status`, `log`. */
import { ConfigurationError, ERROR_CLASSES, type ConnectorRegistry, type ErrorClass } from '@koppelwerk/core';
import { nextRunAt } from '@koppelwerk/engine';
import type { Output } from '../output';
import { openTenant } from '../tenant-runtime';
import { dotLine } from './check-command';
import { progressReporter } from './progress-bar';
import { summaryLines } from './sync-command';

function errorClassOption(value: string | undefined): ErrorClass | undefined {
  if (value === undefined) return undefined;
  if (!(ERROR_CLASSES as readonly string[]).includes(value)) {
    throw new ConfigurationError([{ path: '--class', message: `unknown error class "${value}"; one of ${ERROR_CLASSES.join(', ')}` }]);
  }
  return value as ErrorClass;
}

function age(since: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(since)) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)}h`;
  return `${Math.round(minutes / 1440)}d`;
}

export async function errorsCommand(registry: ConnectorRegistry, file: string, options: { class?: string }, output: Output): Promise<number> {
  const errorClass = errorClassOption(options.class);
  const runtime = await openTenant(file, registry);
  output.redactor.add(runtime.config.secrets);
  try {
    const errors = await runtime.store.listErrors({ errorClass });
    output.result({ tenant: runtime.config.tenant, errors: errors.map(({ recordJson: _r, rawJson: _raw, ...rest }) => rest) });
    if (errors.length === 0) output.line(`no parked documents${errorClass ? ` of class ${errorClass}` : ''}`);
    for (const e of errors) {
      output.line(`#${e.id}  ${e.documentKey}  [${e.errorClass}${e.code ? ` ${e.code}` : ''}]  attempts ${e.attempts}, age ${age(e.firstSeen)}`);
      output.line(`      ${e.message}${e.field ? ` (field ${e.field})` : ''}`);
    }
    if (errors.length) output.line(`reprocess with \`koppelwerk retry ${file} <id...>\`, \`--all\` or \`--class <class>\``);
    return 0;
  } finally {
    await runtime.close();
  }
}

export async function retryCommand(
  registry: ConnectorRegistry,
  file: string,
  ids: string[],
  options: { all?: boolean; class?: string; refetch?: boolean },
  output: Output,
): Promise<number> {
  const errorClass = errorClassOption(options.class);
  const numericIds = ids.map((id) => Number.parseInt(id.replace(/^#/, ''), 10));
  if (numericIds.some((id) => !Number.isInteger(id))) throw new ConfigurationError([{ path: 'ids', message: 'error ids are numbers, as `koppelwerk errors` shows them' }]);
  if (!options.all && !errorClass && numericIds.length === 0) {
    throw new ConfigurationError([{ path: 'retry', message: 'say which documents: error ids, --all or --class <class>' }]);
  }
  const runtime = await openTenant(file, registry);
  output.redactor.add(runtime.config.secrets);
  const progress = progressReporter();
  try {
    const summary = await runtime.engine.retry(
      options.all ? { all: true } : errorClass ? { errorClass } : { ids: numericIds },
      { runId: runtime.runId, refetch: options.refetch, onProgress: progress.onProgress },
    );
    progress.done();
    output.result(summary);
    for (const line of summaryLines(summary)) output.line(line);
    return summary.exitCode;
  } finally {
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
      else for (const line of dotLine(side, `${name} (checked ${check.checkedAt})`, check)) output.line(line);
    }
    if (lastRun) {
      const c = lastRun.counts;
      output.line(`last run ${lastRun.startedAt}: ${lastRun.outcome ?? 'running'}${c ? `, booked ${c.booked}, skipped ${c.skipped}, parked ${c.parked}, pending ${c.pending}` : ''}`);
    } else output.line('no runs yet');
    output.line(nextRun ? `next scheduled run ${nextRun.toISOString()} (every ${config.everyMinutes} minutes, under \`koppelwerk daemon\`)` : 'schedule disabled');
    output.line(`error queue: ${openErrors} open`);
    if (lock) output.line(`running now: run ${lock.runId} (pid ${lock.pid} on ${lock.host})`);
    return 0;
  } finally {
    await runtime.close();
  }
}

export async function logCommand(registry: ConnectorRegistry, file: string, options: { document?: string; limit?: number }, output: Output): Promise<number> {
  const runtime = await openTenant(file, registry);
  output.redactor.add(runtime.config.secrets);
  try {
    const entries = await runtime.store.listActivity({ documentKey: options.document, limit: options.limit ?? 50 });
    output.result({ tenant: runtime.config.tenant, activity: entries });
    if (entries.length === 0) output.line('no activity yet');
    for (const e of entries.reverse()) {
      const what = e.subject === 'relation' ? `relation ${e.relationCode}` : e.documentKey;
      output.line(`${e.at}  ${e.action.padEnd(12)} ${what}${e.sinkRef ? ` -> ${e.sinkRef}` : ''}${e.message ? `  ${e.message}` : ''}`);
    }
    return 0;
  } finally {
    await runtime.close();
  }
}
