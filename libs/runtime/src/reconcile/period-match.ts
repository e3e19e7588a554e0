/**
 * The three sides of a period matched by invoice number while they are read, keeping per document
 * only what a difference line needs: the ledger's bookings (read first) as compared text
 * (booking-summary.ts `comparedText`), and of the source and the books only what they said about
 * each booking (the first field that differs, whether the books hold it, and whether they hold
 * another booking with its number). Each side's rows go into the totals as they are read; no
 * booking, record or books entry is kept after its page. What grows with the period: one
 * `BookedDocument` per booking Koppelwerk made in it, and a key per document or books entry that
 * matches none of them (bookable but not booked, or booked by someone else).
 */
import { Decimal, type BookingEntry, type BooksEntry, type LocalDate } from '@koppelwerk/core';
import type { LedgerEntry } from '@koppelwerk/engine';
import { comparedText, summaryOfBooks, summaryOfEntry, textDifference, type BookingSummary, type ComparedText, type FieldDifference } from './booking-summary';
import { TotalsTable, type Difference, type ReconcileReport } from './reconcile-report';

/** A booking Koppelwerk made in the period, and what the source and the books said of it. */
class BookedDocument {
  /** When the source first gave its invoice number (documents are compared in that order); -1: not in the source. */
  sourceSeq = -1;
  /** The source's key of the document, when it is not the ledger's. */
  sourceKey: string | undefined = undefined;
  /** How the source's document differs from what was booked. */
  sourceChange: FieldDifference | undefined = undefined;
  /** The books hold this booking (by its sink id, or the first with its number when it has none). */
  found = false;
  /** How the books' booking differs from what was sent. */
  booksChange: FieldDifference | undefined = undefined;
  /** The books hold another booking with this number besides. */
  another = false;

  constructor(
    readonly documentKey: string,
    readonly sinkId: string | null,
    readonly text: ComparedText,
    /** Booked under today's mapping rules: a VAT code, ledger or relation that differs now is the source's doing. */
    readonly sameRules: boolean,
  ) {}
}

/** What the source decides alone, whatever the rules: the amounts and the date. */
const SOURCE_FIELDS = ['amount', 'date'] as const;

/** A bookable document of the source whose invoice number Koppelwerk did not book in the period. */
interface UnbookedDocument {
  key: string;
  seq: number;
}

/** What the ledger's rows other than `booked` say of a document, for the reason it is missing. */
export interface LedgerFacts {
  inDoubt: boolean;
  /** Pending, or failed (parked). */
  pending: boolean;
  /** The first row's invoice number (by ledger order) that has one. */
  invoiceNumber?: string;
}

/** A document of the source that cannot be booked (unreadable, a currency refused), with why. */
export interface Refusal {
  code: string;
  params: Record<string, string | number>;
  message: string;
}

export interface PeriodMatchOptions {
  period: { from: LocalDate; to: LocalDate };
  /** An invoice number this tenant's `mapping.texts.invoiceNumber` claims by its own text (`WEB-{number}` claims `WEB-9999`). */
  claims: (invoiceNumber: string) => boolean;
  /**
   * Today's mapping version. A document booked under other rules is compared with the source on its
   * amounts and date only: a changed ledger or VAT rule is not a change in the source.
   */
  mappingVersion: string;
}

export type Ownership = 'mine' | 'not-mine' | 'after-source';

export class PeriodMatch {
  readonly totals = new TotalsTable();
  private readonly booked = new Map<string, BookedDocument>();
  private readonly unbooked = new Map<string, UnbookedDocument>();
  /** Invoice numbers of the ledger (any state, any date) that the template does not claim by itself. */
  private readonly ledgerNumbers = new Set<string>();
  private readonly facts = new Map<string, LedgerFacts>();
  private readonly refused: { key: string; refused: Refusal }[] = [];
  /** Invoice numbers in the books that Koppelwerk did not book in the period. */
  private readonly booksOnly = new Set<string>();
  private sourceSeq = 0;
  private sourceDocuments = 0;
  private booksEntries = 0;
  private sourceComplete = false;

  constructor(private readonly options: PeriodMatchOptions) {}

  inPeriod(date: string): boolean {
    return date >= this.options.period.from && date <= this.options.period.to;
  }

