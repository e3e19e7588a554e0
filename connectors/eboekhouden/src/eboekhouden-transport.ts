/**
 * The seam between the sink and e-Boekhouden's two APIs. The sink decides (what to check, how a
 * refused write is settled, when a document counts as booked); a transport only speaks one API:
 * SOAP (soap-transport.ts) or REST (rest/rest-transport.ts). Both find documents by the same
 * invoice numbers and give the same ids (mutation number, invoice number), so a tenant that
 * switches API books nothing twice.
 */
import type {
  Article,
  BookedReference,
  BookkeepingRelation,
  EnsuredRelation,
  InvoiceEntry,
  JournalEntry,
  Ledger,
  RelationToEnsure,
} from '@koppelwerk/core';

export type EboekhoudenApi = 'soap' | 'rest';

export interface EboekhoudenTransport {
  readonly api: EboekhoudenApi;
  /** What a red dot says was refused, and where to get new credentials. */
  readonly credentials: { refused: string; hint: string };
  /** Opens the session (proving the credentials and the administration) and checks the transport's own settings. */
  verify(): Promise<void>;
  listLedgers(): Promise<Ledger[]>;
  listArticles(): Promise<Article[]>;
  listRelations(): Promise<BookkeepingRelation[]>;
  /** Find or create the relation by its code; never overwrites an existing one. */
  ensureRelation(relation: RelationToEnsure): Promise<EnsuredRelation>;
  /** The mutation with this invoice number, if e-Boekhouden has one; its id is the mutation number. */
  findMutation(invoiceNumber: string): Promise<BookedReference | null>;
  /** The invoice (invoicing module) with this number, if any; its id is the invoice number. */
  findInvoice(invoiceNumber: string): Promise<BookedReference | null>;
  /** One write; never retried here (the engine first asks whether a failed write arrived). */
  addMutation(entry: JournalEntry): Promise<BookedReference>;
  addInvoice(invoice: InvoiceEntry): Promise<BookedReference>;
  /** Ends the session. Safe to call twice. */
  close(): Promise<void>;
}
export const EboekhoudenTransport = Symbol.for('koppelwerk.eboekhouden.Transport');
