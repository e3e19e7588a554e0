/**
 * The data behind `koppelwerk explain`: one document of a tenant, fetched from its source and run
 * through the mapping's explain (which rule produced each part of the booking), or why it cannot be
 * booked or read. A document Koppelwerk booked is explained from what was booked: when, with which
 * id, and whether the rules make that booking today (the ledger keeps the booking as it was sent).
 * Used by the CLI (embedded and `--database`) and anything else that shows it.
 */
import {
  ConfigurationError,
  DOCUMENT_KINDS,
  KoppelwerkError,
  hasCapability,
  isWorkOrder,
  type Booking,
  type ErrorClass,
  type MessageParams,
} from '@koppelwerk/core';
import { decodeJson, kindOf, payloadHash, type LedgerEntry, type StateStore } from '@koppelwerk/engine';
import { findDocumentKey, splitDocumentKey } from './document-key';
import type { TenantRuntime } from './tenant-runtime';
import { money } from './output';
import { amsterdamTime } from './time-format';
import { worded } from './worded';
import { UsageError } from '@koppelwerk/core/errors';

export interface ExplainFailure {
  errorClass: ErrorClass;
  code?: string;
  message: string;
  /** The values the message is made of, for the catalogue to word it in another language. */
  params?: MessageParams;
}

function failureOf(error: KoppelwerkError): ExplainFailure {
  return { errorClass: error.errorClass, ...(error.code !== undefined ? { code: error.code } : {}), message: error.message, ...(error.params ? { params: error.params } : {}) };
}

/** What the tenant's ledger says about a document Koppelwerk booked. */
export interface BookedFacts {
  /** When it was booked (ISO instant). */
  at: string;
  /** The sink's id of the booking (an invoice or mutation number). */
  sinkId: string;
  invoiceNumber?: string;
  /** The mapping version it was booked with. */
  mappingVersion?: string;
  /**
   * Whether the rules make exactly that booking today (the same relation and entry). Absent when
   * the source no longer delivers the document: the booking shown is then the one that was sent.
   */
  sameAsToday?: boolean;
  /** Why the source no longer delivers the document. */
  notFromSource?: string;
}

/** The booking the mapping makes of the document, or why it makes none (the source refused it, the mapping parks it). */
export type ExplainOutcome =
  | { document: string; mappingVersion: string; booking: Booking; booked?: BookedFacts }
  | { document: string; mappingVersion?: string; error: ExplainFailure };

/**
 * Explains the document named `key` (`1001` or `sales-order:1001`). A document the source cannot
 * read (mappingVersion absent) or the mapping refuses is an outcome with an error, unless it was
 * booked: then it is the booking as sent. One that neither the tenant's state nor the source knows
 * is a UsageError. A source that cannot fetch one document is a ConfigurationError.
 */
export async function explainDocument(runtime: TenantRuntime, key: string): Promise<ExplainOutcome> {
  const { source, config } = runtime;
  if (!source.fetch || !hasCapability(config.source.manifest, 'refetch')) {
    throw new ConfigurationError([worded.problem('source.connector', 'EXPLAIN_CANNOT_FETCH', { connector: config.source.manifest.id })]);
  }
  // `sales-order:1001` names the document `1001` when the state knows it (or the source has no such key).
  const known = await findDocumentKey(runtime.store, key);
  const split = splitDocumentKey(key);
  let item = await source.fetch(known ?? key);
  if (!item.ok && known === undefined && split.kind !== undefined && isNotFound(item.error)) item = await source.fetch(split.key);
  if (!item.ok) {
    // Booked, and the source no longer delivers it (deleted, or a status it is not booked in): the booking as sent.
    const booked = known === undefined ? null : await bookedEntry(runtime.store, known, split.kind);
    if (booked?.bookingJson) {
      const facts = { ...bookedFacts(booked), notFromSource: item.error.message };
      return { document: key, mappingVersion: booked.mappingVersion ?? config.mapping.version, booking: decodeJson<Booking>(booked.bookingJson), booked: facts };
    }
  }
  if (!item.ok && isNotFound(item.error)) {
    throw new UsageError(`no document ${key} in this tenant's state, and ${config.source.manifest.title} has none under that key either`);
  }
  if (!item.ok) {
    return { document: key, error: failureOf(item.error) };
  }
  const context = isWorkOrder(item.record) ? { articles: await runtime.sink.listArticles() } : {};
  let booking: Booking;
  try {
    booking = config.mapping.explain(item.record, context);
  } catch (error) {
    // The mapping refuses it: say why, as the error queue would.
    if (!KoppelwerkError.is(error) || error.errorClass !== 'record') throw error;
    return {
      document: key,
      mappingVersion: config.mapping.version,
      error: failureOf(error),
    };
  }
  const booked = await runtime.store.getLedgerEntry({ documentKey: item.key, kind: kindOf(item.record) });
  if (booked?.state !== 'booked') return { document: key, mappingVersion: config.mapping.version, booking };
  return { document: key, mappingVersion: config.mapping.version, booking, booked: { ...bookedFacts(booked), sameAsToday: booked.payloadHash === payloadHash(booking) } };
}

