/** Realistic Stella invoices (provisional contract) for the demo and for tests. */
import { Decimal } from '@koppelwerk/core';
import { SeededRandom } from '@koppelwerk/testing';
import type { RawCustomer, RawInvoice, RawInvoiceLine } from '../raw-invoice';

export const DEMO_CUSTOMERS: RawCustomer[] = [
  { id: 'cus_1001', type: 'company', name: 'Schildersbedrijf Jansen', kvk: '12345678', vat_number: 'NL001234567B01', email: 'info@jansen-schilders.nl', street: 'Havenweg', house_number: '4', zipcode: '1013 AB', city: 'Amsterdam', country_code: 'NL' },
  { id: 'cus_1002', type: 'private', name: 'M. de Boer', email: 'mdeboer@example.nl', street: 'Beukenlaan', house_number: '17', zipcode: '3581 KJ', city: 'Utrecht', country_code: 'NL' },
  { id: 'cus_1003', type: 'company', name: 'VvE Parkzicht', email: 'bestuur@parkzicht.nl', street: 'Parkweg', house_number: '1', zipcode: '2585 JH', city: 'Den Haag', country_code: 'NL' },
];

export interface InvoiceOptions {
  id: string;
  number: string;
  customer: RawCustomer;
  date?: string;
  status?: RawInvoice['status'];
  updatedAt?: string;
  lines?: RawInvoiceLine[];
}

/** One invoice with totals that add up (excl. per line, VAT per rate, rounded half away from zero). */
export function stellaInvoice(options: InvoiceOptions): RawInvoice {
  const lines = options.lines ?? [
    { kind: 'hours', description: 'Arbeid schilder', quantity: '6', unit: 'uur', unit_price_excl: '48.50', vat_rate: '21', vat_reverse_charged: false },
    { kind: 'material', description: 'Muurverf wit 10 l', quantity: '2', unit: 'stuk', unit_price_excl: '64.95', vat_rate: '21', vat_reverse_charged: false },
  ];
  const byRate = new Map<string, Decimal>();
  for (const line of lines) {
    const excl = Decimal.of(line.quantity!).times(Decimal.of(line.unit_price_excl!));
    byRate.set(line.vat_rate!, (byRate.get(line.vat_rate!) ?? Decimal.ZERO).plus(excl));
  }
  const excl = Decimal.sum(byRate.values()).round(2);
  const vat = Decimal.sum([...byRate.entries()].map(([rate, amount]) => amount.round(2).times(Decimal.of(rate)).dividedBy(Decimal.HUNDRED, 2)));
  const date = options.date ?? '2025-06-02';
  const due = new Date(Date.parse(`${date}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
  return {
    id: options.id,
    number: options.number,
    status: options.status ?? 'definitive',
    date,
    due_date: due,
    currency: 'EUR',
    updated_at: options.updatedAt ?? `${date}T09:00:00.000Z`,
    customer: structuredClone(options.customer),
    lines,
    totals: { excl: excl.toFixed(2), vat: vat.toFixed(2), incl: excl.plus(vat).toFixed(2) },
    accounting: { eboekhouden: { status: 'not_linked' } },
  };
}

export interface GenerateInvoicesOptions {
  count?: number;
  randomSeed?: number;
  /** First invoice sequence number; numbers are `2025-0001` style. */
  first?: number;
}

export function generateInvoices(options: GenerateInvoicesOptions = {}): RawInvoice[] {
  const random = new SeededRandom(options.randomSeed ?? 7);
  const first = options.first ?? 1;
  return Array.from({ length: options.count ?? 8 }, (_, i) => {
    const n = first + i;
    const day = `2025-06-${String(1 + (i % 28)).padStart(2, '0')}`;
    return stellaInvoice({
      id: `inv_${String(n).padStart(5, '0')}`,
      number: `2025-${String(n).padStart(4, '0')}`,
      customer: random.pick(DEMO_CUSTOMERS),
      date: day,
      status: i % 5 === 4 ? 'draft' : random.pick(['definitive', 'sent', 'paid'] as const),
      updatedAt: `${day}T${String(8 + (i % 10)).padStart(2, '0')}:00:00.000Z`,
      lines: [
        { kind: 'hours', description: 'Arbeid', quantity: String(random.int(1, 16)), unit: 'uur', unit_price_excl: '52.00', vat_rate: '21', vat_reverse_charged: false },
        { kind: 'material', description: 'Materiaal', quantity: String(random.int(1, 5)), unit: 'stuk', unit_price_excl: `${random.int(5, 90)}.95`, vat_rate: random.pick(['21', '9']), vat_reverse_charged: false },
      ],
    });
  });
}
