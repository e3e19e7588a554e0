import { RecordError, RejectedError } from '@koppelwerk/core';
import { bookedElsewhere, mapInvoice } from './invoice-mapper';
import { DEMO_CUSTOMERS, stellaInvoice } from '../simulator/generate-invoices';

const invoice = (overrides: Record<string, unknown> = {}) => ({ ...stellaInvoice({ id: 'inv_1', number: '2025-0001', customer: DEMO_CUSTOMERS[0] }), ...overrides });

describe('mapInvoice', () => {
  it('maps a finalized invoice with its customer, exact lines and payment term', () => {
    const document = mapInvoice(invoice(), 'inv_1');
    expect(document).toMatchObject({ kind: 'sales-invoice', sourceId: 'inv_1', number: '2025-0001', date: '2025-06-02', currency: 'EUR', pricesIncludeVat: false, paymentTermDays: 14 });
    expect(document.relation).toMatchObject({ sourceId: 'cus_1001', kind: 'company', name: 'Schildersbedrijf Jansen', vatNumber: 'NL001234567B01', address: { street: 'Havenweg 4', postalCode: '1013 AB', city: 'Amsterdam', country: 'NL' } });
    expect(document.lines.map((l) => [l.description, l.quantity.toString(), l.unitPrice.toFixed(2), l.vatRate.toString(), l.vatTreatment])).toEqual([
      ['Arbeid schilder', '6', '48.50', '21', 'normal'],
      ['Muurverf wit 10 l', '2', '64.95', '21', 'normal'],
    ]);
  });

  it('maps a private customer as a person and a credit invoice as a credit note', () => {
    const document = mapInvoice(invoice({ credit_for: '2024-0099', customer: DEMO_CUSTOMERS[1] }), 'inv_1');
    expect(document).toMatchObject({ kind: 'sales-credit-note', originalNumber: '2024-0099', relation: { kind: 'person', name: 'M. de Boer' } });
  });

  it('refuses an invoice whose lines do not add up to its stated total, or that lacks what a booking needs', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ totals: { excl: '420.00', vat: '0', incl: '420.00' } }, 'totals.excl'],
      [{ number: '' }, 'number'],
      [{ date: '02-06-2025' }, 'date'],
      [{ customer: { name: 'No id' } }, 'customer'],
      [{ lines: [] }, 'lines'],
    ];
    for (const [change, field] of cases) {
      expect(() => mapInvoice(invoice(change), 'inv_1')).toThrow(RecordError);
      expect(() => mapInvoice(invoice(change), 'inv_1')).toThrow(expect.objectContaining({ field }));
    }
  });

  it('says "already booked elsewhere" when Stella\'s own e-Boekhouden link booked the invoice', () => {
    expect(bookedElsewhere(invoice(), 'inv_1')).toBeNull();
    const error = bookedElsewhere(invoice({ accounting: { eboekhouden: { status: 'booked', booked_at: '2025-06-02T10:00:00Z', reference: 'mutatie 12' } } }), 'inv_1');
    expect(error).toBeInstanceOf(RejectedError);
    expect(error).toMatchObject({ alreadyBooked: true, code: 'STELLA_BOOKED_ELSEWHERE' });
    expect(error!.message).toBe("invoice 2025-0001 is already booked elsewhere: Stella's own e-Boekhouden link booked it on 2025-06-02 (mutatie 12); Koppelwerk did not book it again");
  });
});
