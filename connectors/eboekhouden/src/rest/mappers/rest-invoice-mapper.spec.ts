import { dec, type InvoiceEntry, type LocalDate, type Relation } from '@koppelwerk/core';
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

  it('reads a relation back', () => {
    const read = fromRestRelation({ id: 9, code: 'K1', type: 'P', name: 'Piet', emailAddress: 'p@x.nl', city: 'Delft' });
    expect(read).toEqual({ id: '9', code: 'K1', relation: { sourceId: 'K1', role: 'debtor', kind: 'person', name: 'Piet', email: 'p@x.nl', address: { city: 'Delft' } } });
  });
});
