/** Small builders for canonical documents in mapping tests. */
import { RecordError, dec, toLocalDate, type DocumentLine, type SourceDocument } from '@koppelwerk/core';

export function line(partial: Partial<DocumentLine> & { price: string; rate: string; qty?: string }): DocumentLine {
  const { price, rate, qty, ...rest } = partial;
  return {
    description: 'Item',
    quantity: dec(qty ?? '1'),
    unitPrice: dec(price),
    vatRate: dec(rate),
    vatTreatment: 'normal',
    incomeType: 'revenue',
    ...rest,
  };
}

export function document(partial: Partial<SourceDocument> = {}): SourceDocument {
  return {
    kind: 'sales-order',
    sourceId: '1001',
    number: '1001',
    date: toLocalDate('2024-03-15'),
    currency: 'EUR',
    pricesIncludeVat: true,
    relation: {
      sourceId: 'c-42',
      role: 'debtor',
      kind: 'person',
      name: 'Anna de Vries',
      email: 'Anna@Example.nl',
      address: { street: 'Dorpsstraat 1', postalCode: '1234 AB', city: 'Utrecht', country: 'NL' },
    },
    lines: [line({ price: '12.10', rate: '21' })],
    ...partial,
  };
}

/** The RecordError `fn` throws; fails the test when it throws none or another error. */
export function recordError(fn: () => unknown): RecordError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RecordError) return error;
    throw error;
  }
  throw new Error('expected a record error');
}
