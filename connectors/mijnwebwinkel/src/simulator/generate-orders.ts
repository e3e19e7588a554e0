/**
 * Realistic Mijnwebwinkel data for the simulator, the demo and tests: any number of orders with
 * several VAT rates, shipping/payment costs, discounts split over rates, repeat customers, B2B
 * intra-EU and export orders at 0%, foreign currency, credit orders, odd characters, and the live
 * API's quirky shapes. Deterministic for a given seed.
 */
import { Decimal } from '@koppelwerk/core';
import { SeededRandom } from '@koppelwerk/testing';
import type { RawAddress, RawOrder, RawOrderLine, RawOrderStatus, RawStore, RawTaxPrice } from '../raw-order';

export const DEMO_ORDER_STATUSES: RawOrderStatus[] = [
  { status: 1, description: 'Nieuw', credit_order: false },
  { status: 2, description: 'Verzonden', credit_order: false },
  { status: 3, description: 'Betaald', credit_order: false },
  { status: 4, description: 'Wacht op betaling', credit_order: false },
  { status: 5, description: 'Geannuleerd', credit_order: false },
  { status: 6, description: 'Betaald & afgehaald', credit_order: false },
  { status: 10, description: 'Gecrediteerd', credit_order: true },
];

/** The demo statuses the default mapping books: Verzonden, Betaald, Betaald & afgehaald. */
export const BOOKED_DEMO_STATUSES: readonly number[] = [2, 3, 6];

export const DEMO_STORE: RawStore = {
  name: 'Demowinkel Koppelwerk',
  currency: 'EUR',
  prices_include_tax: true,
  region_code: 'NL',
  available_business_models: ['B2C', 'B2B'],
};

export interface GenerateOrdersOptions {
  count: number;
  randomSeed?: number;
  firstNumber?: number;
  /** Wall-clock time (Europe/Amsterdam) of the first order, `yyyy-mm-dd hh:mm:ss`. */
  start?: string;
  minutesBetween?: number;
  /** Include the live API's quirky shapes (string numbers, single tax objects, `[]`, test orders). Default true. */
  quirks?: boolean;
  /** Share of orders that get a credit order. Default 0.04. */
  creditShare?: number;
}

export interface GeneratedShop {
  orders: RawOrder[];
  orderstatuses: RawOrderStatus[];
  store: RawStore[];
}

type Market = 'nl-b2c' | 'nl-b2b' | 'eu-b2c' | 'eu-b2b' | 'export';

interface Customer {
  id: string | null;
  email: string;
  market: Market;
  invoice: RawAddress;
  currency: string;
}

const PEOPLE = [
  'Jan de Vries', "Zoë d'Hondt-Ünal", 'Łukasz Żółćkiewicz', 'Anne-Marie van den Berg', 'Müller, Jürgen',
  'Søren Ørsted', 'José Ñúñez', 'Fatima El Amrani', 'Pieter "Piet" Bakker', '山田 太郎', 'Chloé Lefèvre', 'Tom O’Brien',
];
const COMPANIES = ['Café "De Gouden Leeuw" & Zn.', 'Bakkerij Brood&Banket B.V.', 'Ørsted Design ApS', 'Schröder GmbH', 'Studio 🎨 Kleur', 'Fleurs & Cie SARL'];
const CITIES: Record<string, { city: string; zipcode: string; country: string }[]> = {
  NL: [
    { city: 'Amsterdam', zipcode: '1012 AB', country: 'Nederland' },
    { city: "'s-Hertogenbosch", zipcode: '5211 KL', country: 'Nederland' },
    { city: 'Utrecht', zipcode: '3511 CE', country: 'Nederland' },
  ],
  BE: [{ city: 'Liège', zipcode: '4000', country: 'België' }],
  DE: [{ city: 'Köln', zipcode: '50667', country: 'Duitsland' }],
  DK: [{ city: 'København', zipcode: '1050', country: 'Denemarken' }],
  US: [{ city: 'New York', zipcode: '10001', country: 'Verenigde Staten' }],
  GB: [{ city: 'London', zipcode: 'SW1A 1AA', country: 'Verenigd Koninkrijk' }],
  CH: [{ city: 'Zürich', zipcode: '8001', country: 'Zwitserland' }],
};
const ARTICLES = [
  { description: 'T-shirt "Classic" – maat L, kleur: rood/wit', rate: 21, cents: 2495 },
  { description: 'Koffiebonen Ethiopië 500 g', rate: 9, cents: 1295 },
  { description: 'Boek: Het Achterhuis', rate: 9, cents: 1999 },
  { description: 'Mok met opdruk (½ liter)', rate: 21, cents: 995 },
  { description: 'Thee & honing cadeaupakket', rate: 9, cents: 2450 },
  { description: 'Lederen tas <handgemaakt>', rate: 21, cents: 8995 },
  { description: 'Stickers 10× “Hallo”', rate: 21, cents: 195 },
];

