/**
 * A bookkeeping for the engine's tests that behaves like e-Boekhouden where it matters for
 * exactly-once: it really stores bookings by invoice number and refuses a duplicate number
 * (`alreadyBooked`), creates relations by code, and can fail transiently (before or after the
 * write: a lost response), refuse credentials, reject a record, or be "killed" mid-call.
 */
import {
  AuthenticationError,
  RejectedError,
  TransientError,
  type AccountingSink,
  type Booking,
  type BookedReference,
  type BookingEntry,
  type CheckResult,
  type EnsuredRelation,
  type InvoiceEntry,
  type JournalEntry,
  type RelationToEnsure,
} from '@koppelwerk/core';

/** The sink's state: survives "process restarts" (new FakeSink instances over the same books). */
export class FakeBookkeeping {
  readonly bookings = new Map<string, { sinkId: string; entry: BookingEntry }>();
  readonly relations = new Map<string, RelationToEnsure>();
  /** Every write attempt per invoice number that reached the books (duplicates included). */
  readonly writeAttempts: string[] = [];
  /** Method names in call order. */
  readonly calls: string[] = [];
  credentialsValid = true;
  private nextId = 1;

  store(entry: BookingEntry): string {
    const sinkId = `M${this.nextId++}`;
    this.bookings.set(entry.invoiceNumber, { sinkId, entry });
    return sinkId;
  }
}

export type SinkMethod = 'ensureRelation' | 'bookJournalEntry' | 'createInvoice' | 'findBooked';

export type Fault =
  /** Fails before doing anything. */
  | { kind: 'transient'; retryAfterMs?: number }
  /** Writes, then the response is lost (a timeout). */
  | { kind: 'lost-response' }
  | { kind: 'reject'; message: string; code?: string };

export class FakeSink implements AccountingSink {
  private readonly faults: { method: SinkMethod; fault: Fault; times: number }[] = [];
  /** Invoice numbers this sink refuses for good, with a message. */
  readonly rejects = new Map<string, string>();
  inFlight = 0;
  maxInFlight = 0;
  closed = 0;
  createInvoice?: (invoice: InvoiceEntry) => Promise<BookedReference>;

  constructor(
    readonly books = new FakeBookkeeping(),
    options: { invoices?: boolean } = {},
  ) {
    if (options.invoices) this.createInvoice = (invoice) => this.write('createInvoice', invoice);
  }

  /** The next `times` calls of `method` fail this way. */
  failNext(method: SinkMethod, fault: Fault, times = 1): this {
    this.faults.push({ method, fault, times });
    return this;
  }

  private takeFault(method: SinkMethod): Fault | undefined {
    const planned = this.faults.find((f) => f.method === method && f.times > 0);
    if (!planned) return undefined;
    planned.times--;
    return planned.fault;
  }

  private async enter(method: SinkMethod): Promise<Fault | undefined> {
    this.books.calls.push(method);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight--;
    if (!this.books.credentialsValid) {
      throw new AuthenticationError('credentials refused (security code wrong-code-123 rejected)', { code: 'LOGIN_FAILED', hint: 'save new security codes' });
    }
    const fault = this.takeFault(method);
    if (fault?.kind === 'transient') throw new TransientError('service unavailable', { code: '503', retryAfterMs: fault.retryAfterMs });
    if (fault?.kind === 'reject') throw new RejectedError(fault.message, { code: fault.code });
    return fault;
  }

  async check(): Promise<CheckResult> {
    return this.books.credentialsValid ? { ok: true } : { ok: false, reason: 'credentials refused', errorClass: 'authentication' };
  }

  async ensureRelation(relation: RelationToEnsure): Promise<EnsuredRelation> {
    await this.enter('ensureRelation');
    if (this.books.relations.has(relation.code)) return { code: relation.code, created: false };
    this.books.relations.set(relation.code, relation);
    return { code: relation.code, created: true };
  }

  bookJournalEntry(entry: JournalEntry): Promise<BookedReference> {
    return this.write('bookJournalEntry', entry);
  }

  private async write(method: SinkMethod, entry: BookingEntry): Promise<BookedReference> {
    const fault = await this.enter(method);
    const rejected = this.rejects.get(entry.invoiceNumber);
    if (rejected) throw new RejectedError(rejected, { code: 'MUT_005' });
    if (!this.books.relations.has(entry.relationCode)) throw new RejectedError(`relation ${entry.relationCode} does not exist`, { code: 'MUT_012' });
    this.books.writeAttempts.push(entry.invoiceNumber);
    if (this.books.bookings.has(entry.invoiceNumber)) {
      throw new RejectedError(`invoice number ${entry.invoiceNumber} already exists`, { code: 'MUT_019', alreadyBooked: true });
    }
    const sinkId = this.books.store(entry);
    if (fault?.kind === 'lost-response') throw new TransientError('timeout waiting for the response', { code: 'ETIMEDOUT' });
    return { sinkId };
  }

  async findBooked(booking: Booking): Promise<BookedReference | null> {
    await this.enter('findBooked');
    const found = this.books.bookings.get(booking.entry.invoiceNumber);
    return found ? { sinkId: found.sinkId } : null;
  }

  async listLedgers() {
    return [];
  }
  async listVatCodes() {
    return [];
  }
  async listArticles() {
    return [];
  }
  async listRelations() {
    return [];
  }
  async close(): Promise<void> {
    this.closed++;
  }
}
