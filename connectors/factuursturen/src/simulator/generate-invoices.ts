/**
 * Realistic FactuurSturen data for the simulator, the demo and tests: any number of sales invoices
 * with several VAT rates, repeat clients, credit notes, invoice-level discounts, clients abroad
 * (VAT shifted, export, another currency), odd characters, purchase invoices from suppliers, and
 * the API's quirky shapes (keyed objects or `[]`, strings at the top and numbers in lines).
 * Deterministic for a given seed.
 */
import { Decimal } from '@koppelwerk/core';
import { SeededRandom } from '@koppelwerk/testing';
import type { RawPurchaseInvoice, RawSupplier } from '../purchase-invoices-client';
import type { RawClient, RawCountry, RawInvoice, RawLine, RawTax } from '../raw-invoice';

export const DEMO_COUNTRIES: RawCountry[] = [
  { id: '146', name: 'Nederland' },
  { id: '18', name: 'België' },
  { id: '50', name: 'Duitsland' },
  { id: '54', name: 'Denemarken' },
  { id: '69', name: 'Frankrijk' },
  { id: '213', name: 'Verenigd Koninkrijk' },
  { id: '214', name: 'Verenigde Staten' },
  { id: '223', name: 'Zwitserland' },
];

export interface GenerateInvoicesOptions {
  count: number;
  /** Purchase invoices (provisional contract); default a fifth of `count`. */
  purchaseCount?: number;
  randomSeed?: number;
  firstNumber?: number;
  /** Date of the first invoice, `yyyy-mm-dd`; one invoice a day or so after it. */
  start?: string;
  /** Include the quirky shapes (`[]` lists, text and layout lines, an unsent invoice). Default true. */
  quirks?: boolean;
  /** Share of invoices followed by a credit note. Default 0.05. */
  creditShare?: number;
  /** Include a client paying in another currency (USD). Default true. */
  foreignCurrency?: boolean;
}

export interface GeneratedAccount {
  invoices: RawInvoice[];
  clients: RawClient[];
  countrylist: RawCountry[];
  purchase_invoices: RawPurchaseInvoice[];
}

const CLIENTS: RawClient[] = [
  client('1', { company: 'Bakkerij Brood&Banket B.V.', contact: 'Anne-Marie van den Berg', address: 'Dorpsstraat 1', zipcode: '1234 AB', city: 'Amsterdam', email: 'administratie@broodenbanket.example', taxnumber: 'NL001234567B01' }),
  client('2', { company: '', contact: 'Jan de Vries', address: 'Prinsengracht 263', zipcode: '1016 GV', city: 'Amsterdam', email: 'jan@devries.example' }),
  client('3', { company: 'Café "De Gouden Leeuw" & Zn.', contact: "Zoë d'Hondt-Ünal", address: 'Markt 12', zipcode: '5211 KL', city: "'s-Hertogenbosch", email: 'info@goudenleeuw.example' }),
  client('4', { company: 'Fleurs & Cie SPRL', contact: 'Chloé Lefèvre', address: 'Rue Léopold 7', zipcode: '4000', city: 'Liège', country: '18', email: 'compta@fleurs.example', taxnumber: 'BE0123.456.789', tax_shifted: 'true' }),
  client('5', { company: 'Schröder GmbH', contact: 'Jürgen Müller', address: 'Hohe Straße 5', zipcode: '50667', city: 'Köln', country: '50', email: 'rechnung@schroeder.example', taxnumber: 'DE123456789', tax_shifted: 'true' }),
  client('6', { company: 'Studio 🎨 Kleur', contact: 'Fatima El Amrani', address: 'Oudegracht 99', zipcode: '3511 CE', city: 'Utrecht', email: 'fatima@kleur.example' }),
  client('7', { company: 'Acme Corp.', contact: 'Tom O’Brien', address: '5th Avenue 1', zipcode: '10001', city: 'New York', country: '214', email: 'ap@acme.example' }),
  client('8', { company: '', contact: 'Pieter "Piet" Bakker', address: 'Kerkstraat 2', zipcode: '9711 AA', city: 'Groningen', email: 'piet.bakker@example.nl' }),
];

const USD_CLIENT: RawClient = client('9', { company: 'Lone Star Imports LLC', contact: 'José Ñúñez', address: 'Main Street 10', zipcode: '73301', city: 'Austin', country: '214', email: 'billing@lonestar.example', currency: 'USD' });

const SUPPLIERS: RawSupplier[] = [
  { ...client('101', { company: 'Groothandel Van Dijk B.V.', contact: 'Kees van Dijk', address: 'Industrieweg 4', zipcode: '3542 AD', city: 'Utrecht', email: 'facturen@vandijk.example', taxnumber: 'NL009876543B01' }), suppliernr: '101' },
  { ...client('102', { company: 'Drukkerij De Letter', contact: 'Sanne Jansen', address: 'Letterzetterstraat 8', zipcode: '2011 AB', city: 'Haarlem', email: 'sanne@deletter.example' }), suppliernr: '102' },
  { ...client('103', { company: 'Papier & Co GmbH', contact: 'Uwe Fischer', address: 'Papierweg 3', zipcode: '40213', city: 'Düsseldorf', country: '50', email: 'invoice@papier.example', taxnumber: 'DE987654321', tax_shifted: 'true' }), suppliernr: '103' },
];

