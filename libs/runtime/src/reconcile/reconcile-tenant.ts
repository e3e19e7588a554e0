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
import type { LedgerEntry, LedgerState, StateStore } from '@koppelwerk/engine';
import type { TenantRuntime } from '../tenant-runtime';
import { summaryOfBooking } from './booking-summary';
import { PeriodMatch, type LedgerFacts, type Refusal } from './period-match';
import type { Difference, ReconcileReport } from './reconcile-report';

export const reconcileWorded = wordedBy(RECONCILE_MESSAGES);

/**
 * Books entries whose owner only the source can tell (an invoice number the template does not
 * claim and the ledger does not know) wait for the source to be read; past this many, the books
 * are read no further until it is.
 */
const WAITING_BOOKS_ENTRIES = 2_000;
/** Pages of the books fetched before they are matched (while the ledger is read, the books keep coming). */
const BOOKS_AHEAD = 8;
/** Pages of the source fetched while the one before is mapped. */
const SOURCE_AHEAD = 2;
/** Rows of the ledger, or documents of the source, handled before the books' answers get a turn. */
const TURN = 500;

/**
 * The period's documents, bookings and books of a tenant, compared. Three readings run side by
 * side, each page matched as it comes (period-match.ts): the ledger's rows, and, once those are in,
 * the source's documents (mostly mapping, on this process's CPU) and the books (round trips to the
 * bookkeeping, fetched from the start). A failure is reported as a reading one after the other
 * (ledger, source, books) would report it: a failing ledger or source stops the others, failing
 * books let the source finish.
 */
export async function reconcileTenant(runtime: TenantRuntime, period: BookingPeriod, options: { signal?: AbortSignal } = {}): Promise<ReconcileReport> {
  const { config, store, source, sink } = runtime;
  if (!hasCapability(config.source.manifest, 'date-range')) {
    throw new ConfigurationError([reconcileWorded.problem('source.connector', 'RECONCILE_NO_PERIOD', { title: config.source.manifest.title })]);
  }
  if (!sink.listBooks || !hasCapability(config.sink.manifest, 'list-books')) {
    throw new ConfigurationError([reconcileWorded.problem('sink.connector', 'RECONCILE_NO_BOOKS', { title: config.sink.manifest.title })]);
  }
  const listBooks = sink.listBooks.bind(sink);
  const template = config.mapping.parts.invoiceNumber;
  const claimsByText = template.hasFixedText();
  const match = new PeriodMatch({ period, claims: (invoiceNumber) => claimsByText && template.matches(invoiceNumber), mappingVersion: config.mapping.version });
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const stopping = <T>(reading: Promise<T>) =>
    reading.catch((error: unknown) => {
      stop.abort();
      throw error;
    });

  // What Koppelwerk booked: every ledger row (for the reasons), the booked ones in the period by invoice number.
  const ledgerRead = stopping(
    (async () => {
      let turn = 0;
      for (const entry of await ledgerRows(store)) {
        match.addLedgerRow(entry);
        if (++turn % TURN === 0) await nextTurn();
      }
    })(),
  );

  // What the source says: every document dated in the period, mapped by today's rules.
  let sourceOver = false;
  const readSource = async () => {
    let mappingContext: Promise<MappingContext> | undefined;
    let turn = 0;
    try {
      for await (const page of readAhead(source.read({ cursor: null, from: period.from, to: period.to }), SOURCE_AHEAD)) {
        await ledgerRead;
        options.signal?.throwIfAborted();
        for (const item of page.items) {
          if (++turn % TURN === 0) await nextTurn();
          if (!item.ok) {
            match.addRefused(item.key, refusal(item.error, runtime));
            continue;
          }
          let booking: Booking;
          try {
            if (isWorkOrder(item.record)) mappingContext ??= sink.listArticles().then((articles) => ({ articles }));
            booking = config.mapping.map(item.record, isWorkOrder(item.record) ? await mappingContext : undefined);
          } catch (error) {
            if (match.inPeriod(recordDate(item.record))) match.addRefused(item.key, refusal(error, runtime));
            continue;
          }
          const summary = summaryOfBooking(booking);
          if (match.inPeriod(summary.date)) match.addSourceDocument(item.key, summary);
        }
      }
      match.sourceRead();
    } finally {
      sourceOver = true;
    }
  };
  const sourceRead = stopping(readSource());

  // What the books hold now: the tenant's invoices in the period. The tenant's: an invoice number
  // one of its documents has (in the source or the ledger), or, when mapping.texts.invoiceNumber
  // has text of its own (`WEB-{number}`), any it can render.
  const readBooks = async () => {
    const waiting: BooksEntry[] = [];
    const settle = async () => {
      await sourceRead.catch(() => undefined);
      signal.throwIfAborted();
      for (const entry of waiting.splice(0)) if (match.ownership(entry) === 'mine') match.addBooksEntry(entry);
    };
    for await (const page of readAhead(listBooks(period), BOOKS_AHEAD, signal)) {
      await ledgerRead;
      signal.throwIfAborted();
      if (sourceOver && waiting.length > 0) await settle();
      for (const entry of page) {
        const ownership = match.ownership(entry);
        if (ownership === 'not-mine') continue;
        if (ownership === 'mine' && waiting.length === 0) {
          match.addBooksEntry(entry);
          continue;
        }
        // Kept in the books' order: once one waits, the ones after it wait too.
        waiting.push(entry);
        if (waiting.length >= WAITING_BOOKS_ENTRIES) await settle();
      }
    }
    await settle();
  };
  const booksRead = readBooks();

  const [ledgerSide, sourceSide, booksSide] = await Promise.allSettled([ledgerRead, sourceRead, booksRead]);
  for (const side of [ledgerSide, sourceSide, booksSide]) if (side.status === 'rejected') throw side.reason;

  // A document the source cannot map that was booked before is compared as booked, not as missing.
  const refusedKeys = match.refusedKeys();
  const bookedRefused = new Set<string>();
  if (refusedKeys.size > 0) {
    for (const entry of await ledgerRows(store, 'booked')) if (refusedKeys.has(entry.documentKey)) bookedRefused.add(entry.documentKey);
  }

  const gone = reconcileWorded.text('RECONCILE_GONE_FROM_SOURCE', {});
  const differences = await match.differences((documentKey, facts) => missingReason(runtime, documentKey, facts), { reason: gone.message, reasonCode: gone.code, reasonParams: gone.params }, bookedRefused);
  return {
    tenant: config.tenant,
    period: { from: period.from, to: period.to },
    totals: match.totals.list(),
    differences,
    counted: match.counted(),
  };
}

