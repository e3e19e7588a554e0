/** Bookings over REST against the simulator: relations by code, mutations with rows, invoices with template and mutation, ids resolved once per run. */
import { RecordError, dec, type InvoiceEntry, type LocalDate } from '@koppelwerk/core';
import { journalEntry, relationToEnsure, row, startHarness, type Harness } from '../__fixtures__/sink-harness';

jest.setTimeout(60_000);

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ api: 'rest' });
});
afterEach(() => h.close());

type Raw = Record<string, unknown>;
const mutations = (): Raw[] => h.sim.state().administraties[0].mutaties as Raw[];
const invoices = (): Raw[] => h.sim.state().administraties[0].facturen as Raw[];
const relations = (): Raw[] => h.sim.state().administraties[0].relaties as Raw[];
const calls = (key: string) => h.sim.calls()[key] ?? 0;
const rowsOf = (m: Raw) => ((m.MutatieRegels as Raw).cMutatieListRegel as Raw[]).map((r) => [r.TegenrekeningCode, r.BTWCode, r.BedragExclBTW, r.BedragBTW, r.BedragInclBTW]);

function workOrder(invoiceNumber: string, extra: Partial<InvoiceEntry> = {}): InvoiceEntry {
  return {
    type: 'invoice',
    date: '2024-05-02' as LocalDate,
    invoiceNumber,
    relationCode: 'WB1',
    template: 'Werkbon',
    paymentTermDays: 30,
    bookInLedger: true,
    description: `Werkbon ${invoiceNumber}`,
    lines: [{ quantity: dec('2.5'), unit: 'UUR', code: 'MONT', description: 'Montage', unitPrice: dec('50.00'), vatCode: 'HOOG_VERK_21', ledger: '8000' }],
    ...extra,
  };
}

it('creates a missing relation by its code with its details, once', async () => {
  const wanted = relationToEnsure('K00042', 'Bakkerij de Korenschoof', { address: { street: 'Dorpsstraat 1', postalCode: '1234 AB', city: 'Utrecht', country: 'NL' } });
  expect(await h.sink.ensureRelation(wanted)).toEqual({ code: 'K00042', created: true });
  expect(await h.sink.ensureRelation(wanted)).toEqual({ code: 'K00042', created: false });
  const stored = relations().filter((r) => r.Code === 'K00042');
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ Bedrijf: 'Bakkerij de Korenschoof', Plaats: 'Utrecht', Email: 'k00042@example.nl', BP: 'B' });
  expect(calls('POST /v1/relation')).toBe(1);
});

it('books a sale as a mutation on the debtors ledger with one row per VAT code and ledger', async () => {
  await h.sink.ensureRelation(relationToEnsure('K1'));
  const entry = journalEntry('2024-0001', 'K1', { rows: [row('8000', 'HOOG_VERK_21', '21', '100.00', '21.00', '121.00'), row('8010', 'LAAG_VERK_9', '9', '10.00', '0.90', '10.90')] });
  const booked = await h.sink.bookJournalEntry(entry);
  const stored = mutations().find((m) => m.Factuurnummer === '2024-0001') as Raw;
  expect(String(stored.MutatieNr)).toBe(booked.sinkId);
  expect(stored).toMatchObject({ Soort: 'FactuurVerstuurd', Rekening: '1300', RelatieCode: 'K1', InExBTW: 'IN' });
  expect(rowsOf(stored)).toEqual([
    ['8000', 'HOOG_VERK_21', '100.00', '21.00', '121.00'],
    ['8010', 'LAAG_VERK_9', '10.00', '0.90', '10.90'],
  ]);
});

it('books a purchase as type 1 on the creditors ledger, amounts excl. VAT', async () => {
  await h.sink.ensureRelation(relationToEnsure('L1'));
  const entry = journalEntry('INK-77', 'L1', { kind: 'invoice-received', accountLedger: '1600', amountsIncludeVat: false, rows: [row('4000', 'HOOG_INK_21', '21', '50.00', '10.50', '60.50')] });
  await h.sink.bookJournalEntry(entry);
  const stored = mutations().find((m) => m.Factuurnummer === 'INK-77') as Raw;
  expect(stored).toMatchObject({ Soort: 'FactuurOntvangen', Rekening: '1600', InExBTW: 'EX' });
  expect(rowsOf(stored)).toEqual([['4000', 'HOOG_INK_21', '50.00', '10.50', '60.50']]);
});

