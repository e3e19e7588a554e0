/** `koppelwerk check <tenant.yaml>`: both dots, green or red with the reason and what to do. */
import type { ConnectorRegistry } from '@koppelwerk/core';
import { checkTenant, dotLine, exitCodeForChecks, openTenant, type Output } from '@koppelwerk/runtime';

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