  /** A ledger row (all of them, in ledger order, before the source and the books). */
  addLedgerRow(entry: LedgerEntry): void {
    if (entry.invoiceNumber && !this.options.claims(entry.invoiceNumber)) this.ledgerNumbers.add(entry.invoiceNumber);
    if (entry.state !== 'booked') {
      const facts = this.facts.get(entry.documentKey) ?? { inDoubt: false, pending: false };
      if (entry.state === 'in-doubt') facts.inDoubt = true;
      else facts.pending = true;
      if (entry.invoiceNumber && facts.invoiceNumber === undefined) facts.invoiceNumber = entry.invoiceNumber;
      this.facts.set(entry.documentKey, facts);
      return;
    }
    if (!entry.bookingJson || !entry.invoiceNumber) return;
    const summary = summaryOfEntry(bookedEntry(entry.bookingJson));
    if (!this.inPeriod(summary.date)) return;
    this.booked.set(summary.invoiceNumber, new BookedDocument(entry.documentKey, entry.sinkId, comparedText(summary), entry.mappingVersion === this.options.mappingVersion));
    this.totals.add('booked', summary);
  }

  /** A document of the source dated in the period, mapped by today's rules. */
  addSourceDocument(key: string, summary: BookingSummary): void {
    this.totals.add('source', summary);
    const invoiceNumber = summary.invoiceNumber;
    const mine = this.booked.get(invoiceNumber);
    if (mine) {
      if (mine.sourceSeq < 0) {
        mine.sourceSeq = this.sourceSeq++;
        this.sourceDocuments++;
      }
      mine.sourceKey = key === mine.documentKey ? undefined : key;
      mine.sourceChange = textDifference(mine.text, comparedText(summary), mine.sameRules ? undefined : SOURCE_FIELDS);
      return;
    }
    const unbooked = this.unbooked.get(invoiceNumber);
    if (unbooked) unbooked.key = key;
    else {
      this.unbooked.set(invoiceNumber, { key, seq: this.sourceSeq++ });
      this.sourceDocuments++;
    }
  }

  /** A document of the source that cannot be booked. */
  addRefused(key: string, refused: Refusal): void {
    this.refused.push({ key, refused });
  }

  /** Every document of the source has been given: books entries no longer wait for it. */
  sourceRead(): void {
    this.sourceComplete = true;
  }

  /**
   * Whether a books entry is one of this tenant's invoices in the period: an invoice (not a payment)
   * dated in it, with an invoice number the template claims or one of its documents has (in the
   * ledger or the source). `after-source` while the source is still being read and only it can tell.
   */
  ownership(entry: BooksEntry): Ownership {
    const invoiceNumber = entry.invoiceNumber;
    if (entry.kind === 'other' || invoiceNumber === '' || !this.inPeriod(entry.date)) return 'not-mine';
    if (this.options.claims(invoiceNumber) || this.ledgerNumbers.has(invoiceNumber) || this.inSource(invoiceNumber)) return 'mine';
    return this.sourceComplete ? 'not-mine' : 'after-source';
  }

  /** A books entry `ownership` called `mine`. */
  addBooksEntry(entry: BooksEntry): void {
    const summary = summaryOfBooks(entry);
    this.totals.add('books', summary);
    this.booksEntries++;
    const mine = this.booked.get(entry.invoiceNumber);
    if (!mine) {
      this.booksOnly.add(entry.invoiceNumber);
      return;
    }
    const ours = !mine.found && (mine.sinkId ? entry.sinkId === mine.sinkId : true);
    if (!ours) {
      mine.another = true;
      return;
    }
    mine.found = true;
    mine.booksChange = textDifference(mine.text, comparedText(summary));
  }

  /** Documents that cannot be booked and were never booked may still have a booked ledger row: these keys are asked about. */
  refusedKeys(): Set<string> {
    return new Set(this.refused.map((document) => document.key));
  }