/** Lets answers that arrived meanwhile (the books' pages) be handled. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The pages of `pages`, up to `ahead` of them fetched before they are asked for. Stops fetching
 * when the reader stops or `signal` is aborted; a page that fails to come fails the reading when
 * its turn comes.
 */
async function* readAhead<T>(pages: AsyncIterable<T>, ahead: number, signal?: AbortSignal): AsyncGenerator<T> {
  const iterator = pages[Symbol.asyncIterator]();
  const fetched: Promise<IteratorResult<T>>[] = [];
  let ended = false;
  const fetch = () => {
    const next = iterator.next();
    // Failures are met in turn below; one fetched ahead of a reader that stopped is no one's to meet.
    next.catch(() => undefined);
    next.then((result) => (ended ||= result.done === true), () => (ended = true));
    fetched.push(next);
  };
  try {
    for (;;) {
      while (!ended && !signal?.aborted && fetched.length <= ahead) fetch();
      const next = fetched.shift();
      if (!next) return;
      const result = await next;
      if (result.done) return;
      yield result.value;
    }
  } finally {
    if (!ended) await iterator.return?.();
  }
}

/**
 * The ledger's rows in ledger order, each let go as soon as it is read (a row carries the booking
 * as sent; only its summary is kept). The store gives them in one list: the whole ledger is in
 * memory while the list is made, which is what grows with the tenant's history.
 */
function* drained(rows: LedgerEntry[]): Generator<LedgerEntry> {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    (rows as (LedgerEntry | undefined)[])[i] = undefined;
    yield row;
  }
}

async function ledgerRows(store: StateStore, state?: LedgerState): Promise<Iterable<LedgerEntry>> {
  return drained(await store.listLedger(state ? { state } : undefined));
}

function recordDate(record: SourceRecord): string {
  return record.date;
}

function refusal(error: unknown, runtime: TenantRuntime): Refusal {
  const redact = (text: string) => runtime.redactor.redactText(text);
  const said = reconcileWorded.text('RECONCILE_CANNOT_BOOK', errorParams('cause', error, redact));
  return { code: said.code, params: said.params, message: said.message };
}

/** Why a bookable document is not in the books: parked (with its reason), in doubt, pending, or not read yet. */
async function missingReason(runtime: TenantRuntime, documentKey: string, facts: LedgerFacts | undefined): Promise<Pick<Difference, 'reason' | 'reasonCode' | 'reasonParams'>> {
  const coded = (said: Refusal) => ({ reason: said.message, reasonCode: said.code, reasonParams: said.params });
  const [parked] = await runtime.store.listErrors({ documentKey, limit: 1 });
  if (parked) {
    return coded(reconcileWorded.text('RECONCILE_PARKED', nestedParams('cause', { code: parked.code, params: parked.params, text: parked.message })));
  }
  if (facts?.inDoubt) return coded(reconcileWorded.text('RECONCILE_IN_DOUBT', {}));
  if (facts?.pending) return coded(reconcileWorded.text('RECONCILE_PENDING', {}));
  return coded(reconcileWorded.text('RECONCILE_NOT_READ', {}));
}
