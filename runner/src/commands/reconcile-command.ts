/**
 * `koppelwerk reconcile <tenant.yaml> --from D --to D [--json]`: do the books agree with the shop
 * for a period? Exit 0 when they agree, 1 when they differ (each difference on its own line), the
 * usual codes otherwise. Nothing is written; `--rebook` (with `--yes`) books a document that was
 * deleted from the books again, through the engine's exactly-once path.
 */
import { ExitCode, type BookingPeriod, type ConnectorRegistry } from '@koppelwerk/core';
import { UsageError } from '@koppelwerk/core/errors';
import { interruptedExitCode, interruptOnSignals, loadTenantConfig, openTenantConfig, reconcileLines, reconcileTenant, reportJson, type Output } from '@koppelwerk/runtime';
import { dateOption } from '../date-option';

export interface ReconcileCommandOptions {
  from?: string;
  to?: string;
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
