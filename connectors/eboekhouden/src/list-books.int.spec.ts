/** The books of a period (listBooks) over SOAP and REST against the simulator on loopback: paging, period bounds, kinds, rows to the cent, calls. */
import type { AccountingSink, BookingPeriod, BooksEntry, LocalDate } from '@koppelwerk/core';
import { journalEntry, relationToEnsure, row, startHarness, type Harness } from './__fixtures__/sink-harness';

jest.setTimeout(60_000);

type Raw = Record<string, unknown>;

const PERIOD: BookingPeriod = { from: '2024-04-01' as LocalDate, to: '2024-06-30' as LocalDate };
/** Mutations in the period without an invoice number (bank entries): enough to fill five SOAP pages and two REST pages. */
const FILLERS = 2100;

function seededRow(ledger: string, vatCode: string, rate: string, excl: string, vat: string, incl: string, invoiceNumber: string): Raw {
  return { BedragInvoer: incl, BedragExclBTW: excl, BedragBTW: vat, BedragInclBTW: incl, BTWCode: vatCode, BTWPercentage: rate, Factuurnummer: invoiceNumber, TegenrekeningCode: ledger, KostenplaatsID: 0 };
}

function seededSale(number: number, date: string, invoiceNumber: string): Raw {
  return {
    MutatieNr: number,
    Soort: 'FactuurVerstuurd',
    Datum: `${date}T00:00:00`,
    Rekening: '1300',
    RelatieCode: 'K2',
    Factuurnummer: invoiceNumber,
    InExBTW: 'IN',
    MutatieRegels: { cMutatieListRegel: [seededRow('8000', 'HOOG_VERK_21', '21', '16.52', '3.47', '19.99', invoiceNumber)] },
  };
}

function seededBankEntry(number: number): Raw {
  return {
    MutatieNr: number,
    Soort: 'GeldOntvangen',
    Datum: '2024-05-15T00:00:00',
    Rekening: '1100',
    InExBTW: 'IN',
    MutatieRegels: { cMutatieListRegel: [seededRow('8000', 'GEEN', '0', '5.00', '0.00', '5.00', '')] },
  };
}

/** The customer pays a sale into the bank: a payment that carries the sale's invoice number, on the debtors ledger. */
function seededPayment(number: number, date: string, invoiceNumber: string): Raw {
  return {
    ...seededSale(number, date, invoiceNumber),
    Soort: 'FactuurbetalingOntvangen',
    Rekening: '1100',
    MutatieRegels: { cMutatieListRegel: [seededRow('1300', 'GEEN', '0', '19.99', '0.00', '19.99', invoiceNumber)] },
  };
}

/** Every 100th of the fillers is a sale with an invoice number instead, so sales sit on every page; then sales around the period's bounds, and a payment of one. */
function seed(): Raw {
  const mutaties: Raw[] = [];
  for (let n = 1; n <= FILLERS; n++) mutaties.push(n % 100 === 0 ? seededSale(n, '2024-05-15', `V-${n}`) : seededBankEntry(n));
  mutaties.push(seededSale(3001, '2024-03-31', 'B-BEFORE'), seededSale(3002, '2024-04-01', 'B-FIRST'), seededSale(3003, '2024-06-30', 'B-LAST'), seededSale(3004, '2024-07-01', 'B-AFTER'));
  mutaties.push(seededPayment(3005, '2024-05-20', 'B-FIRST'));
  return { relaties: [{ Code: 'K2', Bedrijf: 'Klant 2' }], mutaties };
}

async function listAll(sink: AccountingSink, period: BookingPeriod = PERIOD): Promise<{ pages: BooksEntry[][]; entries: BooksEntry[] }> {
  const pages: BooksEntry[][] = [];
  for await (const page of sink.listBooks!(period)) pages.push(page);
  return { pages, entries: pages.flat() };
}

const money = (entry: BooksEntry) => entry.rows.map((r) => [r.ledger, r.vatCode, r.amountExcl.toFixed(2), r.amountVat.toFixed(2), r.amountIncl.toFixed(2)]);