export function generateOrders(options: GenerateOrdersOptions): GeneratedShop {
  const random = new SeededRandom(options.randomSeed ?? 1);
  const quirks = options.quirks ?? true;
  const creditShare = options.creditShare ?? 0.04;
  const customers = Array.from({ length: Math.max(4, Math.ceil(options.count / 3)) }, (_, i) => makeCustomer(random, i));
  const orders: RawOrder[] = [];
  let number = options.firstNumber ?? 1001;
  let clock = parseWallClock(options.start ?? '2025-03-03 09:00:00');
  const step = options.minutesBetween ?? 37;

  for (let i = 0; i < options.count; i++) {
    clock += step * 60_000;
    const customer = random.pick(customers);
    const order = makeOrder(random, number++, clock, customer, quirks);
    orders.push(order);
    const booked = BOOKED_DEMO_STATUSES.includes(order.status ?? 0);
    if (booked && random.chance(creditShare)) {
      clock += 60_000;
      orders.push(makeCreditOrder(random, number++, clock, order));
    } else if (quirks && random.chance(0.025)) {
      const test = makeOrder(random, number++, clock, customer, quirks);
      test.number = `${test.number}-T`;
      orders.push(test);
    }
  }
  return { orders, orderstatuses: structuredClone(DEMO_ORDER_STATUSES), store: [structuredClone(DEMO_STORE)] };
}

/** A shop of exactly `count` orders, all in a booked status, without credit or test orders. */
export function generateBookableOrders(count: number, randomSeed = count): GeneratedShop {
  const shop = generateOrders({ count: count * 3 + 10, quirks: false, creditShare: 0, randomSeed });
  const orders = shop.orders.filter((order) => BOOKED_DEMO_STATUSES.includes(Number(order.status))).slice(0, count);
  if (orders.length < count) throw new Error(`the generator gave only ${orders.length} bookable orders`);
  return { ...shop, orders };
}

function makeCustomer(random: SeededRandom, index: number): Customer {
  const market = random.pick<Market>(['nl-b2c', 'nl-b2c', 'nl-b2c', 'nl-b2b', 'eu-b2c', 'eu-b2b', 'export']);
  const country = market.startsWith('nl') ? 'NL' : market === 'export' ? random.pick(['US', 'GB', 'CH']) : random.pick(['BE', 'DE', 'DK']);
  const place = random.pick(CITIES[country]);
  const name = random.pick(PEOPLE);
  const business = market === 'nl-b2b' || market === 'eu-b2b';
  const company = business ? random.pick(COMPANIES) : '';
  const taxnumber = market === 'eu-b2b' ? `${country}${String(100000000 + index * 7919).slice(0, 9)}B01` : market === 'nl-b2b' ? `NL${String(800000000 + index * 13).slice(0, 9)}B01` : '';
  const currency = country === 'US' ? 'USD' : country === 'GB' ? 'GBP' : 'EUR';
  return {
    id: random.chance(0.6) ? uuid(random) : null,
    email: `klant${index + 1}@example.${country.toLowerCase()}`,
    market,
    currency,
    invoice: {
      gender: random.pick(['male', 'female', '']),
      name,
      company,
      phone: `+31 6 ${random.int(10000000, 99999999)}`,
      street: random.pick(['Prinsengracht', 'Rue de l’Église', 'Königsallee', 'Main Street']),
      number: `${random.int(1, 300)}${random.pick(['', '', 'a', '-2 hs'])}`,
      zipcode: place.zipcode,
      city: place.city,
      country: place.country,
      country_code: country,
      taxnumber,
      bankaccount: random.chance(0.3) ? 'NL91ABNA0417164300' : '',
    },
  };
}

