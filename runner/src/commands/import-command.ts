/**
 * `koppelwerk import <tenant.yaml>`: the import direction (import-direction.ts), once now, with what
 * it did per kind.
 */
import type { ConnectorRegistry } from '@koppelwerk/core';
import { openTenant, type Output, runImport } from '@koppelwerk/runtime';

export async function importCommand(registry: ConnectorRegistry, file: string, output: Output): Promise<number> {
  const runtime = await openTenant(file, registry);
  output.redactor.add(runtime.config.secrets);
  try {
    const summary = await runImport(runtime);
    output.result(summary);
    output.line(summary.message);
    for (const [kind, result] of [['relations', summary.relations], ['materials', summary.materials], ['hour types', summary.hourTypes]] as const) {
      output.line(`  ${kind}: created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}, failed ${result.failed.length}`);
      for (const failure of result.failed) output.line(`    ${failure.key}: ${failure.error.message}`);
    }
    return summary.exitCode;
  } finally {
    await runtime.close();
  }
}
