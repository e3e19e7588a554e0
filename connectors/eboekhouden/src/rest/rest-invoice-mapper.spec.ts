import { RecordError, dec, type InvoiceEntry, type LocalDate, type Relation } from '@koppelwerk/core';
import { toCreateInvoice, type InvoiceIds } from './rest-invoice-mapper';
import { fromRestRelation, toCreateRelation } from './rest-relation-mapper';

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

const ids: InvoiceIds = { relationId: 42, templateId: 2, lineLedgerIds: [8000, 8010], lineUnitIds: [3, undefined], debtorsLedgerId: 1300 };

function refusal(invoice: InvoiceEntry): RecordError {
  try {
    toCreateInvoice(invoice, ids);
  } catch (error) {
    expect(error).toBeInstanceOf(RecordError);
    return error as RecordError;
  }
  throw new Error('expected a record error');
}

describe('work order -> REST CreateInvoice', () => {
  it('sends template, term, lines excl. VAT with inExVat EX stated, and the mutation that journals it', () => {
    expect(toCreateInvoice(workOrder(), ids)).toEqual({
      invoiceNumber: 'WB-2024-0012',
      relationId: 42,
      date: '2024-05-02',
      termOfPayment: 30,
      inExVat: 'EX',
      templateId: 2,
      items: [
        { description: 'Montage', quantity: 2.25, unitId: 3, code: 'MONT', pricePerUnit: 55, vatCode: 'HOOG_VERK_21', ledgerId: 8000 },
        { description: 'Kraan', quantity: 1, pricePerUnit: 19.99, vatCode: 'HOOG_VERK_21', ledgerId: 8010 },
      ],
      mutation: { ledgerId: 1300, description: 'Werkbon 12' },
    });
  });

  it('leaves the invoice a concept (no mutation object) without "process in the books"', () => {
    expect(toCreateInvoice(workOrder({ bookInLedger: false }), ids).mutation).toBeUndefined();
  });

  it('refuses what the invoicing module refuses, naming the field', () => {
    expect(refusal(workOrder({ invoiceNumber: 'WB-12A' })).field).toBe('invoiceNumber');
    expect(refusal(workOrder({ lines: [{ ...workOrder().lines[0], quantity: dec('1.23456') }] })).field).toBe('lines[0].quantity');
    expect(refusal(workOrder({ lines: [{ ...workOrder().lines[0], ledger: undefined }] })).field).toBe('lines[0].ledger');
    expect(refusal(workOrder({ lines: [] })).field).toBe('lines');
    expect(refusal(workOrder({ template: ' ' })).field).toBe('template');
    expect(refusal(workOrder({ paymentTermDays: -1 })).field).toBe('paymentTermDays');
  });
});

describe('relation <-> REST relation', () => {
  const company: Relation = {
    sourceId: 'c1',
    role: 'debtor',
    kind: 'company',
    name: 'Bakkerij B.V.',
    companyName: 'Bakkerij B.V.',
    contactName: 'J. Jansen',
    email: 'info@bakkerij.nl',
    chamberOfCommerceNumber: '1234 5678',
    iban: 'NL91 ABNA 0417 1643 00',
    address: { street: 'Dorpsstraat 1', postalCode: '1234 AB', city: 'Utrecht', country: 'NL' },
  };

  it('creates a company as B by its code with every field it has, and a person as P', () => {
    expect(toCreateRelation('K00042', company)).toEqual({
      type: 'B',
      code: 'K00042',
      name: 'Bakkerij B.V.',
      contact: 'J. Jansen',
      address: 'Dorpsstraat 1',
      postalCode: '1234 AB',
      city: 'Utrecht',
      country: 'NL',
      emailAddress: 'info@bakkerij.nl',
      companyRegistrationNumber: '12345678',
      iban: 'NL91ABNA0417164300',
    });
    expect(toCreateRelation('P1', { sourceId: 'p', role: 'debtor', kind: 'person', name: 'Piet Pieters' })).toEqual({ type: 'P', code: 'P1', name: 'Piet Pieters', contact: 'Piet Pieters' });
  });

  it('refuses a field that is too long, naming the canonical field', () => {
    expect(() => toCreateRelation('K1', { ...company, address: { street: 'x'.repeat(151) } })).toThrow(/relation\.address\.street/);
    expect(() => toCreateRelation('K'.repeat(16), company)).toThrow(/relation\.code/);
  });

  it('reads a relation back', () => {
    const read = fromRestRelation({ id: 9, code: 'K1', type: 'P', name: 'Piet', emailAddress: 'p@x.nl', city: 'Delft' });
    expect(read).toEqual({ id: '9', code: 'K1', relation: { sourceId: 'K1', role: 'debtor', kind: 'person', name: 'Piet', email: 'p@x.nl', address: { city: 'Delft' } } });
  });
});