const ARTICLES = [
  { description: 'Adviesuur – "strategie" sessie', rate: 21, price: '95' },
  { description: 'Website onderhoud (maand)', rate: 21, price: '49.95' },
  { description: 'Boek: Het Achterhuis', rate: 9, price: '19.99' },
  { description: 'Koffiebonen Ethiopië 500 g', rate: 9, price: '12.95' },
  { description: 'Training ½ dag, incl. lunch & materiaal', rate: 21, price: '375' },
  { description: 'Reparatie fiets (arbeid)', rate: 9, price: '42.5' },
  { description: 'Drukwerk flyers A5 × 500', rate: 21, price: '68.4' },
];

const PURCHASES = [
  { description: 'Inkoop koffiebonen (25 kg)', rate: 9, price: '187.5' },
  { description: 'Kantoorartikelen', rate: 21, price: '34.99' },
  { description: 'Drukwerk visitekaartjes', rate: 21, price: '59' },
  { description: 'Papier A4 80 g/m² (doos)', rate: 21, price: '24.75' },
];

function client(clientnr: string, fields: Partial<RawClient>): RawClient {
  return {
    clientnr,
    contact: '',
    showcontact: 'true',
    company: '',
    address: '',
    zipcode: '',
    city: '',
    country: '146',
    phone: '',
    mobile: '',
    email: '',
    bankcode: '',
    taxnumber: '',
    tax_shifted: 'false',
    sendmethod: 'email',
    paymentmethod: 'bank',
    top: '14',
    stddiscount: '0',
    notes: '',
    active: 'true',
    currency: 'EUR',
    tax_type: 'extax',
    timestamp: '2025-01-01 09:00:00',
    ...fields,
  };
}

interface DraftLine {
  description: string;
  quantity: Decimal;
  price: Decimal;
  rate: number;
  discountPct: number;
}

/** Line values are JSON numbers on the wire. */
function wireNumber(value: Decimal): number {
  return Number(value.toString());
}

/** Lines, VAT summary and totals exactly as FactuurSturen computes them: per rate, rounded once. */
export function invoiceAmounts(drafts: DraftLine[], discountPct: number, quirks: boolean, extra: (RawLine | undefined)[] = []) {
  const lines: Record<string, RawLine> = {};
  const perRate = new Map<number, Decimal>();
  let n = 0;
  drafts.forEach((draft, index) => {
    const total = draft.quantity.times(draft.price).times(Decimal.of(100 - draft.discountPct)).dividedBy(Decimal.HUNDRED, 2);
    lines[`line${++n}`] = {
      amount: wireNumber(draft.quantity),
      amount_desc: '',
      description: draft.description,
      tax_rate: draft.rate,
      price: wireNumber(draft.price),
      discount_pct: draft.discountPct,
      linetotal: wireNumber(total),
    };
    perRate.set(draft.rate, (perRate.get(draft.rate) ?? Decimal.ZERO).plus(total));
    const text = extra[index];
    if (quirks && text) lines[`line${++n}`] = text;
  });
  const taxes: Record<string, RawTax> = {};
  let vat = Decimal.ZERO;
  let totalIncl = Decimal.ZERO;
  [...perRate.entries()].forEach(([rate, base], index) => {
    const discounted = base.times(Decimal.of(100 - discountPct)).dividedBy(Decimal.HUNDRED, 2);
    const sum = discounted.times(Decimal.of(rate)).dividedBy(Decimal.HUNDRED, 2);
    taxes[`tax${index + 1}`] = { rate, sum: sum.toFixed(2), sum_of: discounted.toFixed(2) };
    vat = vat.plus(sum);
    totalIncl = totalIncl.plus(discounted).plus(sum);
  });
  return { lines, taxes, tax: vat.toFixed(2), totalintax: totalIncl.toFixed(2) };
}

function addDays(date: string, days: number): string {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);
  return next.toISOString().slice(0, 10);
}

