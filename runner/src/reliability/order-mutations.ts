/**
 * What the order fuzzer (order-fuzzer.ts) does to an order: the malformed kinds, each breaking one
 * field and naming the fields a parked entry must give (missing fields, wrong types, huge strings,
 * odd Unicode, negative and absurd amounts, unknown VAT rates, bad dates, records that are not JSON
 * objects), and the odd-but-readable kinds (RTL marks, emoji, NUL, lone surrogates or a
 * 100,000-character text in a name or a description).
 */
import type { SeededRandom } from '@koppelwerk/testing';

/** A raw order as the wire carries it; anything goes. */
export type RawOrder = Record<string, any>;

export type FuzzCategory = 'missing' | 'wrong-type' | 'huge' | 'unicode' | 'amount' | 'vat' | 'date' | 'not-json' | 'several';

const HUGE = 100_000;
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];
const BIDI = ['\u200e', '\u200f', '\u202a', '\u202b', '\u202e', '\u2066', '\u2069'];
const EMOJI = ['🎁', '👩‍👩‍👧‍👦', '🇳🇱', '❤️', '🧾'];
const LONE_SURROGATES = ['\ud800', '\udfff', '\udbff'];

export interface MalformedMutation {
  category: FuzzCategory;
  name: string;
  /** Breaks the order; returns the description and the field names the parked entry must give. */
  apply(order: RawOrder, random: SeededRandom): { kind: string; expect: string[]; numberless?: boolean } | { replace: unknown; kind: string; expect: string[] };
}

const lineIndex = (order: RawOrder, random: SeededRandom) => random.int(0, order.orderlines.length - 1);
const linePath = (index: number) => `orderlines[${index}]`;
/** The price of a line as a list of parts (a split line keeps its list). */
const partsOf = (line: RawOrder): RawOrder[] => (Array.isArray(line.price) ? line.price : [line.price]);

/** Recomputes price.total (and the tax list) from the lines, so an amount mutation reaches the mapping. */
function retotal(order: RawOrder): void {
  let cents = 0n;
  let scale = 2;
  const amounts: string[] = [];
  for (const line of order.orderlines) for (const part of partsOf(line)) amounts.push(String(part.amount_including_tax));
  for (const amount of amounts) scale = Math.max(scale, (amount.split('.')[1] ?? '').length);
  for (const amount of amounts) {
    const [whole, fraction = ''] = amount.replace('-', '').split('.');
    const units = BigInt(whole + fraction.padEnd(scale, '0'));
    cents += amount.startsWith('-') ? -units : units;
  }
  const negative = cents < 0n;
  const digits = (negative ? -cents : cents).toString().padStart(scale + 1, '0');
  order.price = { ...order.price, total: `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`, tax: [] };
}

function setAmount(part: RawOrder, incl: string, rate = part.rate): void {
  part.amount_including_tax = incl;
  part.amount = incl;
  part.rate = rate;
}

const sprinkle = (random: SeededRandom, text: string, marks: string[]) => {
  const at = random.int(0, text.length);
  return text.slice(0, at) + random.pick(marks) + text.slice(at);
};

