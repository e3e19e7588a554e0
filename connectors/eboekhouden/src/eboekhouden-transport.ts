/**
 * The seam between the sink and e-Boekhouden's two APIs. The sink decides (what to check, how a
 * refused write is settled, when a document counts as booked); a transport only speaks one API:
 * SOAP (soap/soap-transport.ts) or REST (rest/rest-transport.ts). Both find documents by the same
 * invoice numbers and give the same ids (mutation number, invoice number), so a tenant that
 * switches API books nothing twice.
 */
import type {
  KoppelwerkError,
  Article,
  BookedReference,
  BookingPeriod,
  BookkeepingRelation,
  BooksEntry,
  EnsuredRelation,
  InvoiceEntry,
  JournalEntry,
  Ledger,
  RelationToEnsure,
} from '@koppelwerk/core';

export type EboekhoudenApi = 'soap' | 'rest';

export interface EboekhoudenTransport {
  readonly api: EboekhoudenApi;
  /** Opens the session (proving the credentials and the administration) and checks the transport's own settings. */
  verify(): Promise<void>;
  listLedgers(): Promise<Ledger[]>;
  listArticles(): Promise<Article[]>;
  listRelations(): Promise<BookkeepingRelation[]>;
  /** Find or create the relation by its code; never overwrites an existing one. */
  ensureRelation(relation: RelationToEnsure): Promise<EnsuredRelation>;
  /** The mutation with this invoice number, if e-Boekhouden has one; its id is the mutation number. */
  findMutation(invoiceNumber: string): Promise<BookedReference | null>;
  /**
   * Every mutation dated in the period (both days included) that carries an invoice number, as
   * e-Boekhouden holds it now, one page of the API at a time; its id is the mutation number.
   */
  listMutations(period: BookingPeriod): AsyncIterable<BooksEntry[]>;
  /** The invoice (invoicing module) with this number, if any; its id is the invoice number. */
  findInvoice(invoiceNumber: string): Promise<BookedReference | null>;
  /** One write; never retried here (the engine first asks whether a failed write arrived). */
  addMutation(entry: JournalEntry): Promise<BookedReference>;
  addInvoice(invoice: InvoiceEntry): Promise<BookedReference>;
  /**
   * "Already booked", as this API says it. A refusal that says so plainly arrives marked
   * `alreadyBooked` (SOAP: M006, or "bestaat al" about a mutatie or factuur). A refusal that only
   * claims the invoice number is in use (REST: MUT_019, MUT_020, FACT_101) answers true here: the
   * sink then looks the document up by its invoice number, and counts it as booked only when found.
   */
  claimsAlreadyBooked(error: KoppelwerkError): boolean;
  /** Ends the session. Safe to call twice. */
  close(): Promise<void>;
}
export const EboekhoudenTransport = Symbol.for('koppelwerk.eboekhouden.Transport');
