/**
 * `koppelwerk explain <tenant.yaml> <document>`: which rule produced each part of one document's
 * booking (VAT codes, ledgers, rows, the rounding to the source's total), or why it is refused.
 */
import { ConfigurationError, ExitCode, KoppelwerkError, hasCapability, isWorkOrder, type ConnectorRegistry } from '@koppelwerk/core';
import type { Output } from '../output';
import { findDocumentKey, splitDocumentKey } from '../document-key';
import { openTenant } from '../tenant-runtime';
import { UsageError } from '../usage-error';

export async function explainCommand(registry: ConnectorRegistry, file: string, key: string, output: Output): Promise<number> {
  const runtime = await openTenant(file, registry);
  output.redactor.add(runtime.config.secrets);
  try {
    const { source, config } = runtime;
    if (!source.fetch || !hasCapability(config.source.manifest, 'refetch')) {
      throw new ConfigurationError([{ path: 'source.connector', message: `${config.source.manifest.id} cannot fetch a single document, so it cannot be explained` }]);
    }
    // `sales-order:1001` names the document `1001` when the state knows it (or the source has no such key).
    const known = await findDocumentKey(runtime.store, key);
    const split = splitDocumentKey(key);
    let item = await source.fetch(known ?? key);
    if (!item.ok && known === undefined && split.kind !== undefined && isNotFound(item.error)) item = await source.fetch(split.key);
    if (!item.ok && isNotFound(item.error)) {
      throw new UsageError(`no document ${key} in this tenant's state, and ${config.source.manifest.title} has none under that key either`);
    }
    if (!item.ok) {
      output.result({ document: key, error: { class: item.error.errorClass, message: item.error.message } });
      output.line(`${key} cannot be read: ${item.error.message}`);
      return 1;
    }
    const context = isWorkOrder(item.record) ? { articles: await runtime.sink.listArticles() } : {};
    let booking;
    try {
      booking = config.mapping.explain(item.record, context);
    } catch (error) {
      // The mapping refuses it: say why, as the error queue would.
      if (!KoppelwerkError.is(error) || error.errorClass !== 'record') throw error;
      output.result({ document: key, mappingVersion: config.mapping.version, error: { class: error.errorClass, code: error.code, message: error.message } });
      output.line(`${key} with mapping ${config.mapping.version} cannot be booked: ${error.message}`);
      return ExitCode.parked;
    }
    output.result({ document: key, mappingVersion: config.mapping.version, booking });
    output.line(`${key} with mapping ${config.mapping.version}:`);
    for (const step of booking.explain) output.line(`  ${step.target.padEnd(20)} = ${step.value}\n  ${''.padEnd(20)}   by ${step.rule}: ${step.because}`);
    for (const warning of booking.warnings) output.line(`  warning: ${warning}`);
    return 0;
  } finally {
    await runtime.close();
  }
}

/** The source says the document does not exist (every source's not-found code ends in `_NOT_FOUND`). */
function isNotFound(error: { code?: string }): boolean {
  return typeof error.code === 'string' && error.code.endsWith('_NOT_FOUND');
}