export function generateInvoices(options: GenerateInvoicesOptions): GeneratedAccount {
  const random = new SeededRandom(options.randomSeed ?? 1);
  const quirks = options.quirks ?? true;
  const creditShare = options.creditShare ?? 0.05;
  const clients = options.foreignCurrency === false ? [...CLIENTS] : [...CLIENTS, USD_CLIENT];
  const invoices: RawInvoice[] = [];
  let number = options.firstNumber ?? 20250001;
  let id = 5000;
  let date = options.start ?? '2025-03-01';
  const nextNumber = () => `F${number++}`;

  const makeInvoice = (customer: RawClient, drafts: DraftLine[], discountPct: number, extra: (RawLine | undefined)[] = []): RawInvoice => {
    const amounts = invoiceAmounts(drafts, discountPct, quirks, extra);
    const invoicenr = nextNumber();
    const paid = random.chance(0.5);
    const history: RawInvoice['history'] = paid
      ? { item1: { date, time: '10:00', description: 'Factuur verzonden per e-mail' }, item2: { date: addDays(date, 3), time: '14:12', description: 'Betaling ontvangen' } }
      : quirks && random.chance(0.5)
        ? []
        : { item1: { date, time: '10:00', description: 'Factuur verzonden per e-mail' } };
    return {
      id: String(id++),
      invoicenr_full: invoicenr,
      invoicenr,
      reference: { line1: random.chance(0.3) ? `PO ${random.int(1000, 9999)}` : '', line2: '', line3: '' },
      lines: amounts.lines,
      profile: '1',
      category: '0',
      discounttype: 'percentage',
      discount: String(discountPct),
      paymentcondition: 'Gelieve te betalen binnen %PAYMENT_PERIOD% dagen.',
      paymentperiod: customer.top ?? '14',
      collection: '0',
      tax: amounts.tax,
      totalintax: amounts.totalintax,
      open: paid ? '0.00' : amounts.totalintax,
      taxes: amounts.taxes,
      clientnr: customer.clientnr,
      company: customer.company,
      contact: customer.contact,
      address: customer.address,
      zipcode: customer.zipcode,
      city: customer.city,
      country: customer.country,
      phone: customer.phone,
      mobile: customer.mobile,
      email: customer.email,
      taxnumber: customer.taxnumber,
      sent: date,
      duedate: addDays(date, Number(customer.top ?? '14')),
      paiddate: paid ? addDays(date, 3) : '',
      lastreminder: '',
      uncollectible: '',
      payment_url: `https://www.factuursturen.nl/pay/${invoicenr}`,
      history,
      tax_type: 'extax',
      language: 'nl',
      tax_shifted: customer.tax_shifted ?? 'false',
    };
  };

  for (let i = 0; i < options.count; i++) {
    // Repeat clients: the first few buy most.
    const customer = clients[Math.min(clients.length - 1, Math.floor(random.next() ** 2 * clients.length))];
    const zeroRated = customer.tax_shifted === 'true' || (customer.country !== '146' && customer.country !== '18' && customer.country !== '50');
    const drafts: DraftLine[] = Array.from({ length: random.int(1, 4) }, () => {
      const article = random.pick(ARTICLES);
      return {
        description: article.description,
        quantity: random.chance(0.2) ? Decimal.parse(random.pick(['1.5', '2.25', '0.5'])) : Decimal.of(random.int(1, 5)),
        price: Decimal.parse(article.price),
        rate: zeroRated ? 0 : article.rate,
        discountPct: random.chance(0.1) ? 15 : 0,
      };
    });
    const discountPct = random.chance(0.08) ? 10 : 0;
    const extra = drafts.map(() => (random.chance(0.1) ? (random.chance(0.5) ? { description: 'Let op: levering in twee delen' } : { type: 'subtotal', description: 'Subtotaal' }) : undefined));
    const invoice = makeInvoice(customer, drafts, discountPct, extra);
    if (quirks && i % 50 === 17) {
      // Planned for later: listed, but not sent yet.
      invoice.sent = '';
      invoice.history = [];
    }
    invoices.push(invoice);
    if (random.chance(creditShare) && invoice.sent) {
      const credit = makeInvoice(customer, drafts.map((draft) => ({ ...draft, price: draft.price.negated() })), discountPct);
      credit.reference = { line1: `Creditnota voor ${invoice.invoicenr}`, line2: '', line3: '' };
      credit.open = credit.totalintax;
      invoices.push(credit);
    }
    date = addDays(date, random.chance(0.6) ? 0 : 1);
  }

  const purchaseCount = options.purchaseCount ?? Math.ceil(options.count / 5);
  const purchases: RawPurchaseInvoice[] = [];
  let purchaseDate = options.start ?? '2025-03-01';
  for (let i = 0; i < purchaseCount; i++) {
    const supplier = SUPPLIERS[i % SUPPLIERS.length];
    const shifted = supplier.tax_shifted === 'true';
    const drafts: DraftLine[] = Array.from({ length: random.int(1, 3) }, () => {
      const article = random.pick(PURCHASES);
      return { description: article.description, quantity: Decimal.of(random.int(1, 4)), price: Decimal.parse(article.price), rate: shifted ? 0 : article.rate, discountPct: 0 };
    });
    const amounts = invoiceAmounts(drafts, 0, quirks);
    purchases.push({
      id: String(900 + i),
      invoicenr: `${supplier.suppliernr === '103' ? 'RE' : 'INK'}-2025-${String(i + 1).padStart(4, '0')}`,
      date: purchaseDate,
      duedate: addDays(purchaseDate, 30),
      reference: '',
      lines: amounts.lines,
      taxes: amounts.taxes,
      discount: '0',
      tax: amounts.tax,
      totalintax: amounts.totalintax,
      open: amounts.totalintax,
      tax_type: 'extax',
      tax_shifted: supplier.tax_shifted,
      supplier,
    });
    purchaseDate = addDays(purchaseDate, random.int(1, 4));
  }
  return { invoices, clients, countrylist: DEMO_COUNTRIES, purchase_invoices: purchases };
}
