import { Decimal, RecordError, type DocumentLine, type LocalDate, type SourceDocument } from '@koppelwerk/core';
import { rawClient, rawInvoice, rawPurchaseInvoice, rawSupplier } from '../__fixtures__/raw-invoice-builder';
import { documentOf, seedWith, startHarness, type Harness } from '../__fixtures__/source-harness';
import { CountryCodes } from '../country-codes';
import { mapInvoice, type InvoiceMappingContext } from './invoice-mapper';
import { mapPurchaseInvoice } from './purchase-invoice-mapper';
import type { RawClient, RawInvoice } from '../raw-invoice';
import { DEMO_COUNTRIES } from '../simulator/generate-invoices';

const countries = new CountryCodes(DEMO_COUNTRIES);
const clients: Record<string, RawClient> = {
  '1': rawClient('1'),
  '2': rawClient('2', { company: '', contact: 'Zoë d’Hondt', country: '18', tax_shifted: 'true', taxnumber: 'be 0123.456.789', currency: 'EUR' }),
  '3': rawClient('3', { company: 'Acme Corp.', country: '214', currency: 'USD' }),
  '4': rawClient('4', { tax_type: 'intax' }),
};
const context: InvoiceMappingContext = { client: (nr) => clients[nr], countries, today: '2025-06-20' as LocalDate };

const linesOf = (doc: SourceDocument) => doc.lines.map((line: DocumentLine) => [line.description, line.quantity.toString(), line.unitPrice.toString(), line.vatRate.toString(), line.vatTreatment, line.incomeType]);
const failure = (raw: unknown) => {
  try {
    mapInvoice(raw, context);
  } catch (error) {
    if (error instanceof RecordError) return { message: error.message, field: error.field, documentKey: error.documentKey };
    throw error;
  }
  throw new Error('expected a record error');
};

