/** `koppelwerk explain <tenant.yaml> <document>`: which rule produced each part of one document's booking. */
import { ConfigurationError, hasCapability, isWorkOrder, type ConnectorRegistry } from '@koppelwerk/core';
import type { Output } from '../output';
import { openTenant } from '../tenant-runtime';

export async function explainCommand(registry: ConnectorRegistry, file: string, key: string, output: Output): Promise<number> {
  const runtime = await openTenant(file, registry);
  output.redactor.add(runtime.config.secrets);
  try {
    const { source, config } = runtime;
    if (!source.fetch || !hasCapability(config.source.manifest, 'refetch')) {
      throw new ConfigurationError([{ path: 'source.connector', message: `${config.source.manifest.id} cannot fetch a single document, so it cannot be explained` }]);
    }
    const item = await source.fetch(key);
    if (!item.ok) {
      output.result({ document: key, error: { class: item.error.errorClass, message: item.error.message } });
      output.line(`${key} cannot be read: ${item.error.message}`);
      return 1;
    }
    const context = isWorkOrder(item.record) ? { articles: await runtime.sink.listArticles() } : {};
    const booking = config.mapping.explain(item.record, context);
    output.result({ document: key, mappingVersion: config.mapping.version, booking });
    output.line(`${key} with mapping ${config.mapping.version}:`);
    for (const step of booking.explain) output.line(`  ${step.target.padEnd(20)} = ${step.value}\n  ${''.padEnd(20)}   by ${step.rule}: ${step.because}`);
    for (const warning of booking.warnings) output.line(`  warning: ${warning}`);
    return 0;
  } finally {
    await runtime.close();
  }
}