/**
 * What `explain` says about a booked document, above the rules' decisions; when the source no
 * longer delivers it, the booking as it was sent (`booking`), part by part.
 */
export function bookedLines(booked: BookedFacts, booking: Booking): string[] {
  const number = booked.invoiceNumber !== undefined && booked.invoiceNumber !== booked.sinkId ? ` (invoice number ${booked.invoiceNumber})` : '';
  const lines = [`booked ${amsterdamTime(booked.at)} as ${booked.sinkId}${number}${booked.mappingVersion ? ` with mapping ${booked.mappingVersion}` : ''}`];
  if (booked.notFromSource !== undefined) {
    lines.push(`the source no longer delivers it (${booked.notFromSource}), so the rules cannot be shown; it was sent as:`);
    lines.push(...sentLines(booking).map((line) => `  ${line}`));
  } else if (booked.sameAsToday) {
    lines.push('the rules make exactly the booking that was sent:');
  } else {
    lines.push('the rules make another booking today than the one that was sent (the mapping or the document changed since); today they decide:');
  }
  return lines;
}

/** The parts of a booking as it was sent: the relation, the entry, each row or line. */
function sentLines(booking: Booking): string[] {
  const entry = booking.entry;
  if (entry.type === 'journal') {
    return [
      `${entry.kind} ${entry.invoiceNumber} of ${entry.date} for relation ${entry.relationCode}: ${entry.description}`,
      ...entry.rows.map((row, i) => `row[${i}] ledger ${row.ledger}, ${row.vatCode}: ${money(row.amountExcl)} excl + ${money(row.amountVat)} VAT = ${money(row.amountIncl)}`),
    ];
  }
  return [
    `invoice ${entry.invoiceNumber} of ${entry.date} for relation ${entry.relationCode}, template ${entry.template}, payment term ${entry.paymentTermDays} days`,
    ...entry.lines.map((line, i) => `lines[${i}] ${line.quantity.toString()} × ${money(line.unitPrice)} ${line.vatCode}${line.ledger ? ` on ${line.ledger}` : ''}: ${line.description}`),
  ];
}

function bookedFacts(entry: LedgerEntry): BookedFacts {
  return {
    at: entry.bookedAt ?? entry.updatedAt,
    sinkId: entry.sinkId ?? '',
    ...(entry.invoiceNumber !== null ? { invoiceNumber: entry.invoiceNumber } : {}),
    ...(entry.mappingVersion !== null ? { mappingVersion: entry.mappingVersion } : {}),
  };
}

/** The booked ledger row of this document, of its kind when named, else of whichever kind holds it. */
async function bookedEntry(store: StateStore, documentKey: string, kind: string | undefined): Promise<LedgerEntry | null> {
  for (const candidate of kind !== undefined ? [kind] : [...DOCUMENT_KINDS, 'work-order']) {
    const entry = await store.getLedgerEntry({ documentKey, kind: candidate });
    if (entry?.state === 'booked') return entry;
  }
  return null;
}

/** The source says the document does not exist (every source's not-found code ends in `_NOT_FOUND`). */
function isNotFound(error: { code?: string }): boolean {
  return typeof error.code === 'string' && error.code.endsWith('_NOT_FOUND');
}