describe.each(['soap', 'rest'] as const)('the books of a period over %s', (api) => {
  let h: Harness;
  let sale: { sinkId: string };
  let purchase: { sinkId: string };

  beforeAll(async () => {
    h = await startHarness({ api, seed: seed() });
    await h.sink.ensureRelation(relationToEnsure('K1'));
    await h.sink.ensureRelation(relationToEnsure('L1'));
    sale = await h.sink.bookJournalEntry(
      journalEntry('2024-0001', 'K1', {
        date: '2024-05-02' as LocalDate,
        rows: [row('8000', 'HOOG_VERK_21', '21', '100.00', '21.00', '121.00'), row('8010', 'LAAG_VERK_9', '9', '10.01', '0.90', '10.91')],
      }),
    );
    purchase = await h.sink.bookJournalEntry(
      journalEntry('INK-77', 'L1', { date: '2024-06-30' as LocalDate, kind: 'invoice-received', accountLedger: '1600', amountsIncludeVat: false, rows: [row('4000', 'HOOG_INK_21', '21', '50.00', '10.50', '60.50')] }),
    );
  });
  afterAll(() => h.close());

  it('gives every mutation of the period that has an invoice number, both bounds included, from every page', async () => {
    const { entries } = await listAll(h.connect());
    const numbers = entries.map((e) => e.invoiceNumber);
    const sales = Array.from({ length: FILLERS / 100 }, (_, i) => `V-${(i + 1) * 100}`);
    expect(numbers.sort()).toEqual([...sales, 'B-FIRST', 'B-FIRST', 'B-LAST', '2024-0001', 'INK-77'].sort());
    expect(new Set(entries.map((e) => e.sinkId)).size).toBe(entries.length);
  });

  it("tells invoices from other mutations: a payment that carries a sale's invoice number is kind other", async () => {
    const { entries } = await listAll(h.connect());
    const kinds = (invoiceNumber: string) => entries.filter((e) => e.invoiceNumber === invoiceNumber).map((e) => [e.sinkId, e.kind]);
    expect(kinds('B-FIRST')).toEqual([
      ['3002', 'invoice-sent'],
      ['3005', 'other'],
    ]);
    expect(kinds('2024-0001')).toEqual([[sale.sinkId, 'invoice-sent']]);
    expect(kinds('INK-77')).toEqual([[purchase.sinkId, 'invoice-received']]);
    expect(entries.filter((e) => e.kind === 'other')).toHaveLength(1);
    const payment = entries.find((e) => e.sinkId === '3005')!;
    expect(payment).toMatchObject({ date: '2024-05-20', accountLedger: '1100' });
    // SOAP lists a mutation with its rows; over REST a payment is not read in detail, so it has none.
    if (api === 'soap') expect(payment).toMatchObject({ relationCode: 'K2', rows: [{ ledger: '1300', vatCode: 'GEEN' }] });
    else expect(payment).toMatchObject({ relationCode: undefined, rows: [] });
  });

  it('gives a booking as e-Boekhouden holds it: mutation number, date, relation, its own ledger and each row to the cent', async () => {
    const { entries } = await listAll(h.connect());
    const booked = entries.find((e) => e.invoiceNumber === '2024-0001')!;
    expect(booked).toMatchObject({ sinkId: sale.sinkId, date: '2024-05-02', relationCode: 'K1', accountLedger: '1300' });
    expect(money(booked)).toEqual([
      ['8000', 'HOOG_VERK_21', '100.00', '21.00', '121.00'],
      ['8010', 'LAAG_VERK_9', '10.01', '0.90', '10.91'],
    ]);
    const bought = entries.find((e) => e.invoiceNumber === 'INK-77')!;
    expect(bought).toMatchObject({ sinkId: purchase.sinkId, date: '2024-06-30', relationCode: 'L1', accountLedger: '1600' });
    expect(money(bought)).toEqual([['4000', 'HOOG_INK_21', '50.00', '10.50', '60.50']]);
    const seeded = entries.find((e) => e.invoiceNumber === 'B-FIRST')!;
    expect(seeded).toMatchObject({ sinkId: '3002', date: '2024-04-01', relationCode: 'K2', accountLedger: '1300' });
    expect(money(seeded)).toEqual([['8000', 'HOOG_VERK_21', '16.52', '3.47', '19.99']]);
  });

  it('takes one call per page the API needs plus the session (REST: plus a read per invoice for its rows, none for the payment)', async () => {
    const inPeriod = FILLERS + 2 + 2 + 1;
    const invoicesWithNumber = FILLERS / 100 + 2 + 2;
    const before = h.sim.calls();
    const { pages } = await listAll(h.connect());
    const after = h.sim.calls();
    const made = Object.fromEntries(Object.keys(after).map((key) => [key, after[key] - (before[key] ?? 0)]).filter(([, n]) => n !== 0));
    if (api === 'soap') {
      const soapPages = Math.floor(inPeriod / 500) + 1;
      expect(made).toEqual({ OpenSession: 1, GetMutaties: soapPages });
      expect(pages).toHaveLength(soapPages);
    } else {
      const restPages = Math.floor(inPeriod / 2000) + 1;
      // The ledger and relation lists turn ids into codes; a run that booked has read them already.
      expect(made).toEqual({ 'POST /v1/session': 1, 'GET /v1/mutation': restPages, 'GET /v1/mutation/:id': invoicesWithNumber, 'GET /v1/ledger': 1, 'GET /v1/relation': 1 });
      expect(pages).toHaveLength(restPages);
    }
  });

  it('gives nothing for a period without bookings, and refuses a date e-Boekhouden does not take before calling', async () => {
    expect((await listAll(h.sink, { from: '2023-01-01' as LocalDate, to: '2023-12-31' as LocalDate })).entries).toEqual([]);
    const before = JSON.stringify(h.sim.calls());
    await expect(listAll(h.sink, { from: '1970-01-01' as LocalDate, to: '2024-01-31' as LocalDate })).rejects.toThrow('period.from 1970-01-01');
    expect(JSON.stringify(h.sim.calls())).toBe(before);
  });
});