function makeOrder(random: SeededRandom, number: number, at: number, customer: Customer, quirks: boolean): RawOrder {
  const strategy = customer.market === 'eu-b2b' ? 'reverse_charged_vat' : customer.market === 'export' ? 'zero_percent' : '';
  const zero = strategy !== '';
  const lines: RawOrderLine[] = [];
  const articleCount = random.int(1, 4);
  for (let i = 0; i < articleCount; i++) {
    const article = random.pick(ARTICLES);
    const quantity = random.int(1, 3);
    lines.push(line(random, 'article', article.description, quantity, [{ rate: zero ? 0 : article.rate, incl: cents(article.cents * quantity) }]));
  }
  const goodsByRate = inclByRate(lines);
  const rates = [...goodsByRate.keys()];
  if (random.chance(0.15)) {
    const discount = Decimal.sum(goodsByRate.values()).times(Decimal.parse('-0.10')).round(2);
    lines.push(line(random, 'discount', 'Korting (code ZOMER10)', 1, split(discount, goodsByRate)));
  }
  if (random.chance(0.8)) {
    const rate = Math.max(...rates);
    lines.push(line(random, 'shipping', 'Verzendkosten', 1, [{ rate, incl: cents(random.pick([495, 695, 1250])) }]));
  }
  if (random.chance(0.3)) {
    lines.push(line(random, 'payment', 'Betaalkosten iDEAL', 1, split(cents(random.pick([29, 35, 50])), goodsByRate)));
  }
  const status = random.pick([3, 3, 3, 2, 2, 6, 1, 4, 5]);
  const changedAt = at + random.int(1, 240) * 60_000;
  return {
    number: quirks && random.chance(0.3) ? String(number) : number,
    uuid: uuid(random),
    date: formatWallClock(at).slice(0, 10),
    time: formatWallClock(at).slice(11),
    status,
    status_changed_date: formatWallClock(changedAt).slice(0, 10),
    status_changed_time: formatWallClock(changedAt).slice(11),
    archived: false,
    finished: true,
    taxed: 'include',
    locale: 'nl_NL',
    currency: customer.currency,
    discountcode: lines.some((l) => l.type === 'discount') ? 'ZOMER10' : '',
    business_model: customer.invoice.company ? 'B2B' : 'B2C',
    reference: customer.invoice.company ? `PO-${random.int(1000, 9999)}` : '',
    tax_region: customer.invoice.country_code,
    tax_strategy: strategy,
    credit_order_numbers: [],
    comments: { customer: random.chance(0.1) ? 'Graag inpakken als cadeau 🎁' : '', internal: '' },
    payment_status: status === 4 ? 'pending' : 'captured',
    payment: { gateway_name: 'Mollie', method_name: 'iDEAL', status: { id: status === 4 ? 5 : 1, text: status === 4 ? 'pending' : 'successful' } },
    debtor: debtor(random, customer, quirks),
    price: price(lines, quirks && random.chance(0.5)),
    orderlines: lines,
    shipping: [{ country: quirks && random.chance(0.1) ? [] : { description: customer.invoice.country, isocode: customer.invoice.country_code } }],
  };
}

function makeCreditOrder(random: SeededRandom, number: number, at: number, original: RawOrder): RawOrder {
  const first = structuredClone(original.orderlines![0]);
  first.id = uuid(random);
  first.description = `Retour: ${first.description}`;
  const lines = [first];
  const credit: RawOrder = {
    ...structuredClone(original),
    number,
    uuid: uuid(random),
    date: formatWallClock(at).slice(0, 10),
    time: formatWallClock(at).slice(11),
    status: 10,
    status_changed_date: formatWallClock(at).slice(0, 10),
    status_changed_time: formatWallClock(at).slice(11),
    credited_order_number: Number(original.number),
    credit_order_numbers: [],
    discountcode: '',
    price: price(lines, false),
    orderlines: lines,
  };
  original.credit_order_numbers = [...(original.credit_order_numbers ?? []), number];
  return credit;
}

