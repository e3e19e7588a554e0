/** `koppelwerk sync <tenant.yaml> [--dry-run] [--from D --to D]`: one batch now. */
import { ConfigurationError, isLocalDate, type ConnectorRegistry, type LocalDate } from '@koppelwerk/core';
import type { SyncSummary } from '@koppelwerk/engine';
import type { Output } from '../output';
import { openTenant } from '../tenant-runtime';
import { progressReporter } from './progress-bar';

export interface SyncCommandOptions {
  dryRun?: boolean;
  from?: string;
  to?: string;
  concurrency?: number;
}

function dateOption(value: string | undefined, name: string): LocalDate | undefined {
  if (value === undefined) return undefined;
  if (!isLocalDate(value)) throw new ConfigurationError([{ path: name, message: `expected a date as YYYY-MM-DD, got "${value}"` }]);
  return value;
}

export function summaryLines(summary: SyncSummary): string[] {
  const c = summary.counts;
  const lines = [
    `${summary.mode} ${summary.outcome}: read ${c.read}, booked ${c.booked}, skipped ${c.skipped} (already booked), parked ${c.parked}, pending ${c.pending}` +
      (c.settled ? `, settled ${c.settled} in-doubt` : '') +
      (c.relationsCreated ? `, relations created ${c.relationsCreated}` : '') +
      (c.acknowledged ? `, acknowledged ${c.acknowledged}` : ''),
  ];
  if (summary.message) lines.push(summary.message);
  if (c.parked) lines.push('see the parked documents with `koppelwerk errors <tenant.yaml>`');
  return lines;
}

export async function syncCommand(registry: ConnectorRegistry, file: string, options: SyncCommandOptions, output: Output): Promise<number> {
  const from = dateOption(options.from, '--from');
  const to = dateOption(options.to, '--to');
  if ((from === undefined) !== (to === undefined)) throw new ConfigurationError([{ path: '--from/--to', message: 'give both --from and --to for a date-range export' }]);
  const runtime = await openTenant(file, registry, { concurrency: options.concurrency });
  output.redactor.add(runtime.config.secrets);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = progressReporter();
  try {
    const summary = await runtime.engine.sync({ runId: runtime.runId, dryRun: options.dryRun, from, to, signal: stop.signal, onProgress: progress.onProgress });
    progress.done();
    output.result(summary);
    if (summary.dryRun) {
      output.line(`dry run for ${runtime.config.tenant}: nothing was written anywhere`);
      for (const item of summary.dryRun.wouldSend) output.line(`would book ${item.documentKey}: ${JSON.stringify(item.booking.entry)}`);
      for (const gap of summary.dryRun.gaps) output.line(`gap ${gap.documentKey}: ${gap.message}${gap.field ? ` (field ${gap.field})` : ''}`);
      for (const key of summary.dryRun.alreadyBooked) output.line(`already booked ${key}`);
    }
    for (const line of summaryLines(summary)) output.line(line);
    output.line(`log: ${runtime.logFile}`);
    return summary.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await runtime.close();
  }
}
