/** The seeds' examples as golden tests. */
import { toLocalDate, type JournalEntry } from '@koppelwerk/core';
import { document, line } from './__fixtures__/documents';
import { compileMapping } from './compile-mapping';

function rowsOf(entry: JournalEntry) {
  return entry.rows.map((r) => [r.vatCode, r.ledger, r.amountExcl.toFixed(2), r.amountVat.toFixed(2), r.amountIncl.toFixed(2)]);
}

describe('golden: the Mijnwebwinkel tax table (seed 003)', () => {
  // The seed's settings screen: shop VAT class × income type → e-Boekhouden VAT code and ledger.
  const mapping = compileMapping({
    vat: {
      sales: [
        { rate: 0, code: 'VERL_VERK' },
        { rate: 6, code: 'LAAG_VERK' },
        { rate: 21, code: 'HOOG_VERK_21' },
      ],
    },
    ledgers: {
      sales: { rules: [{ incomeType: 'revenue', vatCode: 'HOOG_VERK_21', ledger: '8010' }], default: '8000' },
    },
  });

  const order = document({
    date: toLocalDate('2018-06-01'), // 6% was the low rate then
    lines: [
      line({ description: 'Boek', price: '10.00', rate: '0' }),
      line({ description: 'Verzending 0%', price: '2.00', rate: '0', incomeType: 'shipping' }),
      line({ description: 'iDEAL 0%', price: '0.50', rate: '0', incomeType: 'payment' }),
      line({ description: 'Thee', price: '5.30', rate: '6', qty: '2' }),
      line({ description: 'Verzending 6%', price: '1.06', rate: '6', incomeType: 'shipping' }),
      line({ description: 'Betaalkosten 6%', price: '0.53', rate: '6', incomeType: 'payment' }),
      line({ description: 'Lamp', price: '12.10', rate: '21', qty: '2' }),
      line({ description: 'Verzending 21%', price: '4.95', rate: '21', incomeType: 'shipping' }),
      line({ description: 'Betaalkosten 21%', price: '0.35', rate: '21', incomeType: 'payment' }),
    ],
  });

  it('maps every VAT class and income type to the code and ledger of the table', () => {
    const entry = mapping.map(order).entry as JournalEntry;
    expect(entry.kind).toBe('invoice-sent');
    expect(entry.accountLedger).toBe('1300');
    expect(entry.amountsIncludeVat).toBe(true);
    expect(rowsOf(entry)).toEqual([
      ['VERL_VERK', '8000', '12.50', '0.00', '12.50'],
      ['LAAG_VERK', '8000', '11.50', '0.69', '12.19'],
      ['HOOG_VERK_21', '8010', '20.00', '4.20', '24.20'],
      ['HOOG_VERK_21', '8000', '4.38', '0.92', '5.30'],
    ]);
  });

  it('says which rule decided each line', () => {
    const steps = mapping.explain(order).explain;
    const lamp = steps.filter((s) => s.target.startsWith('lines[6]'));
    expect(lamp).toEqual([
      expect.objectContaining({ target: 'lines[6].vatCode', value: 'HOOG_VERK_21', rule: 'mapping.vat.sales[2]' }),
      expect.objectContaining({ target: 'lines[6].ledger', value: '8010', rule: 'mapping.ledgers.sales.rules[0]' }),
    ]);
    const shipping = steps.find((s) => s.target === 'lines[7].ledger');
    expect(shipping).toMatchObject({ value: '8000', rule: 'mapping.ledgers.sales.default' });
  });
});

describe('golden: Stella defaults, debtors 1300 and revenue 8000 (seed 004)', () => {
  it('books a finalized invoice on 1300/8000 without any mapping configured', () => {
    const mapping = compileMapping(undefined);
    const booking = mapping.map(
      document({ kind: 'sales-invoice', number: 'F2024-0007', pricesIncludeVat: false, lines: [line({ price: '100.00', rate: '21', qty: '3' })] }),
    );
    const entry = booking.entry as JournalEntry;
    expect(entry.accountLedger).toBe('1300');
    expect(entry.invoiceNumber).toBe('F2024-0007');
    expect(entry.amountsIncludeVat).toBe(false);
    expect(rowsOf(entry)).toEqual([['HOOG_VERK_21', '8000', '300.00', '63.00', '363.00']]);
    expect(entry.description).toBe('Invoice F2024-0007 Anna de Vries');
  });
});

describe('golden: a FactuurSturen purchase invoice on a creditor (seed 001)', () => {
  // The user picked the contra ledgers for sales and purchases in the seed's setup screen.
  const mapping = compileMapping({ ledgers: { sales: { default: '8000' }, purchase: { default: '7000' } } });

  it('books it as invoice received on the creditors ledger with the purchase contra ledger', () => {
    const booking = mapping.map(
      document({
        kind: 'purchase-invoice',
        number: 'INK-2024-031',
        pricesIncludeVat: false,
        relation: { sourceId: '77', role: 'creditor', kind: 'company', name: 'Groothandel B.V.', companyName: 'Groothandel B.V.' },
        lines: [line({ price: '250.00', rate: '21' }), line({ price: '40.00', rate: '9' })],
      }),
    );
    const entry = booking.entry as JournalEntry;
    expect(entry.kind).toBe('invoice-received');
    expect(entry.accountLedger).toBe('1600');
    expect(rowsOf(entry)).toEqual([
      ['HOOG_INK_21', '7000', '250.00', '52.50', '302.50'],
      ['LAAG_INK_9', '7000', '40.00', '3.60', '43.60'],
    ]);
    expect(booking.relation.relation.role).toBe('creditor');
    expect(booking.relation.createIfMissing).toBe(true);
    expect(booking.relation.code).toMatch(/^C[0-9A-Z]{1,14}$/);
  });
});