function debtor(random: SeededRandom, customer: Customer, quirks: boolean): NonNullable<RawOrder['debtor']> {
  const invoice = structuredClone(customer.invoice);
  return {
    id: customer.id,
    email: customer.email,
    // Deprecated fields, still sent beside address.invoice.
    name: invoice.name,
    company: invoice.company,
    phone: invoice.phone,
    gender: invoice.gender,
    bankaccount: invoice.bankaccount,
    address: {
      invoice,
      delivery: quirks && random.chance(0.2) ? [] : { name: invoice.name, street: invoice.street, number: invoice.number, zipcode: invoice.zipcode, city: invoice.city, country_code: invoice.country_code },
    },
  };
}

interface Part {
  rate: number;
  incl: Decimal;
}

function line(random: SeededRandom, type: string, description: string, quantity: number, parts: Part[]): RawOrderLine {
  const prices = parts.map(taxPrice);
  return { id: uuid(random), type, quantity, description, weight: '0.000', price: prices.length === 1 ? prices[0] : prices };
}

function taxPrice(part: Part): RawTaxPrice {
  return { amount: excl(part).toFixed(6), amount_including_tax: part.incl.toFixed(2), rate: part.rate.toFixed(2) };
}

function excl(part: Part): Decimal {
  return part.incl.times(Decimal.HUNDRED).dividedBy(Decimal.of(100 + part.rate), 6);
}

function cents(value: number): Decimal {
  return Decimal.fromUnits(BigInt(value), 2);
}

function partsOf(orderLine: RawOrderLine): RawTaxPrice[] {
  return Array.isArray(orderLine.price) ? orderLine.price : orderLine.price ? [orderLine.price] : [];
}

function inclByRate(lines: RawOrderLine[]): Map<number, Decimal> {
  const totals = new Map<number, Decimal>();
  for (const orderLine of lines) {
    for (const part of partsOf(orderLine)) {
      const rate = Number(part.rate);
      totals.set(rate, (totals.get(rate) ?? Decimal.ZERO).plus(Decimal.parse(part.amount_including_tax!)));
    }
  }
  return totals;
}

/** Splits an amount pro rata over the rates' amounts; the last rate takes the rounding rest. */
function split(amount: Decimal, byRate: Map<number, Decimal>): Part[] {
  const total = Decimal.sum(byRate.values());
  const entries = [...byRate.entries()];
  let rest = amount;
  return entries.map(([rate, base], index) => {
    const share = index === entries.length - 1 ? rest : amount.times(base).dividedBy(total, 2);
    rest = rest.minus(share);
    return { rate, incl: share };
  });
}

function price(lines: RawOrderLine[], singleTaxObject: boolean): RawOrder['price'] {
  const byRate = new Map<number, { incl: Decimal; excl: Decimal }>();
  for (const orderLine of lines) {
    for (const part of partsOf(orderLine)) {
      const rate = Number(part.rate);
      const sum = byRate.get(rate) ?? { incl: Decimal.ZERO, excl: Decimal.ZERO };
      byRate.set(rate, { incl: sum.incl.plus(Decimal.parse(part.amount_including_tax!)), excl: sum.excl.plus(Decimal.parse(part.amount!)) });
    }
  }
  const tax = [...byRate.entries()].map(([rate, sum]) => ({ amount: sum.incl.minus(sum.excl).toFixed(2), rate: rate.toFixed(2) }));
  const total = Decimal.sum([...byRate.values()].map((sum) => sum.incl));
  return { tax: singleTaxObject && tax.length === 1 ? tax[0] : tax, total: total.toFixed(2) };
}

function uuid(random: SeededRandom): string {
  const hex = (length: number) => Array.from({ length }, () => random.int(0, 15).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${random.pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
}

/** Wall-clock text as if it were UTC: plain arithmetic on the clock face, no time zone involved. */
export function parseWallClock(text: string): number {
  const millis = Date.parse(text.replace(' ', 'T') + 'Z');
  if (Number.isNaN(millis)) throw new RangeError(`not a wall-clock time: ${text}`);
  return millis;
}

export function formatWallClock(millis: number): string {
  return new Date(millis).toISOString().slice(0, 19).replace('T', ' ');
}