it('resolves ledger and relation codes to ids once per run, however many documents it books', async () => {
  for (const [n, code] of [['R-1', 'K1'], ['R-2', 'K2'], ['R-3', 'K1'], ['R-4', 'K2']]) {
    await h.sink.ensureRelation(relationToEnsure(code));
    await h.sink.bookJournalEntry(journalEntry(n, code));
  }
  expect(calls('GET /v1/ledger')).toBe(1);
  expect(calls('GET /v1/relation')).toBe(1);
  expect(calls('POST /v1/relation')).toBe(2);
  expect(calls('POST /v1/mutation')).toBe(4);
  expect(calls('POST /v1/session')).toBe(1);
});

it('parks a booking on a ledger the administration lacks, naming the row, without calling POST', async () => {
  await h.sink.ensureRelation(relationToEnsure('K1'));
  const refused = await h.sink.bookJournalEntry(journalEntry('X-1', 'K1', { rows: [row('8999', 'HOOG_VERK_21', '21', '1.00', '0.21', '1.21')] })).catch((e) => e);
  expect(refused).toBeInstanceOf(RecordError);
  expect(refused).toMatchObject({ field: 'rows[0].ledger' });
  expect(refused.hint).toContain('Grootboekrekeningen');
  expect(calls('POST /v1/mutation')).toBe(0);
});

it('creates a work order invoice with its template, term and the mutation that journals it, and finds it again', async () => {
  await h.sink.ensureRelation(relationToEnsure('WB1'));
  const booked = await h.sink.createInvoice!(workOrder('WB-2024-1'));
  expect(booked).toEqual({ sinkId: 'WB-2024-1' });
  const invoice = invoices().find((f) => f.Factuurnummer === 'WB-2024-1') as Raw;
  expect(invoice).toMatchObject({ Relatiecode: 'WB1', TotaalExclBTW: '125.00', TotaalBTW: '26.25', TotaalOpenstaand: '151.25' });
  const journalled = mutations().find((m) => m.Factuurnummer === 'WB-2024-1') as Raw;
  expect(journalled).toMatchObject({ Soort: 'FactuurVerstuurd', Rekening: '1300' });
  const booking = { documentKey: 'wo:1', relation: relationToEnsure('WB1'), entry: workOrder('WB-2024-1'), warnings: [], explain: [] };
  expect(await h.connect().findBooked(booking)).toEqual({ sinkId: 'WB-2024-1' });
});

it('leaves an invoice a concept without "process in the books"', async () => {
  await h.sink.ensureRelation(relationToEnsure('WB1'));
  await h.sink.createInvoice!(workOrder('WB-2024-2', { bookInLedger: false }));
  expect(invoices().find((f) => f.Factuurnummer === 'WB-2024-2')).toMatchObject({ TotaalOpenstaand: '0.00' });
  expect(mutations().find((m) => m.Factuurnummer === 'WB-2024-2')).toBeUndefined();
});

it('parks an invoice whose template e-Boekhouden does not have, listing the ones it has', async () => {
  await h.sink.ensureRelation(relationToEnsure('WB1'));
  const refused = await h.sink.createInvoice!(workOrder('WB-2024-3', { template: 'Bestaat niet' })).catch((e) => e);
  expect(refused).toBeInstanceOf(RecordError);
  expect(refused.field).toBe('template');
  expect(refused.message).toContain('"Werkbon"');
});

it('reads ledgers and relations back for the mapping and the import direction', async () => {
  await h.sink.ensureRelation(relationToEnsure('K7', 'Zeven B.V.'));
  const ledgers = await h.sink.listLedgers();
  expect(ledgers).toEqual(expect.arrayContaining([expect.objectContaining({ code: '1300', category: 'DEB' })]));
  const listed = await h.sink.listRelations();
  expect(listed.find((r) => r.code === 'K7')).toMatchObject({ relation: { name: 'Zeven B.V.', email: 'k7@example.nl', kind: 'company' } });
});
