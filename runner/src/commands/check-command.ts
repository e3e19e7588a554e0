/** `koppelwerk check <tenant.yaml>`: both dots, green or red with the reason and what to do. */
import { ExitCode, exitCodeFor, type CheckResult, type ConnectorRegistry } from '@koppelwerk/core';
import type { Output } from '../output';
import { checkTenant, openTenant } from '../tenant-runtime';

export function dotLine(side: string, name: string, result: CheckResult): string[] {
  const lines = [`${result.ok ? 'green' : 'RED  '}  ${side.padEnd(6)} ${name}${result.ok ? '' : `: ${result.reason ?? 'not reachable'}`}`];
  for (const detail of result.details ?? []) lines.push(`         - ${detail}`);
  if (!result.ok && result.hint) lines.push(`         what to do: ${result.hint}`);
  return lines;
}

export function exitCodeForChecks(...results: CheckResult[]): number {
  const red = results.filter((r) => !r.ok);
  if (red.length === 0) return ExitCode.ok;
  const classes = red.map((r) => r.errorClass ?? 'transient');
  for (const errorClass of ['configuration', 'authentication', 'transient'] as const) {
    if (classes.includes(errorClass)) return exitCodeFor(errorClass);
  }
  return ExitCode.transient;
}

export async function checkCommand(registry: ConnectorRegistry, file: string, output: Output): Promise<number> {
  const runtime = await openTenant(file, registry);
  output.redactor.add(runtime.config.secrets);
  try {
    const { source, sink } = await checkTenant(runtime);
    const { config } = runtime;
    output.result({ tenant: config.tenant, source: { connector: config.source.manifest.id, ...source }, sink: { connector: config.sink.manifest.id, ...sink } });
    output.line(`tenant ${config.tenant}`);
    for (const line of dotLine('source', config.source.manifest.title, source)) output.line(line);
    for (const line of dotLine('sink', config.sink.manifest.title, sink)) output.line(line);
    return exitCodeForChecks(source, sink);
  } finally {
    await runtime.close();
  }
}