  /**
   * One line per document and kind, in the order reconcile has always given them before sorting:
   * the source's documents, the refused ones, the bookings the source no longer has, the books'
   * entries no document has. `bookedRefused`: keys of refused documents with a booked ledger row.
   */
  async differences(missingReason: (documentKey: string, facts: LedgerFacts | undefined) => Promise<Pick<Difference, 'reason' | 'reasonCode' | 'reasonParams'>>, gone: Pick<Difference, 'reason' | 'reasonCode' | 'reasonParams'>, bookedRefused: ReadonlySet<string>): Promise<Difference[]> {
    const differences: Difference[] = [];
    const compareBooked = (invoiceNumber: string, mine: BookedDocument) => {
      const document = mine.documentKey;
      if (!mine.found) differences.push({ kind: 'deleted-in-books', document, invoiceNumber });
      else if (mine.booksChange) differences.push({ kind: 'changed-in-books', document, invoiceNumber, ...mine.booksChange });
      if (mine.another) differences.push({ kind: 'unknown-in-books', document, invoiceNumber });
    };

    // The source's documents in the order it gave them.
    const inSource: [number, string, BookedDocument | UnbookedDocument][] = [];
    for (const [invoiceNumber, mine] of this.booked) if (mine.sourceSeq >= 0) inSource.push([mine.sourceSeq, invoiceNumber, mine]);
    for (const [invoiceNumber, document] of this.unbooked) inSource.push([document.seq, invoiceNumber, document]);
    inSource.sort((a, b) => a[0] - b[0]);
    for (const [, invoiceNumber, document] of inSource) {
      if (document instanceof BookedDocument) {
        compareBooked(invoiceNumber, document);
        if (document.sourceChange) differences.push({ kind: 'changed-in-source', document: document.sourceKey ?? document.documentKey, invoiceNumber, ...document.sourceChange });
      } else if (this.booksOnly.has(invoiceNumber)) {
        differences.push({ kind: 'unknown-in-books', document: document.key, invoiceNumber });
      } else {
        differences.push({ kind: 'missing-in-books', document: document.key, invoiceNumber, ...(await missingReason(document.key, this.facts.get(document.key))) });
      }
    }
    inSource.length = 0;

    for (const document of this.refused) {
      // A document booked before that the source now cannot map is compared as booked (below).
      if (bookedRefused.has(document.key)) continue;
      const { code, params, message } = document.refused;
      differences.push({ kind: 'missing-in-books', document: document.key, invoiceNumber: this.facts.get(document.key)?.invoiceNumber ?? '', reason: message, reasonCode: code, reasonParams: params });
    }
    const refusedKeys = this.refusedKeys();
    for (const [invoiceNumber, mine] of this.booked) {
      if (mine.sourceSeq >= 0) continue;
      compareBooked(invoiceNumber, mine);
      if (!refusedKeys.has(mine.documentKey)) differences.push({ kind: 'changed-in-source', document: mine.documentKey, invoiceNumber, ...gone });
    }
    for (const invoiceNumber of this.booksOnly) {
      if (this.unbooked.has(invoiceNumber)) continue;
      differences.push({ kind: 'unknown-in-books', document: invoiceNumber, invoiceNumber });
    }
    differences.sort((a, b) => byInvoiceNumber(a.invoiceNumber, b.invoiceNumber) || a.kind.localeCompare(b.kind));
    return differences;
  }

  counted(): ReconcileReport['counted'] {
    return { source: this.sourceDocuments, booked: this.booked.size, books: this.booksEntries };
  }

  private inSource(invoiceNumber: string): boolean {
    return this.unbooked.has(invoiceNumber) || (this.booked.get(invoiceNumber)?.sourceSeq ?? -1) >= 0;
  }
}

/**
 * The entry of a booking as the ledger keeps it (engine's encodeJson: a Decimal is written as
 * `{"$decimal": "12.10"}`), read as decodeJson reads it, but without reviving the rest of the
 * booking (its relation and explain steps) and without a reviver call per value: about three times
 * faster, which is most of the time a large ledger takes to read.
 */
function bookedEntry(bookingJson: string): BookingEntry {
  return withDecimals((JSON.parse(bookingJson) as { entry: unknown }).entry) as BookingEntry;
}

function withDecimals(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = withDecimals(value[i]);
    return value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1 && keys[0] === '$decimal' && typeof object.$decimal === 'string') return Decimal.parse(object.$decimal);
  for (const key of keys) object[key] = withDecimals(object[key]);
  return object;
}

/** `a.localeCompare(b, 'en', { numeric: true })`, with the collator made once. */
const byInvoiceNumber = new Intl.Collator('en', { numeric: true }).compare;
