/**
 * A small webshop for the engine's tests: raw orders as an API would return them, read in pages
 * through `FakeSource`. Only for libs/engine's unit tests; connectors test against simulators.
 */
import {
  Decimal,
  RecordError,
  toLocalDate,
  type ReadRequest,
  type ShopSource,
  type SourceDocument,
  type SourceItem,
  type SourcePage,
  type CheckResult,
} from '@koppelwerk/core';

export interface RawOrder {
  id: string;
  number?: string;
  date: string;
  customer: { id: string; name: string; email?: string };
  lines: { description: string; price: string; vat: string }[];
}

export class FakeShop {
  orders: RawOrder[] = [];
  /** key -> sink reference, for sources that acknowledge. */
  acknowledged = new Map<string, string>();
  acknowledgeCalls = 0;
  readCalls = 0;

  static keyOf(order: RawOrder): string {
    return `order:${order.id}`;
  }

  addOrders(count: number, options: { customers?: number; startId?: number } = {}): this {
    const customers = options.customers ?? 3;
    const start = options.startId ?? this.orders.length + 1;
    for (let i = 0; i < count; i++) {
      const id = start + i;
      const day = String(1 + (id % 28)).padStart(2, '0');
      this.orders.push({
        id: String(id),
        number: `W-${id}`,
        date: `2025-02-${day}`,
        customer: { id: String(1 + (id % customers)), name: `Klant ${1 + (id % customers)}`, email: `klant${1 + (id % customers)}@example.nl` },
        lines: [{ description: 'Brood', price: '12.10', vat: '21' }],
      });
    }
    return this;
  }

  find(key: string): RawOrder | undefined {
    return this.orders.find((order) => FakeShop.keyOf(order) === key);
  }
}

export interface FakeSourceOptions {
  pageSize?: number;
  acknowledge?: boolean;
  refetch?: boolean;
}

/** Pages over the shop's orders; the cursor is the index of the next order. */
export class FakeSource implements ShopSource {
  fetch?: (key: string) => Promise<SourceItem>;
  acknowledge?: (key: string, sinkReference: string) => Promise<void>;
  /** Thrown by read() instead of returning pages. */
  failRead?: Error;

  constructor(
    readonly shop: FakeShop,
    private readonly options: FakeSourceOptions = {},
  ) {
    if (options.refetch ?? true) {
      this.fetch = async (key) => {
        const order = shop.find(key);
        if (!order) throw new RecordError(`order ${key} no longer exists in the shop`, { code: 'NOT_FOUND', documentKey: key });
        return toItem(order);
      };
    }
    if (options.acknowledge) {
      this.acknowledge = async (key, sinkReference) => {
        shop.acknowledgeCalls++;
        shop.acknowledged.set(key, sinkReference);
      };
    }
  }

  async check(): Promise<CheckResult> {
    return { ok: true };
  }

  async *read(request: ReadRequest): AsyncIterable<SourcePage> {
    this.shop.readCalls++;
    if (this.failRead) throw this.failRead;
    const pageSize = request.pageSize ?? this.options.pageSize ?? 2;
    const ranged = request.from !== undefined || request.to !== undefined;
    const selected = this.shop.orders
      .map((order, index) => ({ order, index }))
      .filter(({ order }) => (!request.from || order.date >= request.from) && (!request.to || order.date <= request.to));
    let start = ranged || request.cursor === null ? 0 : selected.findIndex(({ index }) => index >= Number(request.cursor));
    if (start < 0) start = selected.length;
    for (let at = start; at < selected.length; at += pageSize) {
      const slice = selected.slice(at, at + pageSize);
      const last = slice[slice.length - 1].index;
      yield { items: slice.map(({ order }) => toItem(order)), nextCursor: String(last + 1) };
    }
  }
}

export function toItem(order: RawOrder): SourceItem {
  const key = FakeShop.keyOf(order);
  const raw = structuredClone(order);
  if (!order.number) {
    return { ok: false, key, raw, error: new RecordError('order has no number', { field: 'number', documentKey: key, code: 'MISSING_FIELD' }) };
  }
  const record: SourceDocument = {
    kind: 'sales-order',
    sourceId: order.id,
    number: order.number,
    date: toLocalDate(order.date),
    currency: 'EUR',
    pricesIncludeVat: true,
    relation: { sourceId: order.customer.id, role: 'debtor', kind: 'person', name: order.customer.name, email: order.customer.email },
    lines: order.lines.map((line) => ({
      description: line.description,
      quantity: Decimal.ONE,
      unitPrice: Decimal.parse(line.price),
      vatRate: Decimal.parse(line.vat),
      vatTreatment: 'normal',
      incomeType: 'revenue',
    })),
  };
  return { ok: true, key, record, raw };
}