export const MALFORMED_MUTATIONS: MalformedMutation[] = [
  // Missing fields.
  { category: 'missing', name: 'number', apply: (o) => (delete o.number, { kind: 'number missing', expect: ['number'], numberless: true }) },
  { category: 'missing', name: 'date', apply: (o) => (delete o.date, { kind: 'date missing', expect: ['date'] }) },
  { category: 'missing', name: 'status', apply: (o) => (delete o.status, { kind: 'status missing', expect: ['status'] }) },
  // No status_changed_date is not malformed: the live API leaves it out for an order that never
  // changed status, and the order is read by its own date and time (order-mapping.spec.ts).
  { category: 'missing', name: 'debtor', apply: (o) => (delete o.debtor, { kind: 'debtor missing', expect: ['debtor'] }) },
  { category: 'missing', name: 'orderlines', apply: (o) => (delete o.orderlines, { kind: 'orderlines missing', expect: ['orderlines'] }) },
  { category: 'missing', name: 'price', apply: (o) => (delete o.price, { kind: 'price missing', expect: ['price.total'] }) },
  {
    category: 'missing',
    name: 'line price',
    apply: (o, r) => {
      const i = lineIndex(o, r);
      delete o.orderlines[i].price;
      return { kind: 'line price missing', expect: [`${linePath(i)}.price`] };
    },
  },
  {
    category: 'missing',
    name: 'line quantity',
    apply: (o, r) => {
      const i = lineIndex(o, r);
      delete o.orderlines[i].quantity;
      return { kind: 'line quantity missing', expect: [`${linePath(i)}.quantity`] };
    },
  },
  {
    category: 'missing',
    name: 'article description',
    apply: (o) => {
      o.orderlines[0].type = 'article';
      o.orderlines[0].description = '   ';
      return { kind: 'article description missing', expect: [`${linePath(0)}.description`] };
    },
  },
  {
    category: 'missing',
    name: 'debtor identity',
    apply: (o) => {
      o.debtor = { id: null, address: { invoice: { city: 'Utrecht', country_code: 'NL' } } };
      return { kind: 'debtor without name, company and e-mail', expect: ['debtor.address.invoice.name'] };
    },
  },
  // Wrong types.
  { category: 'wrong-type', name: 'number object', apply: (o) => ((o.number = { value: 5 }), { kind: 'number is an object', expect: ['number'], numberless: true }) },
  { category: 'wrong-type', name: 'number float', apply: (o) => ((o.number = 1.5), { kind: 'number is 1.5', expect: ['number'], numberless: true }) },
  { category: 'wrong-type', name: 'date number', apply: (o) => ((o.date = 20250303), { kind: 'date is a number', expect: ['date'] }) },
  { category: 'wrong-type', name: 'status string', apply: (o) => ((o.status = '3'), { kind: 'status is "3"', expect: ['status'] }) },
  { category: 'wrong-type', name: 'status null', apply: (o) => ((o.status = null), { kind: 'status is null', expect: ['status'] }) },
  { category: 'wrong-type', name: 'orderlines object', apply: (o) => ((o.orderlines = { 0: o.orderlines[0] }), { kind: 'orderlines is an object', expect: ['orderlines'] }) },
  { category: 'wrong-type', name: 'orderlines empty', apply: (o) => ((o.orderlines = []), { kind: 'orderlines is empty', expect: ['orderlines'] }) },
  {
    category: 'wrong-type',
    name: 'line not an object',
    apply: (o, r) => {
      const i = lineIndex(o, r);
      o.orderlines[i] = r.pick([null, 'article', 42, [1, 2]]);
      return { kind: 'an order line is not an object', expect: [linePath(i)] };
    },
  },
  {
    category: 'wrong-type',
    name: 'quantity',
    apply: (o, r) => {
      const i = lineIndex(o, r);
      const value = r.pick<unknown>([true, { n: 1 }, 'two', 0, -3, 2.5, '1.5', null]);
      o.orderlines[i].quantity = value;
      return { kind: `quantity is ${JSON.stringify(value)}`, expect: [`${linePath(i)}.quantity`] };
    },
  },
  {
    category: 'wrong-type',
    name: 'price string',
    apply: (o, r) => {
      const i = lineIndex(o, r);
      o.orderlines[i].price = '12.50';
      return { kind: 'line price is a string', expect: [`${linePath(i)}.price`] };
    },
  },
  {
    category: 'wrong-type',
    name: 'amount object',
    apply: (o, r) => {
      const i = lineIndex(o, r);
      partsOf(o.orderlines[i])[0].amount_including_tax = { value: '12.50' };
      return { kind: 'amount_including_tax is an object', expect: ['amount_including_tax'] };
    },
  },
  { category: 'wrong-type', name: 'debtor array', apply: (o) => ((o.debtor = []), { kind: 'debtor is []', expect: ['debtor'] }) },
  { category: 'wrong-type', name: 'currency number', apply: (o) => ((o.currency = 978), { kind: 'currency is 978', expect: ['currency'] }) },
  { category: 'wrong-type', name: 'tax list string', apply: (o) => ((o.price.tax = 'hoog'), { kind: 'price.tax is a string', expect: ['price.tax'] }) },
  {
    category: 'wrong-type',
    name: 'credited number',
    apply: (o) => ((o.credited_order_number = { number: 1001 }), { kind: 'credited_order_number is an object', expect: ['credited_order_number'] }),
  },
  { category: 'wrong-type', name: 'credit without original', apply: (o) => ((o.status = 10), delete o.credited_order_number, { kind: 'credit order without credited_order_number', expect: ['credited_order_number'] }) },
  { category: 'wrong-type', name: 'tax strategy', apply: (o) => ((o.tax_strategy = 'half_percent'), { kind: 'tax_strategy unknown', expect: ['tax_strategy'] }) },
  { category: 'wrong-type', name: 'email', apply: (o) => ((o.debtor.email = 'klant at example.nl'), { kind: 'debtor.email is not an address', expect: ['debtor.email'] }) },
  {
    category: 'wrong-type',
    name: 'country code',
    apply: (o) => {
      if (!o.debtor.address || Array.isArray(o.debtor.address)) o.debtor.address = {};
      o.debtor.address.invoice = { ...(Array.isArray(o.debtor.address.invoice) ? {} : o.debtor.address.invoice), country_code: 'NLD' };
      return { kind: 'country_code is NLD', expect: ['country_code'] };
    },
  },
  // Huge strings where a short value is needed.
  { category: 'huge', name: 'huge number', apply: (o) => ((o.number = `${o.number}${'9'.repeat(HUGE)}`), { kind: 'number has 100,000 digits', expect: ['number', 'invoiceNumber', 'invoice number'], numberless: true }) },
  { category: 'huge', name: 'huge date', apply: (o) => ((o.date = `2025-03-03${' '.repeat(HUGE)}x`), { kind: 'date is 100,000 characters', expect: ['date'] }) },
  { category: 'huge', name: 'huge currency', apply: (o) => ((o.currency = 'E'.repeat(HUGE)), { kind: 'currency is 100,000 characters', expect: ['currency'] }) },
  {
    category: 'huge',
    name: 'huge amount text',
    apply: (o, r) => {
      const i = lineIndex(o, r);
      partsOf(o.orderlines[i])[0].amount_including_tax = `12.${'5'.repeat(HUGE)}x`;
      return { kind: 'amount is 100,000 characters', expect: ['amount_including_tax'] };
    },
  },
  // Odd Unicode in fields that must be exact.
  { category: 'unicode', name: 'zero-width number', apply: (o, r) => ((o.number = `${String(o.number).slice(0, 2)}${r.pick(ZERO_WIDTH)}${String(o.number).slice(2)}`), { kind: 'number with a zero-width character', expect: ['number'] }) },
  { category: 'unicode', name: 'rtl date', apply: (o, r) => ((o.date = sprinkle(r, o.date, BIDI)), { kind: 'date with a bidi mark', expect: ['date'] }) },
  { category: 'unicode', name: 'nul currency', apply: (o) => ((o.currency = 'EUR\u0000'), { kind: 'currency with NUL', expect: ['currency'] }) },
  { category: 'unicode', name: 'surrogate currency', apply: (o, r) => ((o.currency = `EU${r.pick(LONE_SURROGATES)}`), { kind: 'currency with a lone surrogate', expect: ['currency'] }) },
  {
    category: 'unicode',
    name: 'foreign digits',
    apply: (o, r) => {
      const i = lineIndex(o, r);
      const value = r.pick(['١٢.٥٠', '１２.５０', '12.5\u200b0', '\u202e05.21']);
      partsOf(o.orderlines[i])[0].amount_including_tax = value;
      return { kind: `amount ${JSON.stringify(value)}`, expect: ['amount_including_tax'] };
    },
  },
  {
    category: 'unicode',
    name: 'emoji quantity',
    apply: (o, r) => {
      const i = lineIndex(o, r);
      o.orderlines[i].quantity = r.pick(['２', '2️⃣', '\u200e2']);
      return { kind: 'quantity in odd digits', expect: [`${linePath(i)}.quantity`] };
    },
  },
  { category: 'unicode', name: 'emoji status time', apply: (o, r) => ((o.status_changed_time = `1${r.pick(EMOJI)}:00:00`), { kind: 'status_changed_time with an emoji', expect: ['status_changed_date'] }) },
  // Negative and absurd amounts (the totals add up, so the mapping sees them).
  {
    category: 'amount',
    name: 'negative order',
    apply: (o) => {
      for (const line of o.orderlines) for (const part of partsOf(line)) if (!String(part.amount_including_tax).startsWith('-')) setAmount(part, `-${part.amount_including_tax}`);
      retotal(o);
      return { kind: 'every amount negative (not a credit order)', expect: ['lines', 'price.total'] };
    },
  },
  {
    category: 'amount',
    name: 'absurd amount',
    apply: (o, r) => {
      const i = lineIndex(o, r);
      const parts = partsOf(o.orderlines[i]);
      setAmount(parts[0], r.pick(['123456789012.00', '100000000.01', `${'9'.repeat(40)}.99`]));
      retotal(o);
      return { kind: 'an amount over 100,000,000', expect: ['unitPrice', 'amount'] };
    },
  },
  {
    category: 'amount',
    name: 'not a number',
    apply: (o, r) => {
      const i = lineIndex(o, r);
      const value = r.pick(['NaN', 'Infinity', '-', '1e5', '12,50', '€12.50', '', '0x10', '1.2.3']);
      partsOf(o.orderlines[i])[0].amount_including_tax = value;
      return { kind: `amount ${JSON.stringify(value)}`, expect: ['amount_including_tax'] };
    },
  },
  {
    category: 'amount',
    name: 'total off',
    apply: (o) => {
      o.price.total = (Number(o.price.total) + 0.01).toFixed(2);
      return { kind: 'price.total one cent off the lines', expect: ['price.total'] };
    },
  },
  { category: 'amount', name: 'total text', apply: (o) => ((o.price.total = 'veel'), { kind: 'price.total is text', expect: ['price.total'] }) },
  // VAT rates.
  {
    category: 'vat',
    name: 'unknown rate',
    apply: (o, r) => {
      const rate = r.pick(['19.00', '7.00', '16.00', '5.50', '12.00']);
      for (const line of o.orderlines) for (const part of partsOf(line)) part.rate = rate;
      o.tax_strategy = '';
      return { kind: `VAT rate ${rate}% (not Dutch)`, expect: ['vatRate', 'VAT'] };
    },
  },
  {
    category: 'vat',
    name: 'impossible rate',
    apply: (o, r) => {
      const i = lineIndex(o, r);
      const rate = r.pick(['-21.00', '150.00', 'hoog', '', '21%']);
      partsOf(o.orderlines[i])[0].rate = rate;
      return { kind: `VAT rate ${JSON.stringify(rate)}`, expect: ['rate'] };
    },
  },
  // Dates.
  {
    category: 'date',
    name: 'bad date',
    apply: (o, r) => {
      const value = r.pick(['2025-02-30', '2025-13-01', '03-03-2025', '2025/03/03', '', '0000-00-00', '2025-3-3', 'gisteren', '2025-02-29']);
      o.date = value;
      return { kind: `date ${JSON.stringify(value)}`, expect: ['date'] };
    },
  },
  {
    category: 'date',
    name: 'bad change time',
    apply: (o, r) => {
      const [date, time] = r.pick([
        ['2025-02-30', '10:00:00'],
        ['2025-03-03', '25:61:00'],
        ['2025-03-03', '24:00:60'],
        ['2025-13-01', '10:00:00'],
        ['2025-03-03', '9:00'],
      ]);
      o.status_changed_date = date;
      o.status_changed_time = time;
      return { kind: `status changed at ${date} ${time}`, expect: ['status_changed_date'] };
    },
  },
  // Not a JSON object at all: what a cut or mangled record in the list looks like.
  {
    category: 'not-json',
    name: 'not an object',
    apply: (o, r) => {
      const text = JSON.stringify(o);
      const replace = r.pick<unknown>([text.slice(0, r.int(1, text.length - 1)), null, 42, [o.number], true]);
      return { replace, kind: `the record is ${replace === null ? 'null' : Array.isArray(replace) ? 'an array' : typeof replace}`, expect: ['order'] };
    },
  },
];

