/**
 * The two ledger reads every document makes before it is sent (its own row, then the rows with its
 * invoice number), asked for by up to twice `concurrency` documents at a time. They are batched
 * (postgres-statement-batch.ts): documents move through a run together (a page starts them
 * together, a group commit resolves them together), so most reads share a statement with others.
 * A batch of one is the plain statement. Answers are as the store's own statements give them:
 * whatever is committed when the statement runs.
 */
import type { Pool, QueryResultRow } from 'pg';
import { toLedgerEntry, type DocumentRef, type LedgerEntry } from '@koppelwerk/engine';
import { StatementBatch } from './postgres-statement-batch';

const refId = (ref: DocumentRef) => `${ref.documentKey}\u0000${ref.kind}`;

/** The statements, also for the plan spec (postgres-hot-plans.spec.ts). */
export const LEDGER_READS = {
  entry: 'SELECT * FROM ledger WHERE tenant = $1 AND document_key = $2 AND kind = $3',
  entries: `SELECT l.* FROM unnest($2::text[], $3::text[]) AS k(document_key, kind)
    JOIN ledger l ON l.tenant = $1 AND l.document_key = k.document_key AND l.kind = k.kind`,
  withNumber: 'SELECT * FROM ledger WHERE tenant = $1 AND invoice_number = $2 ORDER BY id',
  withNumbers: 'SELECT * FROM ledger WHERE tenant = $1 AND invoice_number = ANY($2::text[]) ORDER BY id',
};

export class PostgresLedgerReads {
  private readonly entries = new StatementBatch<DocumentRef, LedgerEntry | null>((refs) => this.readEntries(refs));
  private readonly byNumber = new StatementBatch<string, LedgerEntry[]>((numbers) => this.readByNumbers(numbers));

  constructor(
    private readonly pool: Pool,
    private readonly tenant: string,
  ) {}

  /** A document's ledger row (`getLedgerEntry`). */
  entry(ref: DocumentRef): Promise<LedgerEntry | null> {
    return this.entries.ask(ref);
  }

  /** The rows with this invoice number, oldest first (`listLedger({ invoiceNumber })`). */
  withInvoiceNumber(invoiceNumber: string): Promise<LedgerEntry[]> {
    return this.byNumber.ask(invoiceNumber);
  }

  private async rows(text: string, values: unknown[]): Promise<QueryResultRow[]> {
    return (await this.pool.query(text, values)).rows;
  }

  private async readEntries(refs: DocumentRef[]): Promise<(LedgerEntry | null)[]> {
    const rows =
      refs.length === 1
        ? await this.rows(LEDGER_READS.entry, [this.tenant, refs[0].documentKey, refs[0].kind])
        : await this.rows(LEDGER_READS.entries, [this.tenant, refs.map((ref) => ref.documentKey), refs.map((ref) => ref.kind)]);
    const found = new Map(rows.map((row) => [refId({ documentKey: row.document_key, kind: row.kind }), row]));
    // Each caller gets an object of its own, also when two asked for the same document.
    return refs.map((ref) => {
      const row = found.get(refId(ref));
      return row ? toLedgerEntry(row) : null;
    });
  }

  private async readByNumbers(numbers: string[]): Promise<LedgerEntry[][]> {
    const rows =
      numbers.length === 1
        ? await this.rows(LEDGER_READS.withNumber, [this.tenant, numbers[0]])
        : await this.rows(LEDGER_READS.withNumbers, [this.tenant, [...new Set(numbers)]]);
    return numbers.map((number) => rows.filter((row) => row.invoice_number === number).map(toLedgerEntry));
  }
}
