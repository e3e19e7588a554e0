/** Raw orders for tests, shaped exactly as the API sends them: a valid order, changed where a test needs it. */
import type { RawOrder } from '../raw-order';

export function rawOrder(number: number | string, overrides: Partial<RawOrder> = {}, changedAt = '2025-06-01 09:00:00'): RawOrder {
  return {
    number,
    uuid: `00000000-0000-4000-8000-${String(number).replace(/\D/g, '').padStart(12, '0')}`,
    date: changedAt.slice(0, 10),
    time: '08:30:00',
    status: 3,
    status_changed_date: changedAt.slice(0, 10),
    status_changed_time: changedAt.slice(11),
    archived: false,
    finished: true,
    taxed: 'include',
    currency: 'EUR',
    business_model: 'B2C',
    tax_region: 'NL',
    tax_strategy: '',
    credit_order_numbers: [],
    debtor: {
      id: null,
      email: 'jan@example.nl',
      name: 'Jan de Vries',
      company: '',
      address: {
        invoice: { name: 'Jan de Vries', company: '', street: 'Prinsengracht', number: '263', zipcode: '1016 GV', city: 'Amsterdam', country: 'Nederland', country_code: 'NL', taxnumber: '' },
        delivery: { name: 'Jan de Vries', street: 'Prinsengracht', number: '263', zipcode: '1016 GV', city: 'Amsterdam', country_code: 'NL' },
      },
    },
    price: { tax: [{ amount: '1.72', rate: '21.00' }], total: '9.90' },
    orderlines: [{ id: 'line-1', type: 'article', quantity: 2, description: 'Mok', price: { amount: '8.181818', amount_including_tax: '9.90', rate: '21.00' } }],
    shipping: [{ country: { description: 'Nederland', isocode: 'NL' } }],
    ...overrides,
  };
}

/** `count` booked orders numbered from `first`, their status changed one minute apart. */
export function bookedOrders(count: number, first = 1001, start = '2025-06-01 09:00:00'): RawOrder[] {
  const base = Date.parse(start.replace(' ', 'T') + 'Z');
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(base + i * 60_000).toISOString().slice(0, 19).replace('T', ' ');
    return rawOrder(first + i, {}, at);
  });
}
