import { Decimal, RecordError, type DocumentLine, type SourceDocument, type SourceItem } from '@koppelwerk/core';
import { rawOrder } from '../__fixtures__/raw-order-builder';
import { startHarness, type Harness } from '../__fixtures__/source-harness';
import { isTestOrder } from './order-mapper';
import type { RawOrder } from '../raw-order';

/** Reads the seeded orders through the connector over loopback. */
async function readSeed(orders: RawOrder[], store?: Record<string, unknown>): Promise<{ harness: Harness; items: SourceItem[] }> {
  const harness = await startHarness({ seed: { orders, ...(store ? { store: [store] } : {}) } });
  const { items } = await harness.read(null);
  return { harness, items };
}

function documentOf(item: SourceItem | undefined): SourceDocument {
  if (!item?.ok) throw new Error(`expected a document, got ${item ? (item as { error: Error }).error.message : 'nothing'}`);
  return item.record as SourceDocument;
}

const lineView = (line: DocumentLine) => ({
  description: line.description,
  quantity: line.quantity.toString(),
  unitPrice: line.unitPrice.toString(),
  vatRate: line.vatRate.toString(),
  vatTreatment: line.vatTreatment,
  incomeType: line.incomeType,
});

const FULL_ORDER: RawOrder = rawOrder('1042', {
  currency: 'EUR',
  reference: 'PO-77',
  debtor: {
    id: '5f0c1d2e-0000-4000-8000-000000000042',
    email: 'inkoop@leeuw.example',
    name: 'Oud Naam',
    company: 'Oud Bedrijf',
    address: {
      invoice: {
        name: "Zoë d'Hondt-Ünal",
        company: 'Café "De Gouden Leeuw" & Zn.',
        phone: '+31 20 1234567',
        street: 'Rue de l’Église',
        number: '12a',
        zipcode: '1012 AB',
        city: "'s-Hertogenbosch",
        country: 'Nederland',
        country_code: 'nl',
        taxnumber: 'NL 8001.23.456.B01',
        bankaccount: 'NL91ABNA0417164300',
      },
      delivery: [],
    },
  },
  orderlines: [
    { id: 'a', type: 'article', quantity: 2, description: 'T-shirt "Classic" – maat L', price: { amount: '41.239669', amount_including_tax: '49.90', rate: '21.00' } },
    { id: 'b', type: 'article', quantity: 3, description: 'Koffie', price: { amount: '27.522936', amount_including_tax: '30.00', rate: '9.00' } },
    { id: 'c', type: 'article', quantity: 3, description: 'Thee', price: { amount: '9.174312', amount_including_tax: '10.00', rate: '9.00' } },
    { id: 'd', type: 'shipping', quantity: 1, description: 'Verzendkosten', price: { amount: '4.090909', amount_including_tax: '4.95', rate: '21.00' } },
    {
      id: 'e',
      type: 'payment',
      quantity: 1,
      description: 'Betaalkosten iDEAL',
      price: [
        { amount: '0.165289', amount_including_tax: '0.20', rate: '21.00' },
        { amount: '0.137615', amount_including_tax: '0.15', rate: '9.00' },
      ],
    },
    {
      id: 'f',
      type: 'discount',
      quantity: 1,
      description: 'Korting ZOMER10',
      price: [
        { amount: '-4.123967', amount_including_tax: '-4.99', rate: '21.00' },
        { amount: '-3.669725', amount_including_tax: '-4.00', rate: '9.00' },
      ],
    },
  ],
  price: { tax: [{ amount: '9.60', rate: '21.00' }, { amount: '3.46', rate: '9.00' }], total: '86.21' },
});

