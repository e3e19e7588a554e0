/**
 * The data behind `koppelwerk explain`: one document of a tenant, fetched from its source and run
 * through the mapping's explain (which rule produced each part of the booking), or why it cannot be
 * booked or read. Used by the CLI (embedded and `--database`) and anything else that shows it.
 */
import { ConfigurationError, KoppelwerkError, hasCapability, isWorkOrder, type Booking, type ErrorClass } from '@koppelwerk/core';
import { findDocumentKey, splitDocumentKey } from './document-key';
import type { TenantRuntime } from './tenant-runtime';
import { UsageError } from './usage-error';

export interface ExplainFailure {
  errorClass: ErrorClass;
  code?: string;
  message: string;
}

/** The booking the mapping makes of the document, or why it makes none (the source refused it, the mapping parks it). */
export type ExplainOutcome =
  | { document: string; mappingVersion: string; booking: Booking }
  | { document: string; mappingVersion?: string; error: ExplainFailure };

/**
 * Explains the document named `key` (`1001` or `sales-order:1001`). A document the source cannot
 * read (mappingVersion absent) or the mapping refuses is an outcome with an error; one that neither
 * the tenant's state nor the source knows is a UsageError. A source that cannot fetch one document
 * is a ConfigurationError.
 */
export async function explainDocument(runtime: TenantRuntime, key: string): Promise<ExplainOutcome> {
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
    return { document: key, error: { errorClass: item.error.errorClass, ...(item.error.code !== undefined ? { code: item.error.code } : {}), message: item.error.message } };
  }
  const context = isWorkOrder(item.record) ? { articles: await runtime.sink.listArticles() } : {};
  try {
    return { document: key, mappingVersion: config.mapping.version, booking: config.mapping.explain(item.record, context) };
  } catch (error) {
    // The mapping refuses it: say why, as the error queue would.
    if (!KoppelwerkError.is(error) || error.errorClass !== 'record') throw error;
    return {
      document: key,
      mappingVersion: config.mapping.version,
      error: { errorClass: error.errorClass, ...(error.code !== undefined ? { code: error.code } : {}), message: error.message },
    };
  }
}

/** The source says the document does not exist (every source's not-found code ends in `_NOT_FOUND`). */
function isNotFound(error: { code?: string }): boolean {
  return typeof error.code === 'string' && error.code.endsWith('_NOT_FOUND');
}
