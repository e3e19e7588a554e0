/** `koppelwerk sync <tenant.yaml> [--dry-run] [--from D --to D]`: one batch now. */
import { hasCapability, type ConnectorRegistry } from '@koppelwerk/core';
import type { SyncSummary } from '@koppelwerk/engine';
import { dryRunLines, interruptedExitCode, interruptOnSignals, loadTenantConfig, openTenantConfig, type Output, summaryLines } from '@koppelwerk/runtime';
import { dateOption } from '../date-option';
import { UsageError } from '@koppelwerk/core/errors';
import { progressReporter } from './progress-bar';

export interface SyncCommandOptions {
  dryRun?: boolean;
  from?: string;
  to?: string;
  concurrency?: number;
}


/** A dry run's summary as JSON: nothing was parked, so its message says what would be. */
function dryRunResult(summary: SyncSummary): SyncSummary {
  if (summary.mode !== 'dry-run' || summary.outcome !== 'parked') return summary;
  return { ...summary, message: `${summary.dryRun?.gaps.length ?? 0} document(s) would be parked; nothing was written` };
}

export async function syncCommand(registry: ConnectorRegistry, file: string, options: SyncCommandOptions, output: Output): Promise<number> {
  const from = dateOption(options.from, '--from');
  const to = dateOption(options.to, '--to');
  if ((from === undefined) !== (to === undefined)) throw new UsageError('give both --from and --to for a date-range export');
  if (from !== undefined && to !== undefined && from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  const config = loadTenantConfig(file, registry);
  if (from !== undefined && !hasCapability(config.source.manifest, 'date-range')) {
    throw new UsageError(
      `${config.source.manifest.title} cannot read a date range, so --from/--to cannot be used with this tenant; ` +
        'a plain `koppelwerk sync` reads everything new since the last run',
    );
  }
  const runtime = await openTenantConfig(config, { concurrency: options.concurrency });
  output.redactor.add(runtime.config.secrets);
  const interruption = interruptOnSignals(() => output.line('stopping at once; the next run settles what was in flight'));
  const progress = progressReporter();
  try {
    const summary = await runtime.engine.sync({ runId: runtime.runId, dryRun: options.dryRun, from, to, signal: interruption.signal, onProgress: progress.onProgress });
    progress.done();
    const interrupted = interruption.received();
    output.result({ ...dryRunResult(summary), ...(interrupted ? { interrupted } : {}) });
    if (summary.dryRun) {
      output.line(`dry run for ${runtime.config.tenant}: nothing was written anywhere`);
      for (const line of dryRunLines(summary.dryRun, config.sink.manifest.title)) output.line(line);
    }
    for (const line of summaryLines(summary, { tenantArgument: file, sinkTitle: config.sink.manifest.title, interrupted, language: output.language })) output.line(line);
    output.line(`log: ${runtime.logFile}`);
    return interrupted ? interruptedExitCode(interrupted) : summary.exitCode;
  } finally {
    interruption.dispose();
    await runtime.close();
  }
}
