/**
 * `koppelwerk reconcile <tenant.yaml> --from D --to D [--json]`: do the books agree with the shop
 * for a period? Exit 0 when they agree, 1 when they differ (each difference on its own line), the
 * usual codes otherwise. Nothing is written; `--rebook` (with `--yes`) books a document that was
 * deleted from the books again, through the engine's exactly-once path.
 */
import { ExitCode, type BookingPeriod, type ConnectorRegistry } from '@koppelwerk/core';
import { UsageError } from '@koppelwerk/core/errors';
import { interruptedExitCode, interruptOnSignals, loadTenantConfig, openTenantConfig, planRebook, rebookDocuments, reconcileLines, reconcileTenant, reportJson, summaryLines, type Output } from '@koppelwerk/runtime';
import { dateOption } from '../date-option';

export interface ReconcileCommandOptions {
  from?: string;
  to?: string;
  /** Documents (the `document` of a deleted-in-books line) to book again. */
  rebook?: string[];
  yes?: boolean;
}

/** The period of `--from`/`--to`: both given, in order. */
export function reconcilePeriod(options: ReconcileCommandOptions): BookingPeriod {
  const from = dateOption(options.from, '--from');
  const to = dateOption(options.to, '--to');
  if (from === undefined || to === undefined) throw new UsageError('give the period as --from YYYY-MM-DD --to YYYY-MM-DD (both days included)');
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  return { from, to };
}

export async function reconcileCommand(registry: ConnectorRegistry, file: string, options: ReconcileCommandOptions, output: Output): Promise<number> {
  if (options.rebook?.length) return rebookCommand(registry, file, options.rebook, Boolean(options.yes), output);
  if (options.yes) throw new UsageError('--yes confirms --rebook; give the documents to book again with --rebook <document...>');
  const period = reconcilePeriod(options);
  const config = loadTenantConfig(file, registry);
  const runtime = await openTenantConfig(config);
  output.redactor.add(runtime.config.secrets);
  const interruption = interruptOnSignals();
  try {
    const report = await reconcileTenant(runtime, period, { signal: interruption.signal });
    output.result(reportJson(report));
    for (const line of reconcileLines(report, output.language)) output.line(line);
    return report.differences.length === 0 ? ExitCode.ok : ExitCode.parked;
  } catch (error) {
    const interrupted = interruption.received();
    if (interrupted) {
      output.error(`reconciliation of ${config.tenant} was interrupted (${interrupted}); nothing was written`);
      return interruptedExitCode(interrupted);
    }
    throw error;
  } finally {
    interruption.dispose();
    await runtime.close();
  }
}

/**
 * `--rebook <document...>`: without `--yes` it says what it would book again (exit 64); with it, it
 * books each once. A document still in the books, or one Koppelwerk never booked, is refused.
 */
async function rebookCommand(registry: ConnectorRegistry, file: string, documents: string[], yes: boolean, output: Output): Promise<number> {
  const runtime = await openTenantConfig(loadTenantConfig(file, registry));
  output.redactor.add(runtime.config.secrets);
  const interruption = interruptOnSignals(() => output.line('stopping at once; a document left pending is booked by the next rebook'));
  try {
    const plan = await planRebook(runtime, documents);
    for (const refusal of plan.refused) output.error(`not booked again: ${refusal.message}`, { document: refusal.document });
    const listed = plan.documents.map((d) => `  ${d.documentKey}  ${d.invoiceNumber}${d.sinkId ? `  (was ${d.sinkId})` : ''}`);
    if (!yes || plan.documents.length === 0) {
      output.result({ rebook: plan.documents.map((d) => d.documentKey), refused: plan.refused.map((r) => ({ document: r.document, reason: r.message })), booked: false });
      if (plan.documents.length > 0) {
        output.line(`these ${plan.documents.length} document(s) were deleted from the books and would be booked again:`);
        for (const line of listed) output.line(line);
        output.line('nothing was booked: run again with --yes to book them');
      }
      return ExitCode.usage;
    }
    const summary = await rebookDocuments(runtime, plan, { signal: interruption.signal });
    const interrupted = interruption.received();
    output.result({ ...summary, refused: plan.refused.map((r) => ({ document: r.document, reason: r.message })), ...(interrupted ? { interrupted } : {}) });
    for (const line of summaryLines(summary, { tenantArgument: file, sinkTitle: runtime.config.sink.manifest.title, interrupted, language: output.language })) output.line(line);
    if (interrupted) return interruptedExitCode(interrupted);
    return plan.refused.length > 0 && summary.exitCode === ExitCode.ok ? ExitCode.usage : summary.exitCode;
  } finally {
    interruption.dispose();
    await runtime.close();
  }
}
