/**
 * A credit note corrects an earlier supply and follows that supply's VAT rate: a 6% line on a
 * credit note from 2019 or later (for an order from 2018 or earlier) must be bookable, at the low
 * rate, by default and by a tenant rule, while a 6% line on anything else stays refused.
 */
import { RecordError, toLocalDate, type JournalEntry, type SourceDocument } from '@koppelwerk/core';
import { document, line, recordError } from './__fixtures__/documents';
import { compileMapping } from './compile-mapping';

const creditNote = (partial: Partial<SourceDocument> = {}) =>
  document({ kind: 'sales-credit-note', number: 'C-2020-7', date: toLocalDate('2020-03-02'), originalNumber: '1001', lines: [line({ price: '10.60', rate: '6' })], ...partial });

const rowsOf = (entry: unknown) => (entry as JournalEntry).rows.map((row) => ({ code: row.vatCode, excl: row.amountExcl.toFixed(2), vat: row.amountVat.toFixed(2), incl: row.amountIncl.toFixed(2) }));

describe('the VAT rate of a credit note is the rate of the supply it corrects', () => {
  const mapping = compileMapping({});

  it('books a 2020 credit note for a 6% line at the low rate by default, negative, with 6% VAT', () => {
    const booking = mapping.explain(creditNote());
    expect(rowsOf(booking.entry)).toEqual([{ code: 'LAAG_VERK', excl: '-10.00', vat: '-0.60', incl: '-10.60' }]);
    const step = booking.explain.find((s) => s.target === 'lines[0].vatCode')!;
    expect(step.rule).toBe('built-in vat.sales[2]');
    expect(step.because).toBe(
      '6% normal revenue to NL on 2020-03-02: a credit note without the original\'s date, taken as correcting a supply made while this rule applied (until 2018-12-31)',
    );
  });

  it('decides by the original document\'s date when the source gives it', () => {
    const booking = mapping.explain(creditNote({ originalDate: toLocalDate('2018-11-20') }));
    expect(rowsOf(booking.entry)).toEqual([{ code: 'LAAG_VERK', excl: '-10.00', vat: '-0.60', incl: '-10.60' }]);
    expect(booking.explain.find((s) => s.target === 'lines[0].vatCode')!.because).toBe(
      '6% normal revenue to NL on 2020-03-02, correcting a supply of 2018-11-20: a correction follows the rate of the original supply',
    );
  });

  it('refuses 6% on a credit note whose original is dated 2019 or later, when 6% no longer existed', () => {
    const error = recordError(() => mapping.map(creditNote({ originalDate: toLocalDate('2019-06-01') })));
    expect(error.message).toMatch(/no VAT rule in mapping\.vat\.sales matches 6% normal revenue to NL on 2020-03-02, correcting a supply of 2019-06-01 \(line 1\)/);
  });

  it('books 9% on a credit note with the current rule, and keeps refusing 6% on an invoice of 2020', () => {
    expect(rowsOf(mapping.map(creditNote({ lines: [line({ price: '10.90', rate: '9' })] })).entry)).toEqual([{ code: 'LAAG_VERK_9', excl: '-10.00', vat: '-0.90', incl: '-10.90' }]);
    const invoice = document({ kind: 'sales-invoice', date: toLocalDate('2020-03-02'), lines: [line({ price: '10.60', rate: '6' })] });
    expect(recordError(() => mapping.map(invoice)).code).toBe('MAP_UNMAPPED_VAT');
  });

  it('books a purchase credit note for a 6% purchase at the low purchase rate', () => {
    const purchase = creditNote({ kind: 'purchase-credit-note', relation: { ...document().relation, role: 'creditor' } });
    expect(rowsOf(mapping.map(purchase).entry)).toEqual([{ code: 'LAAG_INK', excl: '-10.00', vat: '-0.60', incl: '-10.60' }]);
  });
});

describe('tenant rules on a credit note', () => {
  it('accepts a rule mapping 6% to LAAG_VERK on a 2020 credit note (no longer refused as "9% on that date")', () => {
    const mapping = compileMapping({ vat: { sales: [{ rate: 6, code: 'LAAG_VERK' }] } });
    const booking = mapping.explain(creditNote());
    expect(rowsOf(booking.entry)).toEqual([{ code: 'LAAG_VERK', excl: '-10.00', vat: '-0.60', incl: '-10.60' }]);
    expect(booking.explain.find((s) => s.target === 'lines[0].vatCode')!.rule).toBe('mapping.vat.sales[0]');
    // On an invoice the same rule is still refused: LAAG_VERK is 9% in 2020.
    const invoice = document({ kind: 'sales-invoice', date: toLocalDate('2020-03-02'), lines: [line({ price: '10.60', rate: '6' })] });
    expect(recordError(() => mapping.map(invoice)).message).toMatch(/maps line 1 to LAAG_VERK, which is 9% on 2020-03-02, but the line has 6%/);
  });

  it('still refuses a code of another rate on a credit note, naming every rate the code had', () => {
    const mapping = compileMapping({ vat: { sales: [{ rate: 6, code: 'HOOG_VERK_21' }] } });
    expect(recordError(() => mapping.map(creditNote())).message).toMatch(/maps line 1 to HOOG_VERK_21, which is 21% on or before 2020-03-02, but the line has 6%/);
  });

  it('prefers the rule that applies on the credit note\'s own date over one that ended before it', () => {
    const mapping = compileMapping({
      vat: { sales: [{ rate: 21, until: '2023-12-31', code: 'AFW_VERK' }, { rate: 21, from: '2024-01-01', code: 'HOOG_VERK_21' }] },
    });
    const credit = creditNote({ date: toLocalDate('2024-02-01'), lines: [line({ price: '12.10', rate: '21' })] });
    expect((mapping.map(credit).entry as JournalEntry).rows[0].vatCode).toBe('HOOG_VERK_21');
    expect((mapping.map({ ...credit, originalDate: toLocalDate('2023-05-01') }).entry as JournalEntry).rows[0].vatCode).toBe('AFW_VERK');
  });
});
