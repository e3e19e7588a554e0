/** The simulator's manual endpoints (POST /_sim/manual/delete|edit|add) over HTTP, read back through the SOAP and the REST face by the sink. */
import type { AccountingSink, BookingPeriod, BooksEntry, LocalDate } from '@koppelwerk/core';
import { journalEntry, relationToEnsure, row, startHarness, type Harness } from '../__fixtures__/sink-harness';

jest.setTimeout(60_000);

const PERIOD: BookingPeriod = { from: '2024-01-01' as LocalDate, to: '2024-12-31' as LocalDate };

let h: Harness;
let soap: AccountingSink;
let rest: AccountingSink;

beforeEach(async () => {
  h = await startHarness();
  soap = h.sink;
  rest = h.connect({ api: 'rest', accessToken: h.sim.accessToken, endpoint: h.sim.url });
  await soap.ensureRelation(relationToEnsure('K1'));
  await soap.bookJournalEntry(journalEntry('2024-0001', 'K1'));
  await soap.bookJournalEntry(journalEntry('2024-0002', 'K1', { rows: [row('8000', 'HOOG_VERK_21', '21', '10.00', '2.10', '12.10'), row('8010', 'LAAG_VERK_9', '9', '10.00', '0.90', '10.90')] }));
});
afterEach(() => h.close());