describe('mapping a Mijnwebwinkel order', () => {
  let harness: Harness | undefined;
  afterEach(() => harness?.close());

  it('maps lines with description, quantity and price; shipping, payment and discounts as their own income types; split prices per rate', async () => {
    let items: SourceItem[];
    ({ harness, items } = await readSeed([FULL_ORDER]));
    const doc = documentOf(items[0]);
    expect(doc.lines.map(lineView)).toEqual([
      { description: 'T-shirt "Classic" – maat L', quantity: '2', unitPrice: '24.95', vatRate: '21', vatTreatment: 'normal', incomeType: 'revenue' },
      { description: 'Koffie', quantity: '3', unitPrice: '10', vatRate: '9', vatTreatment: 'normal', incomeType: 'revenue' },
      { description: '3 × Thee', quantity: '1', unitPrice: '10', vatRate: '9', vatTreatment: 'normal', incomeType: 'revenue' },
      { description: 'Verzendkosten', quantity: '1', unitPrice: '4.95', vatRate: '21', vatTreatment: 'normal', incomeType: 'shipping' },
      { description: 'Betaalkosten iDEAL (21%)', quantity: '1', unitPrice: '0.2', vatRate: '21', vatTreatment: 'normal', incomeType: 'payment' },
      { description: 'Betaalkosten iDEAL (9%)', quantity: '1', unitPrice: '0.15', vatRate: '9', vatTreatment: 'normal', incomeType: 'payment' },
      { description: 'Korting ZOMER10 (21%)', quantity: '1', unitPrice: '-4.99', vatRate: '21', vatTreatment: 'normal', incomeType: 'discount' },
      { description: 'Korting ZOMER10 (9%)', quantity: '1', unitPrice: '-4', vatRate: '9', vatTreatment: 'normal', incomeType: 'discount' },
    ]);
    const total = Decimal.sum(doc.lines.map((line) => line.quantity.times(line.unitPrice)));
    expect(total.toFixed(2)).toBe('86.21');
  });

  it('maps the order header and the debtor from address.invoice, preferring it over deprecated fields', async () => {
    let items: SourceItem[];
    ({ harness, items } = await readSeed([FULL_ORDER]));
    const doc = documentOf(items[0]);
    expect(doc).toMatchObject({
      kind: 'sales-order',
      number: '1042',
      date: '2025-06-01',
      currency: 'EUR',
      pricesIncludeVat: true,
      reference: 'PO-77',
      status: 'Betaald',
      changedAt: '2025-06-01T07:00:00.000Z',
    });
    expect(doc.relation).toEqual({
      sourceId: '5f0c1d2e-0000-4000-8000-000000000042',
      role: 'debtor',
      kind: 'company',
      name: 'Café "De Gouden Leeuw" & Zn.',
      companyName: 'Café "De Gouden Leeuw" & Zn.',
      contactName: "Zoë d'Hondt-Ünal",
      email: 'inkoop@leeuw.example',
      phone: '+31 20 1234567',
      vatNumber: 'NL800123456B01',
      iban: 'NL91ABNA0417164300',
      address: { street: 'Rue de l’Église 12a', postalCode: '1012 AB', city: "'s-Hertogenbosch", country: 'NL' },
    });
  });

  it('falls back to the deprecated debtor fields and the shipping country when address.invoice is [] ', async () => {
    const order = rawOrder(7, {
      debtor: { id: null, email: 'Piet@Example.nl', name: 'Piet Bakker', company: '', phone: '0612345678', address: [] },
      shipping: [{ country: { description: 'België', isocode: 'BE' } }],
      tax_region: 'BE',
    });
    let items: SourceItem[];
    ({ harness, items } = await readSeed([order]));
    expect(documentOf(items[0]).relation).toEqual({
      sourceId: 'email:piet@example.nl',
      role: 'debtor',
      kind: 'person',
      name: 'Piet Bakker',
      contactName: 'Piet Bakker',
      email: 'Piet@Example.nl',
      phone: '0612345678',
      address: { country: 'BE' },
    });
  });

  it('handles the live quirks: string numbers, a single tax object, [] for shipping country, int numbers', async () => {
    const orders = [
      rawOrder('1001', { price: { tax: { amount: '1.72', rate: '21.00' }, total: '9.90' } }),
      rawOrder(1002, { shipping: [{ country: [] }] }),
    ];
    let items: SourceItem[];
    ({ harness, items } = await readSeed(orders));
    expect(items.map((item) => [item.key, item.ok])).toEqual([
      ['1001', true],
      ['1002', true],
    ]);
    expect(isTestOrder({ number: '1003-T' })).toBe(true);
    expect(isTestOrder({ number: '1003T-' })).toBe(true);
    expect(isTestOrder({ number: 1003 })).toBe(false);
  });

  it.each([
    ['zero_percent', 'US', 'export'],
    ['reverse_charged_vat', 'DE', 'intra-eu'],
    ['reverse_charged_vat', 'NL', 'reverse-charge'],
    ['', 'NL', 'exempt'],
  ])('tells 0%% lines apart by tax strategy %j in %s: %s', async (strategy, region, treatment) => {
    const order = rawOrder(1, {
      tax_strategy: strategy,
      tax_region: region,
      price: { tax: [{ amount: '0.00', rate: '0.00' }], total: '8.18' },
      orderlines: [{ id: 'x', type: 'article', quantity: 1, description: 'Mok', price: { amount: '8.18', amount_including_tax: '8.18', rate: '0.00' } }],
    });
    let items: SourceItem[];
    ({ harness, items } = await readSeed([order]));
    expect(documentOf(items[0]).lines[0]).toMatchObject({ vatTreatment: treatment, incomeType: 'revenue' });
    expect(documentOf(items[0]).lines[0].vatRate.isZero()).toBe(true);
  });

  it('keeps foreign currency and uses amounts excluding VAT when the store prices exclude tax', async () => {
    const order = rawOrder(1, { currency: 'USD' });
    let items: SourceItem[];
    ({ harness, items } = await readSeed([order], { currency: 'EUR', prices_include_tax: false }));
    const doc = documentOf(items[0]);
    expect(doc).toMatchObject({ currency: 'USD', pricesIncludeVat: false });
    expect(doc.lines[0].quantity.times(doc.lines[0].unitPrice).toString()).toBe('8.181818');
  });
});