describe('mapping a FactuurSturen invoice', () => {
  it('maps the API example: lines keyed line1, numbers in lines, strings at the top, debtor from the client record', () => {
    const doc = mapInvoice(rawInvoice(20170132, { reference: { line1: 'PO 4711', line2: '', line3: 'afdeling inkoop' } }), context);
    expect(doc).toMatchObject({
      kind: 'sales-invoice',
      sourceId: '20170132',
      number: 'F20170132',
      date: '2025-06-01',
      currency: 'EUR',
      pricesIncludeVat: false,
      paymentTermDays: 14,
      reference: 'PO 4711 / afdeling inkoop',
      status: 'overdue',
    });
    expect(linesOf(doc)).toEqual([['Adviesuur', '4', '13', '21', 'normal', 'revenue']]);
    expect(doc.relation).toEqual({
      sourceId: '1',
      role: 'debtor',
      kind: 'company',
      name: 'De Vries Advies',
      companyName: 'De Vries Advies',
      contactName: 'Jan de Vries',
      email: 'klant1@example.nl',
      phone: '020-1234567',
      vatNumber: 'NL001234567B01',
      iban: 'NL91ABNA0417164300',
      address: { street: 'Prinsengracht 263', postalCode: '1016 GV', city: 'Amsterdam', country: 'NL' },
    });
  });

  it('reads `[]` for empty taxes and history, skips text and layout lines, and keeps the key order line1..line10', () => {
    const lines: RawInvoice['lines'] = {
      line10: { amount: 1, description: 'Tiende', tax_rate: 21, price: 10, discount_pct: 0, linetotal: 10 },
      line2: { description: 'Alleen tekst' },
      line1: { amount: 1, description: 'Eerste', tax_rate: 21, price: 5, discount_pct: 0, linetotal: 5 },
      line3: { type: 'subtotal', description: 'Subtotaal' },
    };
    const doc = mapInvoice(rawInvoice(1, { lines, taxes: [], tax: '3.15', totalintax: '18.15', history: [] }), context);
    expect(linesOf(doc).map((line) => line[0])).toEqual(['Eerste', 'Tiende']);
  });

  it('derives the status instead of reading one', () => {
    const status = (fields: Partial<RawInvoice>) => mapInvoice(rawInvoice(1, { duedate: '2025-06-30', ...fields }), context).status;
    expect(status({})).toBe('sent');
    expect(status({ duedate: '2025-06-10' })).toBe('overdue');
    expect(status({ open: '0.00', paiddate: '2025-06-05' })).toBe('paid');
    expect(status({ open: '20.00' })).toBe('partly');
    expect(status({ open: '-1.00' })).toBe('toomuch');
    expect(status({ uncollectible: '2025-06-18' })).toBe('uncollectible');
  });

  it('takes the currency from the client, since the invoice has none', () => {
    const doc = mapInvoice(rawInvoice(1, { clientnr: '3', lines: { line1: { amount: 1, description: 'Consulting', tax_rate: 0, price: 100, linetotal: 100 } }, taxes: { tax1: { rate: 0, sum: '0.00', sum_of: '100.00' } }, tax: '0.00', totalintax: '100.00' }), context);
    expect(doc.currency).toBe('USD');
    expect(doc.lines[0].vatTreatment).toBe('export');
    expect(doc.relation.address?.country).toBe('US');
  });

  it('tells reverse charge inside the EU from exempt at 0%, and normalises the VAT number', () => {
    const zero = { lines: { line1: { amount: 2, description: 'Workshop', tax_rate: 0, price: 50, linetotal: 100 } }, taxes: { tax1: { rate: 0, sum: '0.00', sum_of: '100.00' } }, tax: '0.00', totalintax: '100.00' };
    const shifted = mapInvoice(rawInvoice(1, { ...zero, clientnr: '2', tax_shifted: 'true' }), context);
    expect(shifted.lines[0].vatTreatment).toBe('intra-eu');
    expect(shifted.relation).toMatchObject({ kind: 'person', name: 'Zoë d’Hondt', vatNumber: 'BE0123456789', address: { country: 'BE' } });
    expect(mapInvoice(rawInvoice(1, { ...zero, tax_shifted: 'false' }), context).lines[0].vatTreatment).toBe('exempt');
    expect(mapInvoice(rawInvoice(1, { ...zero, tax_shifted: 'true' }), context).lines[0].vatTreatment).toBe('reverse-charge');
  });

  it('books line discounts and quantities with decimals exactly, and an invoice discount as a discount line per rate', () => {
    const lines = {
      line1: { amount: 1.5, description: 'Uren', tax_rate: 21, price: 60, discount_pct: 0, linetotal: 90 },
      line2: { amount: 3, description: 'Boek', tax_rate: 9, price: 19.99, discount_pct: 15, linetotal: 50.97 },
    };
    // 10% off the invoice: 81.00 at 21% (VAT 17.01), 45.87 at 9% (VAT 4.13).
    const taxes = { tax1: { rate: 21, sum: '17.01', sum_of: '81.00' }, tax2: { rate: 9, sum: '4.13', sum_of: '45.87' } };
    const doc = mapInvoice(rawInvoice(1, { lines, taxes, discounttype: 'percentage', discount: '10', tax: '21.14', totalintax: '148.01' }), context);
    expect(linesOf(doc)).toEqual([
      ['Uren', '1.5', '60', '21', 'normal', 'revenue'],
      ['3 × Boek (-15%)', '1', '50.97', '9', 'normal', 'revenue'],
      ['Korting (21%)', '1', '-9', '21', 'normal', 'discount'],
      ['Korting (9%)', '1', '-5.1', '9', 'normal', 'discount'],
    ]);
    const total = Decimal.sum(doc.lines.map((line) => line.quantity.times(line.unitPrice)));
    expect(total.toFixed(2)).toBe('126.87');
  });

  it('reads prices including VAT when the invoice (or its client) says intax', () => {
    const doc = mapInvoice(rawInvoice(1, { clientnr: '4', tax_type: undefined, lines: { line1: { amount: 1, description: 'Taart', tax_rate: 9, price: 21.8, linetotal: 21.8 } }, taxes: { tax1: { rate: 9, sum: '1.80', sum_of: '20.00' } }, tax: '1.80', totalintax: '21.80' }), context);
    expect(doc.pricesIncludeVat).toBe(true);
    expect(linesOf(doc)).toEqual([['Taart', '1', '21.8', '9', 'normal', 'revenue']]);
  });

  it.each<[string, Partial<RawInvoice>, string, string]>([
    ['a date in another format', { sent: '01-06-2025' }, 'sent', 'is "01-06-2025", not a date (yyyy-mm-dd)'],
    ['no client number', { clientnr: '' }, 'clientnr', 'is missing'],
    ['a client without any name', { clientnr: '9' }, 'clientnr', `is "9", a client FactuurSturen does not list, so the invoice's currency is unknown`],
    ['lines that are not a list', { lines: 'none' as unknown as RawInvoice['lines'] }, 'lines', 'is "none", not a list of lines'],
    ['no lines at all', { lines: [] }, 'lines', 'has no line with an amount'],
    ['a quantity that is text', { lines: { line1: { amount: 'vier', description: 'x', tax_rate: 21, price: 13, linetotal: 52 } } }, 'lines.line1.amount', 'is "vier", not a quantity'],
    ['a missing price', { lines: { line1: { amount: 4, description: 'x', tax_rate: 21, linetotal: 52 } } }, 'lines.line1.price', 'is missing, not an amount'],
    ['an impossible VAT rate', { lines: { line1: { amount: 4, description: 'x', tax_rate: 121, price: 13, linetotal: 52 } } }, 'lines.line1.tax_rate', 'is 121, not a VAT percentage'],
    ['a line total that does not match', { lines: { line1: { amount: 4, description: 'x', tax_rate: 21, price: 13, linetotal: 50 } } }, 'lines.line1.linetotal', 'is 50.00 but amount × price is 52.00'],
    ['a VAT summary that does not match the lines', { taxes: { tax1: { rate: 21, sum: '10.92', sum_of: '50.00' } } }, 'taxes.tax1.sum_of', 'is 50.00 but the lines at 21% add up to 52.00'],
    ['a VAT total that does not match', { tax: '10.00' }, 'tax', 'is "10.00" but the VAT per rate adds up to 10.92'],
    ['a total that does not match', { totalintax: '60.00' }, 'totalintax', 'is 60.00 but the lines and VAT add up to 62.92'],
    ['a total that is not an amount', { totalintax: 'n/a' }, 'totalintax', 'is "n/a", not an amount'],
    ['an unknown tax type', { tax_type: 'mixed' }, 'tax_type', 'is "mixed"; known: "extax", "intax"'],
    ['an unknown country id', { clientnr: '5' }, 'client.country', 'is "999", which /countrylist does not list'],
    ['a bad e-mail address', { clientnr: '6' }, 'client.email', 'is "geen e-mail", not an e-mail address'],
    ['a bad currency', { clientnr: '7' }, 'client.currency', 'is "euro", not an ISO currency code'],
  ])('refuses an invoice with %s, naming the invoice and the field', (_case, overrides, field, problem) => {
    clients['5'] = rawClient('5', { country: '999' });
    clients['6'] = rawClient('6', { email: 'geen e-mail' });
    clients['7'] = rawClient('7', { currency: 'euro' });
    expect(failure(rawInvoice(1001, overrides))).toEqual({ message: `invoice F1001: ${field} ${problem}`, field, documentKey: 'F1001' });
  });

  it('refuses an invoice without a number, naming it by its id', () => {
    expect(failure(rawInvoice(1001, { invoicenr: '', invoicenr_full: '' }))).toEqual({ message: 'invoice 1001: invoicenr is missing', field: 'invoicenr', documentKey: '1001' });
  });

  it('refuses a purchase invoice without supplier or with a broken line, naming the field', () => {
    const fail = (raw: unknown) => {
      try {
        mapPurchaseInvoice(raw, context);
        return null;
      } catch (error) {
        return (error as RecordError).message;
      }
    };
    expect(fail(rawPurchaseInvoice(900, { supplier: [] }))).toBe('purchase invoice purchase:900: supplier is missing');
    expect(fail(rawPurchaseInvoice(900, { supplier: rawSupplier('') }))).toBe('purchase invoice purchase:900: supplier.suppliernr is missing');
    expect(fail(rawPurchaseInvoice(900, { date: '' }))).toBe('purchase invoice purchase:900: date is "", not a date (yyyy-mm-dd)');
    expect(fail(rawPurchaseInvoice(900, { lines: { line1: { amount: 2, description: 'x', tax_rate: 9, price: 'veel' } } }))).toBe('purchase invoice purchase:900: lines.line1.price is "veel", not an amount');
  });

  it('maps a purchase invoice from a German supplier with VAT shifted as an intra-EU purchase on a creditor', () => {
    const doc = mapPurchaseInvoice(
      rawPurchaseInvoice(901, {
        supplier: rawSupplier('103', { company: 'Papier & Co GmbH', country: '50', tax_shifted: 'true' }),
        tax_shifted: 'true',
        lines: { line1: { amount: 10, description: 'Papier', tax_rate: 0, price: 24.75, linetotal: 247.5 } },
        taxes: { tax1: { rate: 0, sum: '0.00', sum_of: '247.50' } },
        tax: '0.00',
        totalintax: '247.50',
      }),
      context,
    );
    expect(doc).toMatchObject({ kind: 'purchase-invoice', number: 'INK-901', relation: { role: 'creditor', sourceId: '103', address: { country: 'DE' } } });
    expect(doc.lines[0]).toMatchObject({ vatTreatment: 'intra-eu' });
  });
});

describe('FactuurSturen quirks over loopback', () => {
  let harness: Harness;
  afterEach(() => harness?.close());

  it('reads keyed objects, `[]`, string and number amounts, and a record error does not stop the read', async () => {
    const invoices = [
      rawInvoice(1001, { history: { item1: { date: '2025-06-01', time: '10:00', description: 'Verzonden' } } }),
      rawInvoice(1002, { totalintax: 'kapot' }),
      rawInvoice(1003, { lines: { line1: { amount: '4', description: 'Als tekst', tax_rate: '21', price: '13.00', discount_pct: '0', linetotal: '52.00' } } }),
    ];
    harness = await startHarness({ seed: seedWith({ invoices }) });
    const { items } = await harness.read(null);
    expect(items.map((item) => [item.key, item.ok])).toEqual([
      ['F1001', true],
      ['F1002', false],
      ['F1003', true],
    ]);
    expect(documentOf(items[2]).lines[0].unitPrice.toString()).toBe('13');
    expect(items[1]).toMatchObject({ error: { field: 'totalintax', documentKey: 'F1002' }, raw: invoices[1] });
  });
});