async function manual(action: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${h.sim.url}/_sim/manual/${action}`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

async function books(sink: AccountingSink): Promise<BooksEntry[]> {
  const entries: BooksEntry[] = [];
  for await (const page of sink.listBooks!(PERIOD)) entries.push(...page);
  return entries;
}

/** The booking with this invoice number as both faces show it (they must agree): date, relation, own ledger, rows. */
async function shown(invoiceNumber: string): Promise<unknown> {
  const read = async (sink: AccountingSink) => {
    const entry = (await books(sink)).find((e) => e.invoiceNumber === invoiceNumber);
    if (!entry) return undefined;
    const rows = entry.rows.map((r) => [r.ledger, r.vatCode, r.amountExcl.toFixed(2), r.amountVat.toFixed(2), r.amountIncl.toFixed(2)]);
    return { date: entry.date, relationCode: entry.relationCode, accountLedger: entry.accountLedger, rows };
  };
  const [overSoap, overRest] = [await read(soap), await read(rest)];
  expect(overRest).toEqual(overSoap);
  return overSoap;
}

describe('POST /_sim/manual/delete', () => {
  it('deletes the booking with that invoice number from the books both APIs read, and frees the number', async () => {
    const answer = await manual('delete', { invoiceNumber: '2024-0001' });
    expect(answer).toEqual({ status: 200, body: { deleted: { mutaties: [1], facturen: [] } } });
    expect(await shown('2024-0001')).toBeUndefined();
    expect(await shown('2024-0002')).toBeDefined();
    await expect(rest.bookJournalEntry(journalEntry('2024-0001', 'K1'))).resolves.toEqual({ sinkId: '3' });
  });

  it('answers 404 when no booking has the number, 400 without one', async () => {
    expect(await manual('delete', { invoiceNumber: '2024-9999' })).toEqual({ status: 404, body: { error: 'no booking has invoice number 2024-9999' } });
    expect(await manual('delete', {})).toEqual({ status: 400, body: { error: 'invoiceNumber is required' } });
    expect(await manual('delete', { invoiceNumber: 12 })).toEqual({ status: 400, body: { error: 'invoiceNumber must be a string: the invoice number of the booking' } });
    expect(await manual('delete', '{"invoiceNumber":')).toEqual({ status: 400, body: { error: 'the body must be JSON' } });
  });
});

describe('POST /_sim/manual/edit', () => {
  it('changes the first row incl. VAT by amountDelta, excl. and VAT following at its rate, to the cent', async () => {
    const answer = await manual('edit', { invoiceNumber: '2024-0001', amountDelta: '-5.00' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ MutatieNr: 1, Factuurnummer: '2024-0001' });
    // 116.00 incl. at 21%: VAT 116 × 21 / 121 = 20.132… → 20.13, excl. 95.87.
    expect(await shown('2024-0001')).toEqual({ date: '2024-03-15', relationCode: 'K1', accountLedger: '1300', rows: [['8000', 'HOOG_VERK_21', '95.87', '20.13', '116.00']] });
  });

  it('changes only the first row; a number works as amountDelta too', async () => {
    await manual('edit', { invoiceNumber: '2024-0002', amountDelta: 1.5 });
    expect(await shown('2024-0002')).toMatchObject({ rows: [['8000', 'HOOG_VERK_21', '11.24', '2.36', '13.60'], ['8010', 'LAAG_VERK_9', '10.00', '0.90', '10.90']] });
  });

  it('changes the VAT code (splitting the amount again), the ledger and the date', async () => {
    const answer = await manual('edit', { invoiceNumber: '2024-0001', vatCode: 'LAAG_VERK_9', ledger: '8010', date: '2024-05-31' });
    expect(answer.status).toBe(200);
    // 121.00 incl. at 9%: VAT 121 × 9 / 109 = 9.990… → 9.99, excl. 111.01.
    expect(await shown('2024-0001')).toEqual({ date: '2024-05-31', relationCode: 'K1', accountLedger: '1300', rows: [['8010', 'LAAG_VERK_9', '111.01', '9.99', '121.00']] });
  });

  it('says what is wrong: an unknown number (404), nothing to change, bad amounts, codes, ledgers, dates, fields (400)', async () => {
    expect(await manual('edit', { invoiceNumber: 'X-1', amountDelta: '1.00' })).toEqual({ status: 404, body: { error: 'no booking has invoice number X-1' } });
    const refused = async (body: Record<string, unknown>) => {
      const answer = await manual('edit', { invoiceNumber: '2024-0001', ...body });
      expect(answer.status).toBe(400);
      return answer.body.error as string;
    };
    expect(await refused({})).toBe('nothing to change: give amountDelta, vatCode, ledger or date');
    expect(await refused({ amountDelta: '1,50' })).toBe('amountDelta must be an amount in euros with at most two decimals, such as "12.50" or -5 (got "1,50")');
    expect(await refused({ amountDelta: '0.001' })).toContain('at most two decimals');
    expect(await refused({ vatCode: 'HOOG_22' })).toBe('vatCode "HOOG_22" is not an e-Boekhouden VAT code');
    expect(await refused({ ledger: '9999' })).toBe('ledger "9999" is not a ledger of the administration');
    expect(await refused({ ledger: '1300' })).toBe('ledger 1300 is a DEB ledger; an invoice row takes a balance or profit-and-loss ledger');
    expect(await refused({ date: '2024-02-30' })).toBe('date must be a date as YYYY-MM-DD (got "2024-02-30")');
    expect(await refused({ amount: '1.00' })).toBe('unknown field amount; known: invoiceNumber, amountDelta, vatCode, ledger, date');
    expect(await shown('2024-0001')).toMatchObject({ rows: [['8000', 'HOOG_VERK_21', '100.00', '21.00', '121.00']] });
  });
});

describe('POST /_sim/manual/add', () => {
  it('books a sales invoice typed by hand: one row, the amount incl. VAT, on the debtors ledger, with the manual relation', async () => {
    const answer = await manual('add', { invoiceNumber: 'HAND-1', date: '2024-06-01', amount: '19.99', vatCode: 'HOOG_VERK_21', ledger: '8000' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ MutatieNr: 3, Soort: 'FactuurVerstuurd', Factuurnummer: 'HAND-1' });
    expect(await shown('HAND-1')).toEqual({ date: '2024-06-01', relationCode: 'HANDMATIG', accountLedger: '1300', rows: [['8000', 'HOOG_VERK_21', '16.52', '3.47', '19.99']] });
  });

  it('takes a relation code that exists, and refuses a number a sales invoice has already (409)', async () => {
    expect((await manual('add', { invoiceNumber: 'HAND-2', date: '2024-06-01', amount: 50, vatCode: 'LAAG_VERK_9', ledger: '8010', relationCode: 'K1' })).status).toBe(200);
    expect(await shown('HAND-2')).toMatchObject({ relationCode: 'K1', rows: [['8010', 'LAAG_VERK_9', '45.87', '4.13', '50.00']] });
    expect(await manual('add', { invoiceNumber: '2024-0001', date: '2024-06-01', amount: '1.00', vatCode: 'HOOG_VERK_21', ledger: '8000' })).toEqual({
      status: 409,
      body: { error: 'Factuurnummer 2024-0001 bestaat al.' },
    });
  });

  it('says which field is missing or wrong (400)', async () => {
    const valid = { invoiceNumber: 'HAND-3', date: '2024-06-01', amount: '10.00', vatCode: 'HOOG_VERK_21', ledger: '8000' };
    const refused = async (body: Record<string, unknown>) => {
      const answer = await manual('add', body);
      expect(answer.status).toBe(400);
      return answer.body.error as string;
    };
    expect(await refused({ ...valid, amount: undefined })).toBe('amount is required');
    expect(await refused({ ...valid, date: '1975-01-01' })).toBe('date must lie between 1980 and 2050 (got 1975-01-01)');
    expect(await refused({ ...valid, relationCode: 'NIEMAND' })).toBe('relationCode "NIEMAND" is not a relation of the administration');
    expect(await refused({ ...valid, ledger: 8000 })).toBe('ledger 8000 is not a ledger of the administration');
    expect(await shown('HAND-3')).toBeUndefined();
  });
});
