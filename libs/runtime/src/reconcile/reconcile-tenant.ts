/**
 * Reconciliation of one tenant for a period: the source's documents dated in it (all of them, read
 * as a date-range export, never the cursor), the ledger's bookings (what Koppelwerk sent) and what
 * the bookkeeping holds now (`listBooks`), matched by invoice number. Nothing is written.
 *
 * Which bookings are the tenant's, whoever wrote them: those with the invoice number of one of its
 * documents (in the source or the ledger), and, when `mapping.texts.invoiceNumber` has text of its
 * own, every one it can render (`WEB-{number}` owns `WEB-9999`; a bare `{number}` cannot tell the
 * tenant's from another's in the same administration). A booking among them that Koppelwerk did not
 * write is `unknown-in-books` (a double booking by hand or by another tool).
 */
import {
  ConfigurationError,
  errorParams,
  hasCapability,
  isWorkOrder,
  nestedParams,
  RECONCILE_MESSAGES,
  wordedBy,
  type Booking,
  type BookingPeriod,
  type BooksEntry,
  type MappingContext,
  type SourceRecord,
} from '@koppelwerk/core';
import { decodeJson, type LedgerEntry } from '@koppelwerk/engine';
import type { TenantRuntime } from '../tenant-runtime';
import { firstDifference, summaryOfBooking, summaryOfBooks, type BookingSummary } from './booking-summary';
import { TotalsTable, type Difference, type ReconcileReport } from './reconcile-report';

export const reconcileWorded = wordedBy(RECONCILE_MESSAGES);

/** A document of the source in the period, mapped by today's rules. */
interface SourceSide {
  key: string;
  summary: BookingSummary;
}

/** A document of the source that cannot be booked (unreadable, a currency refused), with why. */
interface RefusedSide {
  key: string;
  refused: { code: string; params: Record<string, string | number>; message: string };
}

/** What Koppelwerk booked in the period, by invoice number. */
interface BookedSide {
  entry: LedgerEntry;
  summary: BookingSummary;
}

