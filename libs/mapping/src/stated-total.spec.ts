/**
 * VAT is the VAT of the rounded per-code sum, and the debtor is booked for what the source says the
 * customer paid: a difference of a cent or two goes on a rounding row, a larger one is refused.
 */
import { ConfigurationError, RecordError, dec, toLocalDate, type JournalEntry, type SourceDocument } from '@koppelwerk/core';
import { document, line, recordError } from './__fixtures__/documents';
import { compileMapping } from './compile-mapping';

const rowsOf = (entry: unknown) =>
  (entry as JournalEntry).rows.map((row) => `${row.ledger} ${row.vatCode} excl ${row.amountExcl.toFixed(2)} VAT ${row.amountVat.toFixed(2)} incl ${row.amountIncl.toFixed(2)}`);
const totalOf = (entry: unknown) => (entry as JournalEntry).rows.reduce((sum, row) => sum.plus(row.amountIncl), dec('0')).toFixed(2);

/** The worked example of docs/configuration.md: a webshop with prices excl. VAT to 6 decimals, 3 × 9.90 incl. */
const webshopOrder = (partial: Partial<SourceDocument> = {}) =>
  document({ number: '2044', pricesIncludeVat: false, lines: [line({ qty: '3', price: '8.181818', rate: '21' })], ...partial });

describe('VAT of the rounded sum per VAT code (the worked example)', () => {
  it('rounds the exact sum 24.545454 to 24.55 and takes 21% of that: VAT 5.16, not 5.15', () => {
    expect(rowsOf(compileMapping({}).map(webshopOrder()).entry)).toEqual(['8000 HOOG_VERK_21 excl 24.55 VAT 5.16 incl 29.71']);
  });

  it('does the same with prices incl. VAT: 2 × 5.1125 = 10.225 → 10.23, VAT 10.23 × 21/121 = 1.78 (not 1.77 of 10.225)', () => {
    const order = document({ lines: [line({ qty: '2', price: '5.1125', rate: '21' })] });
    expect(rowsOf(compileMapping({}).map(order).entry)).toEqual(['8000 HOOG_VERK_21 excl 8.45 VAT 1.78 incl 10.23']);
  });
});