/** An unusual but readable change: the order must be booked once, or parked naming one of `fields`. */
export interface OddMutation {
  name: string;
  fields: string[];
  apply(order: RawOrder, random: SeededRandom): void;
}

export const ODD_MUTATIONS: OddMutation[] = [
  {
    name: 'bidi and zero-width in the name',
    fields: ['debtor', 'name'],
    apply: (o, r) => {
      const invoice = o.debtor.address?.invoice;
      const name = `${r.pick(BIDI)}שלום ${r.pick(ZERO_WIDTH)}Jan${r.pick(BIDI)}`;
      o.debtor.name = name;
      if (invoice && !Array.isArray(invoice)) invoice.name = name;
    },
  },
  { name: 'emoji in the description', fields: ['description'], apply: (o, r) => (o.orderlines[0].description = `Cadeau ${r.pick(EMOJI)}${r.pick(EMOJI)} set`) },
  { name: 'NUL in the description', fields: ['description'], apply: (o) => (o.orderlines[0].description = 'Koffie\u0000bonen') },
  { name: 'lone surrogate in the description', fields: ['description'], apply: (o, r) => (o.orderlines[0].description = `Mok ${r.pick(LONE_SURROGATES)} wit`) },
  { name: 'control characters in the city', fields: ['city', 'debtor'], apply: (o) => (o.debtor.address?.invoice && !Array.isArray(o.debtor.address.invoice) ? (o.debtor.address.invoice.city = 'Ut\u0007re\u001bcht\u0008') : undefined) },
  { name: '100,000-character description', fields: ['description'], apply: (o) => (o.orderlines[0].description = 'Lange omschrijving '.repeat(HUGE / 19)) },
  { name: '100,000-character company', fields: ['company', 'debtor'], apply: (o) => (o.debtor.company = 'B.V. '.repeat(HUGE / 5)) },
];