/** The period's documents, bookings and books of a tenant, compared. */
export async function reconcileTenant(runtime: TenantRuntime, period: BookingPeriod, options: { signal?: AbortSignal } = {}): Promise<ReconcileReport> {
  const { config, store, source, sink } = runtime;
  if (!hasCapability(config.source.manifest, 'date-range')) {
    throw new ConfigurationError([reconcileWorded.problem('source.connector', 'RECONCILE_NO_PERIOD', { title: config.source.manifest.title })]);
  }
  if (!sink.listBooks || !hasCapability(config.sink.manifest, 'list-books')) {
    throw new ConfigurationError([reconcileWorded.problem('sink.connector', 'RECONCILE_NO_BOOKS', { title: config.sink.manifest.title })]);
  }
  const inPeriod = (date: string) => date >= period.from && date <= period.to;
  const template = config.mapping.parts.invoiceNumber;
  const known = new Set<string>();
  const owns = (invoiceNumber: string) => invoiceNumber !== '' && (known.has(invoiceNumber) || (template.hasFixedText() && template.matches(invoiceNumber)));
  const totals = new TotalsTable();

  // What Koppelwerk booked: every ledger row by document (for the reasons), the booked ones in the period by invoice number.
  const ledgerRows = new Map<string, LedgerEntry[]>();
  const booked = new Map<string, BookedSide>();
  for (const entry of await store.listLedger()) {
    ledgerRows.set(entry.documentKey, [...(ledgerRows.get(entry.documentKey) ?? []), entry]);
    if (entry.invoiceNumber) known.add(entry.invoiceNumber);
    if (entry.state !== 'booked' || !entry.bookingJson || !entry.invoiceNumber) continue;
    const summary = summaryOfBooking(decodeJson<Booking>(entry.bookingJson));
    if (!inPeriod(summary.date)) continue;
    booked.set(summary.invoiceNumber, { entry, summary });
    totals.add('booked', summary);
  }

  // What the source says: every document dated in the period, mapped by today's rules.
  const documents = new Map<string, SourceSide>();
  const refused: RefusedSide[] = [];
  let mappingContext: Promise<MappingContext> | undefined;
  for await (const page of source.read({ cursor: null, from: period.from, to: period.to })) {
    options.signal?.throwIfAborted();
    for (const item of page.items) {
      if (!item.ok) {
        refused.push({ key: item.key, refused: refusal(item.error, runtime) });
        continue;
      }
      let booking: Booking;
      try {
        if (isWorkOrder(item.record)) mappingContext ??= sink.listArticles().then((articles) => ({ articles }));
        booking = config.mapping.map(item.record, isWorkOrder(item.record) ? await mappingContext : undefined);
      } catch (error) {
        if (inPeriod(recordDate(item.record))) refused.push({ key: item.key, refused: refusal(error, runtime) });
        continue;
      }
      const summary = summaryOfBooking(booking);
      if (!inPeriod(summary.date)) continue;
      documents.set(summary.invoiceNumber, { key: item.key, summary });
      known.add(summary.invoiceNumber);
      totals.add('source', summary);
    }
  }

  // What the books hold now: the tenant's invoices in the period. The tenant's: an invoice number one
  // of its documents has (in the source or the ledger), or, when mapping.texts.invoiceNumber has text
  // of its own (`WEB-{number}`), any it can render.
  const books = new Map<string, BooksEntry[]>();
  let booksCount = 0;
  for await (const page of sink.listBooks(period)) {
    options.signal?.throwIfAborted();
    for (const entry of page) {
      if (entry.kind === 'other' || !owns(entry.invoiceNumber) || !inPeriod(entry.date)) continue;
      books.set(entry.invoiceNumber, [...(books.get(entry.invoiceNumber) ?? []), entry]);
      totals.add('books', summaryOfBooks(entry));
      booksCount++;
    }
  }

  const differences: Difference[] = [];
  const seen = new Set<string>();
  const documentOf = (invoiceNumber: string) => {
    const found = documents.get(invoiceNumber)?.key ?? booked.get(invoiceNumber)?.entry.documentKey;
    return found ?? invoiceNumber;
  };

  /** The books' side of one invoice number Koppelwerk booked: deleted, changed, or a second booking beside it. */
  const compareBooked = (invoiceNumber: string, mine: BookedSide) => {
    const held = books.get(invoiceNumber) ?? [];
    const ours = mine.entry.sinkId ? held.find((entry) => entry.sinkId === mine.entry.sinkId) : held[0];
    const document = mine.entry.documentKey;
    if (!ours) differences.push({ kind: 'deleted-in-books', document, invoiceNumber });
    else {
      const changed = firstDifference(mine.summary, summaryOfBooks(ours));
      if (changed) differences.push({ kind: 'changed-in-books', document, invoiceNumber, ...changed });
    }
    if (held.some((entry) => entry !== ours)) differences.push({ kind: 'unknown-in-books', document, invoiceNumber });
  };

  for (const [invoiceNumber, document] of documents) {
    seen.add(invoiceNumber);
    const mine = booked.get(invoiceNumber);
    if (mine) {
      compareBooked(invoiceNumber, mine);
      const changed = firstDifference(mine.summary, document.summary);
      if (changed) differences.push({ kind: 'changed-in-source', document: document.key, invoiceNumber, ...changed });
    } else if ((books.get(invoiceNumber) ?? []).length > 0) {
      differences.push({ kind: 'unknown-in-books', document: document.key, invoiceNumber });
    } else {
      differences.push({ kind: 'missing-in-books', document: document.key, invoiceNumber, ...(await missingReason(runtime, document.key, ledgerRows.get(document.key) ?? [])) });
    }
  }
  for (const document of refused) {
    const rows = ledgerRows.get(document.key) ?? [];
    // A document booked before that the source now cannot map is compared as booked (below).
    if (rows.some((row) => row.state === 'booked')) continue;
    const { code, params, message } = document.refused;
    differences.push({ kind: 'missing-in-books', document: document.key, invoiceNumber: rows.find((row) => row.invoiceNumber)?.invoiceNumber ?? '', reason: message, reasonCode: code, reasonParams: params });
  }
  for (const [invoiceNumber, mine] of booked) {
    if (seen.has(invoiceNumber)) continue;
    seen.add(invoiceNumber);
    compareBooked(invoiceNumber, mine);
    const gone = reconcileWorded.text('RECONCILE_GONE_FROM_SOURCE', {});
    if (!refused.some((document) => document.key === mine.entry.documentKey)) {
      differences.push({ kind: 'changed-in-source', document: mine.entry.documentKey, invoiceNumber, reason: gone.message, reasonCode: gone.code, reasonParams: gone.params });
    }
  }
  for (const invoiceNumber of books.keys()) {
    if (seen.has(invoiceNumber)) continue;
    differences.push({ kind: 'unknown-in-books', document: documentOf(invoiceNumber), invoiceNumber });
  }

  differences.sort((a, b) => a.invoiceNumber.localeCompare(b.invoiceNumber, 'en', { numeric: true }) || a.kind.localeCompare(b.kind));
  return {
    tenant: config.tenant,
    period: { from: period.from, to: period.to },
    totals: totals.list(),
    differences,
    counted: { source: documents.size, booked: booked.size, books: booksCount },
  };
}

function recordDate(record: SourceRecord): string {
  return record.date;
}

function refusal(error: unknown, runtime: TenantRuntime): { code: string; params: Record<string, string | number>; message: string } {
  const redact = (text: string) => runtime.redactor.redactText(text);
  const said = reconcileWorded.text('RECONCILE_CANNOT_BOOK', errorParams('cause', error, redact));
  return { code: said.code, params: said.params, message: said.message };
}

/** Why a bookable document is not in the books: parked (with its reason), in doubt, pending, or not read yet. */
async function missingReason(runtime: TenantRuntime, documentKey: string, rows: LedgerEntry[]): Promise<Pick<Difference, 'reason' | 'reasonCode' | 'reasonParams'>> {
  const coded = (said: { code: string; params: Record<string, string | number>; message: string }) => ({ reason: said.message, reasonCode: said.code, reasonParams: said.params });
  const [parked] = await runtime.store.listErrors({ documentKey, limit: 1 });
  if (parked) {
    return coded(reconcileWorded.text('RECONCILE_PARKED', nestedParams('cause', { code: parked.code, params: parked.params, text: parked.message })));
  }
  if (rows.some((row) => row.state === 'in-doubt')) return coded(reconcileWorded.text('RECONCILE_IN_DOUBT', {}));
  if (rows.some((row) => row.state === 'pending' || row.state === 'failed')) return coded(reconcileWorded.text('RECONCILE_PENDING', {}));
  return coded(reconcileWorded.text('RECONCILE_NOT_READ', {}));
}