describe('the total the customer paid', () => {
  it('books the source\'s 29.70 with a rounding row of -0.01 on the default revenue ledger, and explains it', () => {
    const booking = compileMapping({}).explain(webshopOrder({ statedTotal: dec('29.70') }));
    expect(rowsOf(booking.entry)).toEqual(['8000 HOOG_VERK_21 excl 24.55 VAT 5.16 incl 29.71', '8000 GEEN excl -0.01 VAT 0.00 incl -0.01']);
    expect(totalOf(booking.entry)).toBe('29.70');
    expect((booking.entry as JournalEntry).rows[1].description).toBe('Afrondingsverschil');
    expect(booking.explain.find((step) => step.target === 'total')).toMatchObject({
      target: 'total',
      value: '29.70 (rounding -0.01 on 8000)',
      rule: 'mapping.ledgers.sales.default (mapping.rounding.ledger is not set)',
      because: "booked 29.71, the source's total 29.70: a difference of -0.01, within mapping.rounding.maxDifference 0.05",
    });
  });

  it('puts the difference on mapping.rounding.ledger when it is set, also for purchases', () => {
    const mapping = compileMapping({ rounding: { ledger: '8990' } });
    expect(rowsOf(mapping.map(webshopOrder({ statedTotal: dec('29.70') })).entry)[1]).toBe('8990 GEEN excl -0.01 VAT 0.00 incl -0.01');
    const purchase = webshopOrder({ kind: 'purchase-invoice', statedTotal: dec('29.70'), relation: { ...document().relation, role: 'creditor' } });
    const booking = mapping.explain(purchase);
    expect(rowsOf(booking.entry)).toEqual(['4000 HOOG_INK_21 excl 24.55 VAT 5.16 incl 29.71', '8990 GEEN excl -0.01 VAT 0.00 incl -0.01']);
    expect(booking.explain.find((step) => step.target === 'total')!.rule).toBe('mapping.rounding.ledger');
    expect(mapping.usedLedgers()).toContain('8990');
    expect(mapping.validateReference({ ledgers: [{ code: '8000', description: 'Omzet' }], vatCodes: [] })).toContainEqual(expect.objectContaining({
      path: 'mapping.rounding.ledger',
      message: 'ledger 8990 does not exist in this administration',
    }));
  });

  it('books a credit note negative and its rounding row with it, whichever sign the source gives its total', () => {
    for (const stated of ['29.70', '-29.70']) {
      const credit = webshopOrder({ kind: 'sales-credit-note', statedTotal: dec(stated) });
      const entry = compileMapping({}).map(credit).entry;
      expect(rowsOf(entry)).toEqual(['8000 HOOG_VERK_21 excl -24.55 VAT -5.16 incl -29.71', '8000 GEEN excl 0.01 VAT 0.00 incl 0.01']);
      expect(totalOf(entry)).toBe('-29.70');
    }
  });

  it('adds no row when the totals agree, and says so in explain', () => {
    const booking = compileMapping({}).explain(webshopOrder({ statedTotal: dec('29.71') }));
    expect(rowsOf(booking.entry)).toHaveLength(1);
    expect(booking.explain.find((step) => step.target === 'total')!.because).toBe("booked 29.71, the source's total 29.71: no difference");
  });

  it('refuses a difference over maxDifference, naming the document, both totals and the difference', () => {
    const error = recordError(() => compileMapping({}).map(webshopOrder({ statedTotal: dec('30.00') })));
    expect(error.code).toBe('MAP_TOTAL_MISMATCH');
    expect(error.documentKey).toBe('sales-order:1001');
    expect(error.message).toBe(
      "sales-order 2044: the rows add up to 29.71 but the source's total is 30.00, a difference of 0.29; more than mapping.rounding.maxDifference (0.05) allows, so it is not booked",
    );
    expect(recordError(() => compileMapping({ rounding: { maxDifference: 0 } }).map(webshopOrder({ statedTotal: dec('29.70') }))).code).toBe('MAP_TOTAL_MISMATCH');
    expect(compileMapping({ rounding: { maxDifference: '0.30' } }).map(webshopOrder({ statedTotal: dec('30.00') })).entry).toBeDefined();
  });

  it('refuses a difference when no ledger can take it, saying which setting to add', () => {
    const mapping = compileMapping({ ledgers: { sales: { rules: [{ incomeType: 'revenue', ledger: '8000' }] } } });
    const error = recordError(() => mapping.map(webshopOrder({ statedTotal: dec('29.70') })));
    expect(error.message).toBe("sales-order 2044: the rows add up to 29.71 but the source's total is 29.70; set mapping.rounding.ledger to book the difference of -0.01");
  });

  it('compares in euros after conversion', () => {
    const mapping = compileMapping({ currency: { foreign: 'convert', rates: { USD: '0.5' } } });
    const order = document({ currency: 'USD', date: toLocalDate('2024-03-15'), lines: [line({ price: '20.01', rate: '21' })], statedTotal: dec('20.01') });
    // 20.01 USD → 10.005 EUR, booked 10.01; the stated 20.01 USD is 10.01 EUR as well.
    expect(rowsOf(mapping.map(order).entry)).toEqual(['8000 HOOG_VERK_21 excl 8.27 VAT 1.74 incl 10.01']);
  });

  it('books as before when the source states no total', () => {
    expect(rowsOf(compileMapping({}).map(webshopOrder()).entry)).toHaveLength(1);
  });

  it('refuses a maxDifference that is no amount in euros, naming the setting', () => {
    expect(() => compileMapping({ rounding: { maxDifference: '5%' } })).toThrow(ConfigurationError);
    try {
      compileMapping({ rounding: { maxDifference: '5%' } });
    } catch (error) {
      expect((error as ConfigurationError).problems).toEqual([{ path: 'mapping.rounding.maxDifference', message: 'expected an amount in euros such as "0.05", got "5%"' }]);
    }
  });
});
