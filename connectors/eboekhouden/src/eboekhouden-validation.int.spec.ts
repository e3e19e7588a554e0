/** The validation step runs before either wire: a document e-Boekhouden would refuse costs no call, over SOAP or REST. */
import { RecordError, type InvoiceEntry, type LocalDate } from '@koppelwerk/core';
import { journalEntry, relationToEnsure, startHarness, type Harness } from './__fixtures__/sink-harness';

const invoice = (extra: Partial<InvoiceEntry> = {}): InvoiceEntry => ({
  type: 'invoice',
  date: '2024-05-02' as LocalDate,
  invoiceNumber: 'WB-1',
  relationCode: 'K1',
  template: 'Werkbon',
  paymentTermDays: 30,
  bookInLedger: false,
  description: 'Werkbon 1',
  lines: [],
  ...extra,
});

describe.each(['soap', 'rest'] as const)('over %s', (api) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ api });
  });
  afterEach(() => h.close());

  it('refuses a journal entry, an invoice and a relation code before any call, naming the field', async () => {
    const refused = (promise: Promise<unknown>) => promise.then(() => new Error('expected a record error'), (error: unknown) => error);
    const entry = (await refused(h.sink.bookJournalEntry(journalEntry('F-1', 'K1', { description: 'd'.repeat(201) })))) as RecordError;
    expect(entry).toBeInstanceOf(RecordError);
    expect(entry.field).toBe('description');
    expect(((await refused(h.sink.createInvoice!(invoice()))) as RecordError).field).toBe('lines');
    expect(((await refused(h.sink.ensureRelation(relationToEnsure('K'.repeat(16))))) as RecordError).field).toBe('relation.code');
    // Not even a session was opened.
    expect(h.sim.calls()).toEqual({});
  });
});
