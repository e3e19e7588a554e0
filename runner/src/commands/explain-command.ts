/**
 * `koppelwerk explain <tenant.yaml> <document>`: which rule produced each part of one document's
 * booking (VAT codes, ledgers, rows, the rounding to the source's total), or why it is refused.
 * With `--database` the tenant is the service's (its state in PostgreSQL); the output is the same.
 */
import { ExitCode, type ConnectorRegistry } from '@koppelwerk/core';
import { bookedLines, explainDocument, type ExplainOutcome, openTenant, type Output, type TenantRuntime } from '@koppelwerk/runtime';

/**
 * `url`: the tenant is the service's of that name, its secrets resolved from this machine's
 * environment as a worker does; only the source's are needed, as only the source is asked.
 */
export async function explainCommand(registry: ConnectorRegistry, file: string, key: string, output: Output, url?: string): Promise<number> {
  const runtime = url === undefined ? await openTenant(file, registry) : await (require('@koppelwerk/service') as typeof import('@koppelwerk/service')).openServiceTenant(registry, url, file, { sourceOnly: true });
  return withRuntime(runtime, output, (opened) => explainTenant(opened, key, output));
}

/** Opened runtimes are closed whatever the command does; their secrets are redacted from the output. */
export async function withRuntime(runtime: TenantRuntime, output: Output, command: (runtime: TenantRuntime) => Promise<number>): Promise<number> {
  output.redactor.add(runtime.config.secrets);
  try {
    return await command(runtime);
  } finally {
    await runtime.close();
  }
}

/** Explains one document of an opened tenant and prints it; the exit code is 0, 1 (unreadable) or parked (refused). */
export async function explainTenant(runtime: TenantRuntime, key: string, output: Output): Promise<number> {
  return renderExplain(await explainDocument(runtime, key), output);
}

export function renderExplain(outcome: ExplainOutcome, output: Output): number {
  const { document } = outcome;
  if ('error' in outcome) {
    const { errorClass, code, message } = outcome.error;
    if (outcome.mappingVersion === undefined) {
      output.result({ document, error: { class: errorClass, code, message } });
      output.line(`${document} cannot be read: ${message}`);
      return 1;
    }
    output.result({ document, mappingVersion: outcome.mappingVersion, error: { class: errorClass, code, message } });
    output.line(`${document} with mapping ${outcome.mappingVersion} cannot be booked: ${message}`);
    return ExitCode.parked;
  }
  const { mappingVersion, booking, booked } = outcome;
  output.result({ document, mappingVersion, booking, ...(booked ? { booked } : {}) });
  output.line(`${document} with mapping ${mappingVersion}:`);
  if (booked) for (const line of bookedLines(booked, booking)) output.line(`  ${line}`);
  for (const step of booking.explain) output.line(`  ${step.target.padEnd(20)} = ${step.value}\n  ${''.padEnd(20)}   by ${step.rule}: ${step.because}`);
  for (const warning of booking.warnings) output.line(`  warning: ${warning}`);
  return 0;
}
