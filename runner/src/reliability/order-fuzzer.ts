/**
 * A seeded fuzzer of Mijnwebwinkel orders for the bad-input suite: good orders from the simulator's
 * generator, mixed with malformed ones (missing fields, wrong types, huge strings, odd Unicode,
 * negative and absurd amounts, unknown VAT rates, bad dates, records that are not JSON objects).
 *
 * Every malformed record says which field is wrong (`expect`: any of these names must appear in the
 * parked entry's message or field). "Odd" records are unusual but readable (RTL marks, emoji, NUL,
 * lone surrogates or a 100,000-character text in a name or a description): they must be booked
 * once, or parked naming the field, never crash a run. The kinds are in order-mutations.ts; this
 * file mixes them with the good orders.
 */
import { BOOKED_DEMO_STATUSES, generateOrders } from '@koppelwerk/mijnwebwinkel/simulator';
import { SeededRandom } from '@koppelwerk/testing';
import { MALFORMED_MUTATIONS, ODD_MUTATIONS, type FuzzCategory, type RawOrder } from './order-mutations';

export type { FuzzCategory } from './order-mutations';

export interface BadRecord {
  /** The order number the source lists it under; null when the record has no usable number. */
  number: string | null;
  category: FuzzCategory;
  /** What was broken, for reports: `date: 2025-02-30`. */
  kind: string;
  /** Field names; at least one must appear in the parked entry's message or field. */
  expect: string[];
}

export interface OddRecord {
  number: string;
  kind: string;
  /** Fields whose names a parked entry may give. */
  fields: string[];
}

export interface FuzzedShop {
  /** The simulator seed: `{ orders, orderstatuses, store }`. */
  seed: Record<string, unknown>;
  /** The generator's orders alone (for a clean baseline). */
  goodSeed: Record<string, unknown>;
  goodCount: number;
  bad: BadRecord[];
  odd: OddRecord[];
}

export interface FuzzOptions {
  /** Records in all (good + bad + odd). */
  total: number;
  randomSeed: number;
  /** Share of malformed records. Default 0.4. */
  badShare?: number;
  /** Share of odd-but-readable records. Default 0.05. */
  oddShare?: number;
}

/** Numbers of fuzzed records start here, far from the generator's. */
export const FUZZ_FIRST_NUMBER = 700_000;

/** Good orders and malformed ones interleaved (numbers and pages), deterministic for a seed. */
export function fuzzOrders(options: FuzzOptions): FuzzedShop {
  const random = new SeededRandom(options.randomSeed);
  const badCount = Math.round(options.total * (options.badShare ?? 0.4));
  const oddCount = Math.round(options.total * (options.oddShare ?? 0.05));
  const goodCount = options.total - badCount - oddCount;
  const good = generateOrders({ count: goodCount, randomSeed: options.randomSeed });
  // Bases for the fuzzed records: plain booked euro orders.
  const bases = generateOrders({ count: badCount + oddCount, randomSeed: options.randomSeed + 1, firstNumber: FUZZ_FIRST_NUMBER, quirks: false, creditShare: 0 }).orders;

  // Number every record anew so the fuzzed ones sit between the good ones in the listing, page after
  // page: slot i gets number 1001 + i; the good orders keep their order (and their credit links).
  const slots: ('good' | 'fuzzed')[] = [...good.orders.map(() => 'good' as const)];
  for (let i = 0; i < bases.length; i++) slots.splice(random.int(0, slots.length), 0, 'fuzzed');
  const renumber = new Map<number, number>();
  const fuzzedNumbers: number[] = [];
  let nextGood = 0;
  slots.forEach((slot, index) => {
    const number = 1001 + index;
    if (slot === 'fuzzed') fuzzedNumbers.push(number);
    else renumber.set(parseInt(String(good.orders[nextGood++].number), 10), number);
  });
  const goodOrders = good.orders.map((original) => {
    const order = structuredClone(original) as RawOrder;
    const text = String(order.number);
    const mapped = renumber.get(parseInt(text, 10))!;
    order.number = typeof order.number === 'number' ? mapped : text.replace(/^\d+/, String(mapped));
    if (order.credited_order_number !== undefined && order.credited_order_number !== null) order.credited_order_number = renumber.get(Number(order.credited_order_number));
    order.credit_order_numbers = (order.credit_order_numbers ?? []).map((n: number | string) => renumber.get(Number(n)));
    return order;
  });

  const fuzzed: unknown[] = [];
  const bad: BadRecord[] = [];
  const odd: OddRecord[] = [];
  bases.forEach((base, index) => {
    const order = structuredClone(base) as RawOrder;
    order.status = random.pick([...BOOKED_DEMO_STATUSES]);
    order.currency = 'EUR';
    order.number = String(fuzzedNumbers[index]);
    const number = order.number as string;
    if (index < badCount) {
      const mutation = MALFORMED_MUTATIONS[index % MALFORMED_MUTATIONS.length];
      const result = mutation.apply(order, random);
      if ('replace' in result) {
        fuzzed.push(result.replace);
        bad.push({ number: null, category: mutation.category, kind: result.kind, expect: result.expect });
        return;
      }
      let { expect, kind } = result;
      let category = mutation.category;
      if (!result.numberless && random.chance(0.1)) {
        // A second, independent mistake: the entry may name either.
        const second = random.pick(MALFORMED_MUTATIONS.filter((m) => m !== mutation && !['not-json', 'amount', 'vat'].includes(m.category) && !m.name.includes('number')));
        try {
          const extra = second.apply(order, random);
          if (!('replace' in extra)) {
            expect = [...expect, ...extra.expect];
            kind = `${kind} + ${extra.kind}`;
            category = 'several';
          }
        } catch {
          // The first mistake removed what the second one breaks: one mistake it is.
        }
      }
      fuzzed.push(order);
      // The key the source lists it under: its number as text, or a placeholder when it has none.
      const key = typeof order.number === 'string' && order.number.trim() !== '' ? order.number.trim() : typeof order.number === 'number' && Number.isInteger(order.number) ? String(order.number) : null;
      bad.push({ number: key, category, kind, expect });
      return;
    }
    const oddMutation = ODD_MUTATIONS[index % ODD_MUTATIONS.length];
    oddMutation.apply(order, random);
    fuzzed.push(order);
    odd.push({ number, kind: oddMutation.name, fields: oddMutation.fields });
  });
  const orders = [...goodOrders, ...fuzzed];
  const shop = { orderstatuses: good.orderstatuses, store: good.store };
  return { seed: { orders, ...shop }, goodSeed: { orders: goodOrders, ...shop }, goodCount, bad, odd };
}

/** Counts per key, for reports. */
export function tally<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