describe('a malformed order is a record error naming the order and the field; the read goes on', () => {
  let harness: Harness | undefined;
  afterEach(() => harness?.close());

  const line = (price: unknown, extra: Record<string, unknown> = {}) => ({ orderlines: [{ id: 'l', type: 'article', quantity: 2, description: 'Mok', price, ...extra }] }) as Partial<RawOrder>;

  it.each<[string, Partial<RawOrder>, string, string]>([
    ['a missing date', { date: undefined }, 'date', 'order 2001: date is missing, not a date (yyyy-mm-dd)'],
    ['a bad date', { date: '01-06-2025' }, 'date', 'order 2001: date is "01-06-2025", not a date (yyyy-mm-dd)'],
    ['no order lines', { orderlines: [] }, 'orderlines', 'order 2001: orderlines is missing or empty'],
    ['a line without price', line(undefined), 'orderlines[0].price', 'order 2001: orderlines[0].price is missing'],
    ['a bad amount', line({ amount: '8.18', amount_including_tax: '9,90', rate: '21.00' }), 'orderlines[0].price.amount_including_tax', 'order 2001: orderlines[0].price.amount_including_tax is "9,90", not an amount'],
    ['a bad rate in a split price', line([{ amount: '8.18', amount_including_tax: '9.90', rate: 'hoog' }]), 'orderlines[0].price[0].rate', 'order 2001: orderlines[0].price[0].rate is "hoog", not a VAT percentage'],
    ['a fractional quantity', line({ amount: '8.18', amount_including_tax: '9.90', rate: '21.00' }, { quantity: 1.5 }), 'orderlines[0].quantity', 'order 2001: orderlines[0].quantity is 1.5, not a whole number of at least 1'],
    ['an article without description', line({ amount: '8.18', amount_including_tax: '9.90', rate: '21.00' }, { description: '' }), 'orderlines[0].description', 'order 2001: orderlines[0].description is missing'],
    ['a total that does not add up', { price: { tax: [], total: '10.00' } }, 'price.total', 'order 2001: price.total is 10.00 but the order lines add up to 9.90'],
    ['a bad tax entry', { price: { tax: { amount: 'x', rate: '21.00' }, total: '9.90' } }, 'price.tax[0].amount', 'order 2001: price.tax[0].amount is "x", not an amount'],
    ['an unknown tax strategy', { tax_strategy: 'margin' }, 'tax_strategy', 'order 2001: tax_strategy is "margin"; known: "", "zero_percent", "reverse_charged_vat"'],
    ['a bad currency', { currency: 'euro' }, 'currency', 'order 2001: currency is "euro", not an ISO currency code'],
    ['no debtor', { debtor: undefined }, 'debtor', 'order 2001: debtor is missing'],
    ['a nameless debtor', { debtor: { id: null, email: '', name: '', address: [] } }, 'debtor.address.invoice.name', 'order 2001: debtor.address.invoice.name is missing, and so are the company and the e-mail address'],
    ['a bad e-mail', { debtor: { email: 'jan at example', name: 'Jan' } }, 'debtor.email', 'order 2001: debtor.email is "jan at example", not an e-mail address'],
    ['a credit order without original', { status: 10 }, 'credited_order_number', 'order 2001: credited_order_number is missing on a credit order'],
    ['a status change at an hour that does not exist', { status_changed_date: '2025-06-01', status_changed_time: '25:61:00' }, 'status_changed_date', 'order 2001: status_changed_date is "2025-06-01 25:61:00", not a date and time'],
    ['a status change on a day that does not exist', { status_changed_date: '2025-02-30', status_changed_time: '10:00:00' }, 'status_changed_date', 'order 2001: status_changed_date is "2025-02-30 10:00:00", not a date and time'],
  ])('%s', async (_case, change, field, message) => {
    let items: SourceItem[];
    ({ harness, items } = await readSeed([rawOrder(2000), rawOrder(2001, change), rawOrder(2002)]));
    expect(items.map((item) => [item.key, item.ok])).toEqual([
      ['2000', true],
      ['2001', false],
      ['2002', true],
    ]);
    const error = (items[1] as { error: RecordError }).error;
    expect(error).toBeInstanceOf(RecordError);
    expect(error).toMatchObject({ field, documentKey: '2001', message });
    expect(items[1].raw).toMatchObject({ number: 2001 });
  });

  it('reads an order the API sends without a status change time by its own date and time', async () => {
    let items: SourceItem[];
    ({ harness, items } = await readSeed([rawOrder(2001, { status_changed_date: undefined, status_changed_time: undefined, date: '2025-06-01', time: '08:30:00' })]));
    expect(items[0]).toMatchObject({ ok: true, key: '2001', record: { changedAt: '2025-06-01T06:30:00.000Z' } });
  });

  it('names a record without an order number by its position', async () => {
    let items: SourceItem[];
    ({ harness, items } = await readSeed([rawOrder(2000), rawOrder(undefined as never, {}, '2025-06-01 09:00:00')]));
    expect(items[0]).toMatchObject({ ok: false, key: '(no number, offset 0)', error: { field: 'number', documentKey: '(no number, offset 0)', message: 'order (no number, offset 0): number is missing' } });
    expect(items[1]).toMatchObject({ ok: true, key: '2000' });
  });
});
