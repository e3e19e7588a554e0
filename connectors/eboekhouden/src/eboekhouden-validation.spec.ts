import { RecordError, dec, type InvoiceEntry, type LocalDate, type Relation } from '@koppelwerk/core';
import { journalEntry, row } from './__fixtures__/sink-harness';
import { validateInvoice, validateJournalEntry, validateRelation, validateRelationCode } from './eboekhouden-validation';

function refusal(run: () => unknown): RecordError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RecordError);
    return error as RecordError;
  }
  throw new Error('expected a record error');
}

function workOrder(extra: Partial<InvoiceEntry> = {}): InvoiceEntry {
  return {
    type: 'invoice',
    date: '2024-05-02' as LocalDate,
    invoiceNumber: 'WB-2024-0012',
    relationCode: 'K1',
    template: 'Werkbon',
    paymentTermDays: 30,
    bookInLedger: true,
    description: 'Werkbon 12',
    lines: [
      { quantity: dec('2.25'), unit: 'uur', code: 'MONT', description: 'Montage', unitPrice: dec('55.00'), vatCode: 'HOOG_VERK_21', ledger: '8000' },
      { quantity: dec('1'), unit: 'stuk', description: 'Kraan', unitPrice: dec('19.99'), vatCode: 'HOOG_VERK_21', ledger: '8010' },
    ],
    ...extra,
  };
}

const company: Relation = { sourceId: 'c1', role: 'debtor', kind: 'company', name: 'Bakkerij B.V.', companyName: 'Bakkerij B.V.', contactName: 'J. Jansen' };

describe('one validation step for both APIs: journal entries', () => {
  it.each(['soap', 'rest'] as const)('lets a valid entry through over %s', (api) => {
    expect(() => validateJournalEntry(journalEntry('2024-0001', 'K1'), api)).not.toThrow();
  });

  it.each(['soap', 'rest'] as const)('refuses over %s what e-Boekhouden refuses, naming the canonical field', (api) => {
    const field = (extra: Parameters<typeof journalEntry>[2], invoiceNumber = 'X') => refusal(() => validateJournalEntry(journalEntry(invoiceNumber, 'K1', extra), api)).field;
    expect(field({ rows: [row('8000', 'HOOG_VERK_21', '21', '100.00', '21.00', '121.01')] })).toBe('rows[0].amountIncl');
    expect(field({ rows: [{ ...row('8000', 'HOOG_VERK_21', '21', '0', '0', '0'), amountExcl: dec('10.005'), amountVat: dec('2.1'), amountIncl: dec('12.105') }] })).toBe('rows[0].amountExcl');
    expect(field({ rows: [row('8000', 'BTW_21', '21', '1.00', '0.21', '1.21')] })).toBe('rows[0].vatCode');
    expect(field({ rows: [] })).toBe('rows');
    expect(field({}, '')).toBe('invoiceNumber');
    expect(field({}, 'N'.repeat(51))).toBe('invoiceNumber');
    expect(field({ description: 'd'.repeat(201) })).toBe('description');
    expect(field({ reference: 'b'.repeat(51) })).toBe('reference');
    expect(field({ paymentTermDays: 2.5 })).toBe('paymentTermDays');
    expect(field({ paymentTermDays: 10000 })).toBe('paymentTermDays');
    expect(field({ date: '1979-12-31' as LocalDate })).toBe('date');
  });

  it('names the element of the API the tenant books through', () => {
    const entry = journalEntry('X', 'K1', { description: 'd'.repeat(201) });
    expect(refusal(() => validateJournalEntry(entry, 'soap')).message).toBe('description is 201 characters; e-Boekhouden allows at most 200 in Omschrijving');
    expect(refusal(() => validateJournalEntry(entry, 'rest')).message).toBe('description is 201 characters; e-Boekhouden allows at most 200 in description');
  });

  it.each([
    ['relationCode', { relationCode: 'R'.repeat(16) }],
    ['accountLedger', { accountLedger: '13000000000' }],
    ['rows[0].ledger', { rows: [row('80000000000', 'HOOG_VERK_21', '21', '1.00', '0.21', '1.21')] }],
  ])('over SOAP, which writes the codes themselves, refuses a %s longer than its element', (field, extra) => {
    expect(refusal(() => validateJournalEntry(journalEntry('X', 'K1', extra), 'soap')).field).toBe(field);
  });

  it('counts characters, not bytes: 200 accented characters fit in Omschrijving', () => {
    expect(() => validateJournalEntry(journalEntry('X', 'K1', { description: 'é'.repeat(200) }), 'soap')).not.toThrow();
  });
});

describe('one validation step for both APIs: invoices', () => {
  it.each(['soap', 'rest'] as const)('lets a valid work order through over %s', (api) => {
    expect(() => validateInvoice(workOrder(), api)).not.toThrow();
  });

  it.each(['soap', 'rest'] as const)('refuses over %s what the invoicing module refuses, naming the field', (api) => {
    expect(refusal(() => validateInvoice(workOrder({ lines: [] }), api)).field).toBe('lines');
    expect(refusal(() => validateInvoice(workOrder({ template: ' ' }), api)).field).toBe('template');
    expect(refusal(() => validateInvoice(workOrder({ paymentTermDays: -1 }), api)).field).toBe('paymentTermDays');
    expect(refusal(() => validateInvoice(workOrder({ lines: [{ ...workOrder().lines[0], vatCode: 'BTW_21' }] }), api)).field).toBe('lines[0].vatCode');
  });

  it('over REST, asks what its invoicing module asks more', () => {
    expect(refusal(() => validateInvoice(workOrder({ invoiceNumber: 'WB-12A' }), 'rest')).field).toBe('invoiceNumber');
    expect(refusal(() => validateInvoice(workOrder({ lines: [{ ...workOrder().lines[0], quantity: dec('1.23456') }] }), 'rest')).field).toBe('lines[0].quantity');
    expect(refusal(() => validateInvoice(workOrder({ lines: [{ ...workOrder().lines[0], ledger: undefined }] }), 'rest')).field).toBe('lines[0].ledger');
  });

  it('over SOAP, refuses a unit longer than Eenheid', () => {
    expect(refusal(() => validateInvoice(workOrder({ lines: [{ ...workOrder().lines[0], unit: 'u'.repeat(51) }] }), 'soap')).field).toBe('lines[0].unit');
  });
});

describe('one validation step for both APIs: relations', () => {
  it.each(['soap', 'rest'] as const)('refuses over %s a code or a field that is too long, naming the canonical field', (api) => {
    expect(refusal(() => validateRelationCode('K'.repeat(16), api)).field).toBe('relation.code');
    expect(refusal(() => validateRelationCode(' ', api)).field).toBe('relation.code');
    expect(refusal(() => validateRelation('K1', { ...company, address: { street: 'x'.repeat(151) } }, api)).field).toBe('relation.address.street');
    expect(refusal(() => validateRelation('K1', { ...company, companyName: 'c'.repeat(101) }, api)).field).toBe('relation.companyName');
    expect(() => validateRelation('K1', company, api)).not.toThrow();
  });

  it('names the element of the API the relation goes to', () => {
    const relation = { ...company, email: `${'e'.repeat(150)}@x.nl` };
    expect(refusal(() => validateRelation('K1', relation, 'soap')).message).toMatch(/relation\.email is 155 characters; .* in Email$/);
    expect(refusal(() => validateRelation('K1', relation, 'rest')).message).toMatch(/relation\.email is 155 characters; .* in emailAddress$/);
  });
});
