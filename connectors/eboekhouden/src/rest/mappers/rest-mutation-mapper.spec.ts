import { journalEntry, row } from '../../__fixtures__/sink-harness';
import { toCreateMutation, type MutationIds } from './rest-mutation-mapper';

const ids: MutationIds = { ledgerId: 1300, relationId: 42, rowLedgerIds: [8000] };

describe('journal entry -> REST CreateMutation', () => {
  it('books a sale as type 2 on the debtors ledger with the row incl. VAT and inExVat IN', () => {
    const body = toCreateMutation(journalEntry('F-1', 'K1', { reference: 'BS-7' }), ids);
    expect(body).toEqual({
      type: 2,
      date: '2024-03-15',
      ledgerId: 1300,
      relationId: 42,
      invoiceNumber: 'F-1',
      entryNumber: 'BS-7',
      termOfPayment: 14,
      inExVat: 'IN',
      description: 'Factuur F-1',
      rows: [{ ledgerId: 8000, vatCode: 'HOOG_VERK_21', amount: 121 }],
    });
  });

  it('books a purchase as type 1 and states EX with the amounts excl. VAT', () => {
    const entry = journalEntry('IN-9', 'L1', {
      kind: 'invoice-received',
      amountsIncludeVat: false,
      rows: [row('4000', 'HOOG_INK_21', '21', '10.10', '2.12', '12.22'), row('4010', 'LAAG_INK_9', '9', '1234.56', '111.11', '1345.67')],
    });
    const body = toCreateMutation(entry, { ledgerId: 1600, relationId: 7, rowLedgerIds: [4000, 4010] });
    expect(body.type).toBe(1);
    expect(body.inExVat).toBe('EX');
    expect(body.rows).toEqual([
      { ledgerId: 4000, vatCode: 'HOOG_INK_21', amount: 10.1 },
      { ledgerId: 4010, vatCode: 'LAAG_INK_9', amount: 1234.56 },
    ]);
    // Amounts travel as JSON numbers with no grouping and no float noise.
    expect(JSON.stringify(body.rows)).toContain('"amount":1234.56');
  });

  it('gives the VAT amount only for deviating-rate codes, and the cost centre on every row', () => {
    const entry = journalEntry('F-2', 'K1', { rows: [row('8000', 'AFW_VERK', '5', '100.00', '5.00', '105.00'), row('8010', 'GEEN', '0', '3.00', '0.00', '3.00')] });
    const body = toCreateMutation(entry, { ...ids, rowLedgerIds: [8000, 8010], costCenterId: 5 });
    expect(body.rows).toEqual([
      { ledgerId: 8000, vatCode: 'AFW_VERK', amount: 105, vatAmount: 5, costCenterId: 5 },
      { ledgerId: 8010, vatCode: 'GEEN', amount: 3, costCenterId: 5 },
    ]);
  });

  it('keeps credit notes negative', () => {
    const body = toCreateMutation(journalEntry('C-1', 'K1', { rows: [row('8000', 'HOOG_VERK_21', '21', '-10.00', '-2.10', '-12.10')] }), ids);
    expect(body.rows[0].amount).toBe(-12.1);
  });
});
