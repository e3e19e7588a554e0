/**
 * Property-style tests over many generated documents: every booking balances, every row has
 * incl = excl + VAT, and the per-VAT-code totals match an independent recomputation to the cent.
 * The recomputation below uses plain integer arithmetic, not the Decimal class under test.
 */
import { dec, toLocalDate, type DocumentLine, type JournalEntry, type SourceDocument } from '@koppelwerk/core';
import { document } from './__fixtures__/documents';
import { compileMapping } from './compile-mapping';

/** Deterministic PRNG so a failure can be reproduced from its seed. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const SCALE = 10n ** 8n; // everything in units of 1e-8

function toUnits(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const units = BigInt(whole) * SCALE + BigInt((fraction + '00000000').slice(0, 8));
  return negative ? -units : units;
}

/** Rounds units of 1e-8 to cents, half away from zero; returns cents. */
function toCents(units: bigint): bigint {
  const divisor = 10n ** 6n;
  const sign = units < 0n ? -1n : 1n;
  const magnitude = units < 0n ? -units : units;
  const cents = magnitude / divisor + (magnitude % divisor >= divisor / 2n ? 1n : 0n);
  return sign * cents;
}

function divideToCents(numerator: bigint, denominator: bigint): bigint {
  // numerator/denominator in cents, half away from zero.
  const sign = (numerator < 0n) !== (denominator < 0n) ? -1n : 1n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = n / d;
  return sign * (2n * (n % d) >= d ? q + 1n : q);
}

const cents = (text: string) => BigInt(Math.round(Number(text) * 100));

function randomDocument(random: () => number, index: number): SourceDocument {
  const rates = ['0', '9', '21'];
  const incomeTypes = ['revenue', 'revenue', 'shipping', 'payment', 'discount'] as const;
  const count = 1 + Math.floor(random() * 8);
  const lines: DocumentLine[] = [];
  for (let i = 0; i < count; i++) {
    const incomeType = incomeTypes[Math.floor(random() * incomeTypes.length)];
    const decimals = random() < 0.3 ? 4 : 2;
    const raw = (random() * 500).toFixed(decimals);
    const price = incomeType === 'discount' ? `-${(Number(raw) / 10).toFixed(decimals)}` : raw;
    const quantity = random() < 0.2 ? (random() * 10).toFixed(3) : String(1 + Math.floor(random() * 5));
    lines.push({
      description: `line ${i}`,
      quantity: dec(quantity),
      unitPrice: dec(price),
      vatRate: dec(rates[Math.floor(random() * rates.length)]),
      vatTreatment: 'normal',
      incomeType,
    });
  }
  return document({
    sourceId: String(index),
    number: `ORD-${index}`,
    date: toLocalDate('2024-05-01'),
    pricesIncludeVat: random() < 0.5,
    lines,
  });
}

describe('amounts over many generated documents', () => {
  const mapping = compileMapping({
    ledgers: { sales: { rules: [{ incomeType: 'shipping', ledger: '8010' }, { incomeType: 'payment', ledger: '8020' }], default: '8000' } },
  });
  const random = prng(20241121);
  const documents = Array.from({ length: 2000 }, (_, i) => randomDocument(random, i)).filter((d) => {
    const total = d.lines.reduce((sum, l) => sum + Number(l.quantity.toString()) * Number(l.unitPrice.toString()), 0);
    return total >= 0; // negative orders are refused (they must be credit notes); tested elsewhere
  });

  it('generated enough documents to mean something', () => {
    expect(documents.length).toBeGreaterThan(1500);
  });

  it('every row has incl = excl + VAT, and the entry balances', () => {
    for (const doc of documents) {
      const entry = mapping.map(doc).entry as JournalEntry;
      let incl = 0n;
      let excl = 0n;
      let vat = 0n;
      for (const row of entry.rows) {
        expect(cents(row.amountIncl.toFixed(2))).toBe(cents(row.amountExcl.toFixed(2)) + cents(row.amountVat.toFixed(2)));
        expect(row.amountIncl.toString()).toBe(row.amountIncl.round(2).toString());
        incl += cents(row.amountIncl.toFixed(2));
        excl += cents(row.amountExcl.toFixed(2));
        vat += cents(row.amountVat.toFixed(2));
      }
      // The debtors side (the total incl.) equals the revenue side plus VAT.
      expect(incl).toBe(excl + vat);
    }
  });

  it('per-VAT-code totals match an independent recomputation to the cent', () => {
    const codeForRate: Record<string, string> = { '0': 'GEEN', '9': 'LAAG_VERK_9', '21': 'HOOG_VERK_21' };
    for (const doc of documents) {
      const entry = mapping.map(doc).entry as JournalEntry;
      const exact = new Map<string, bigint>();
      for (const l of doc.lines) {
        const code = codeForRate[l.vatRate.toString()];
        // quantity × price in units of 1e-8 (both have at most 4 decimals)
        const product = (toUnits(l.quantity.toString()) * toUnits(l.unitPrice.toString())) / SCALE;
        exact.set(code, (exact.get(code) ?? 0n) + product);
      }
      for (const [code, units] of exact) {
        const rate = BigInt(Object.entries(codeForRate).find(([, c]) => c === code)![0]);
        const base = toCents(units);
        const expectedVat = doc.pricesIncludeVat ? divideToCents(base * rate, 100n + rate) : divideToCents(base * rate, 100n);
        const rows = entry.rows.filter((r) => r.vatCode === code);
        const vat = rows.reduce((s, r) => s + cents(r.amountVat.toFixed(2)), 0n);
        const gross = rows.reduce((s, r) => s + cents((doc.pricesIncludeVat ? r.amountIncl : r.amountExcl).toFixed(2)), 0n);
        expect({ doc: doc.number, code, vat }).toEqual({ doc: doc.number, code, vat: expectedVat });
        expect({ doc: doc.number, code, gross }).toEqual({ doc: doc.number, code, gross: base });
      }
    }
  });
});
