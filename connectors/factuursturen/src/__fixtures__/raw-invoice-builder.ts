/** Raw FactuurSturen records for tests, shaped exactly as the API sends them: valid, changed where a test needs it. */
import type { RawPurchaseInvoice, RawSupplier } from '../purchase-invoices-client';
import type { RawClient, RawInvoice } from '../raw-invoice';

export function rawClient(clientnr: string, overrides: Partial<RawClient> = {}): RawClient {
  return {
    clientnr,
    contact: 'Jan de Vries',
    showcontact: 'true',
    company: 'De Vries Advies',
    address: 'Prinsengracht 263',
    address_addon: '',
    zipcode: '1016 GV',
    city: 'Amsterdam',
    country: '146',
    phone: '020-1234567',
    mobile: '',
    email: `klant${clientnr}@example.nl`,
    bankcode: 'NL91 ABNA 0417 1643 00',
    taxnumber: 'NL001234567B01',
    tax_shifted: 'false',
    active: 'true',
    currency: 'EUR',
    tax_type: 'extax',
    ...overrides,
  };
}

/** A sent invoice of 4 × 13.00 at 21% (52.00 + 10.92 = 62.92), as in the API's own example. */
export function rawInvoice(id: number | string, overrides: Partial<RawInvoice> = {}, sent = '2025-06-01'): RawInvoice {
  return {
    id: String(id),
    invoicenr_full: `F${id}`,
    invoicenr: `F${id}`,
    reference: { line1: '', line2: '', line3: '' },
    lines: { line1: { amount: 4, amount_desc: '', description: 'Adviesuur', tax_rate: 21, price: 13, discount_pct: 0, linetotal: 52 } },
    profile: '1',
    category: '0',
    discounttype: 'amount',
    discount: '0',
    paymentcondition: 'Gelieve te betalen binnen %PAYMENT_PERIOD% dagen.',
    paymentperiod: '14',
    collection: '0',
    tax: '10.92',
    totalintax: '62.92',
    open: '62.92',
    taxes: { tax1: { rate: 21, sum: '10.92', sum_of: '52.00' } },
    clientnr: '1',
    company: 'De Vries Advies',
    contact: 'Jan de Vries',
    address: 'Prinsengracht 263',
    zipcode: '1016 GV',
    city: 'Amsterdam',
    country: '146',
    phone: '',
    mobile: '',
    email: 'klant1@example.nl',
    taxnumber: '',
    sent,
    duedate: '2025-06-15',
    paiddate: '',
    lastreminder: '',
    uncollectible: '',
    payment_url: '',
    history: [],
    tax_type: 'extax',
    language: 'nl',
    tax_shifted: 'false',
    ...overrides,
  };
}

/** `count` sent invoices with ids from `first`, one per day from `start` (wrapping within June). */
export function sentInvoices(count: number, first = 1001, start = '2025-06-01'): RawInvoice[] {
  const base = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => rawInvoice(first + i, {}, new Date(base + Math.floor(i / 4) * 86_400_000).toISOString().slice(0, 10)));
}

export function rawSupplier(suppliernr: string, overrides: Partial<RawSupplier> = {}): RawSupplier {
  return { ...rawClient(suppliernr, { company: 'Groothandel Van Dijk B.V.', contact: 'Kees van Dijk', email: `leverancier${suppliernr}@example.nl` }), suppliernr, ...overrides };
}

export function rawPurchaseInvoice(id: number | string, overrides: Partial<RawPurchaseInvoice> = {}, date = '2025-06-01'): RawPurchaseInvoice {
  return {
    id: String(id),
    invoicenr: `INK-${id}`,
    date,
    duedate: '2025-07-01',
    reference: '',
    lines: { line1: { amount: 2, description: 'Koffiebonen 1 kg', tax_rate: 9, price: 18.5, discount_pct: 0, linetotal: 37 } },
    taxes: { tax1: { rate: 9, sum: '3.33', sum_of: '37.00' } },
    discount: '0',
    tax: '3.33',
    totalintax: '40.33',
    open: '40.33',
    tax_type: 'extax',
    tax_shifted: 'false',
    supplier: rawSupplier('101'),
    ...overrides,
  };
}
