/**
 * Mijnwebwinkel orders as a ShopSource. Reads orders by status-change time (with an overlap
 * window), page by page until a short page, and delivers each order once when it is in a booked
 * status; credit orders become credit notes. See order-cursor.ts for how nothing is lost or repeated.
 */
import { inject, injectable, optional } from 'inversify';
import {
  Clock,
  KoppelwerkError,
  RecordError,
  RejectedError,
  systemClock,
  type CheckResult,
  type Logger,
  type ReadRequest,
  type ShopSource,
  type SourceItem,
  type SourcePage,
  redCheck,
} from '@koppelwerk/core';
import { addMinutesToWallClock, toAmsterdamWallClock } from './amsterdam-time';
import { MijnwebwinkelClient } from './mijnwebwinkel-client';
import { MijnwebwinkelConfig, MijnwebwinkelLogger } from './mijnwebwinkel-config';
import { isTestOrder, mapOrder, orderKey, statusChangedStamp, type OrderMappingContext } from './mappers/order-mapper';
import { decodeOrderCursor, encodeOrderCursor, type OrderCursor } from './order-cursor';
import { parseOrderStatuses, resolveOrderStatuses } from './order-statuses';
import { worded } from './mijnwebwinkel-messages';
import type { RawOrder, RawStore } from './raw-order';

const MAX_PAGE_SIZE = 100;

@injectable()
export class MijnwebwinkelSource implements ShopSource {
  private readonly clock: Clock;

  constructor(
    @inject(MijnwebwinkelClient) private readonly client: MijnwebwinkelClient,
    @inject(MijnwebwinkelConfig) private readonly config: MijnwebwinkelConfig,
    @inject(MijnwebwinkelLogger) private readonly logger: Logger,
    @inject(Clock) @optional() clock?: Clock,
  ) {
    this.clock = clock ?? systemClock;
  }

  async check(): Promise<CheckResult> {
    try {
      const context = await this.loadContext();
      await this.client.get('/orders/count');
      const booked = [...context.statuses.booked].map((id) => context.statuses.describe(id));
      const said = [worded.text('MWW_CHECK_SHOP', { shop: context.store.name ?? '?' }), worded.text('MWW_CHECK_BOOKED_STATUSES', { statuses: booked.join(', ') })];
      return { ok: true, details: said.map((t) => t.message), detailTexts: said.map(({ code, params }) => ({ code, params })) };
    } catch (error) {
      if (!KoppelwerkError.is(error)) throw error;
      return redCheck(error);
    }
  }

  async *read(request: ReadRequest): AsyncIterable<SourcePage> {
    const context = await this.loadContext();
    const limit = Math.min(request.pageSize ?? this.config.pageSize, MAX_PAGE_SIZE);
    if (request.from || request.to) {
      yield* this.readDateRange(request, context, limit);
      return;
    }
    const cursor = decodeOrderCursor(request.cursor);
    if (cursor.offset === 0) {
      // A new pass: the next one starts where this one starts, minus the overlap (clock skew, late commits).
      cursor.since ??= this.config.startDate ? `${this.config.startDate} 00:00:00` : null;
      cursor.next = addMinutesToWallClock(toAmsterdamWallClock(this.clock.now()), -this.config.overlapMinutes);
    }
    for (let offset = cursor.offset; ; offset += limit) {
      const params: Record<string, string | number> = { limit, offset, ordering: 'asc' };
      if (cursor.since) params.status_changed_start_date = cursor.since;
      const orders = await this.client.get<unknown>('/orders', params);
      if (!Array.isArray(orders)) throw new RejectedError(...worded('MWW_NOT_A_LIST', { path: '/orders' }));
      const pageSeen: Record<string, string> = {};
      const items = this.pageItems(orders, offset, cursor.seen, pageSeen, context);
      const last = orders.length < limit;
      const next: OrderCursor = last
        ? { v: 1, since: cursor.next, next: null, offset: 0, seen: keepFrom({ ...cursor.seen, ...pageSeen }, cursor.next) }
        : { v: 1, since: cursor.since, next: cursor.next, offset: offset + limit, seen: { ...keepFrom(cursor.seen, cursor.next), ...pageSeen } };
      this.logger.debug('read Mijnwebwinkel orders page', { offset, listed: orders.length, delivered: items.length });
      yield { items, nextCursor: encodeOrderCursor(next) };
      cursor.seen = next.seen;
      if (last) return;
    }
  }

  async fetch(key: string): Promise<SourceItem> {
    const context = await this.loadContext();
    let raw: unknown;
    try {
      raw = await this.client.get<unknown>(`/orders/${encodeURIComponent(key)}`);
    } catch (error) {
      if (KoppelwerkError.is(error) && error.code === 'HTTP_404') {
        return { ok: false, key, raw: null, error: new RecordError(...worded('MWW_NOT_FOUND', { key }, { field: 'number', documentKey: key })) };
      }
      throw error;
    }
    const item = this.toItem(raw, key, context);
    if (item.ok && !this.isBookable(raw as RawOrder, context)) {
      const status = context.statuses.describe((raw as RawOrder).status as number);
      return { ok: false, key, raw, error: new RecordError(...worded('MWW_NOT_BOOKED_STATUS', { key, status }, { field: 'status', documentKey: key })) };
    }
    return item;
  }

  private async *readDateRange(request: ReadRequest, context: OrderMappingContext, limit: number): AsyncIterable<SourcePage> {
    for (let offset = 0; ; offset += limit) {
      const params: Record<string, string | number> = { limit, offset, ordering: 'asc' };
      if (request.from) params.start_date = request.from;
      if (request.to) params.end_date = request.to;
      const orders = await this.client.get<unknown>('/orders', params);
      if (!Array.isArray(orders)) throw new RejectedError(...worded('MWW_NOT_A_LIST', { path: '/orders' }));
      // A date-range export never moves the incremental cursor.
      yield { items: this.pageItems(orders, offset, {}, {}, context), nextCursor: request.cursor };
      if (orders.length < limit) return;
    }
  }

  private pageItems(orders: unknown[], offset: number, seen: Record<string, string>, pageSeen: Record<string, string>, context: OrderMappingContext): SourceItem[] {
    const items: SourceItem[] = [];
    orders.forEach((raw, index) => {
      const key = orderKey(raw, `(no number, offset ${offset + index})`);
      if (isTestOrder(raw)) {
        this.logger.debug('skipped a test order', { order: key });
        return;
      }
      const stamp = statusChangedStamp(raw);
      if (stamp && (seen[key] === stamp || pageSeen[key] === stamp)) return;
      const status = (raw as RawOrder | null)?.status;
      if (typeof status === 'number' && !this.isBookable(raw as RawOrder, context)) return;
      if (stamp) pageSeen[key] = stamp;
      items.push(this.toItem(raw, key, context));
    });
    return items;
  }

  private toItem(raw: unknown, key: string, context: OrderMappingContext): SourceItem {
    try {
      return { ok: true, key, record: mapOrder(raw, context, key), raw };
    } catch (error) {
      if (error instanceof RecordError) return { ok: false, key, error, raw };
      throw error;
    }
  }

  /** In a booked status, or a credit order in its own credit status (the mapper checks it names its original). */
  private isBookable(order: RawOrder, context: OrderMappingContext): boolean {
    const status = order.status as number;
    if (context.statuses.booked.has(status)) return true;
    return context.statuses.isCreditStatus(status);
  }

  private async loadContext(): Promise<OrderMappingContext> {
    const [statuses, store] = await Promise.all([this.client.get<unknown>('/orderstatuses'), this.client.get<RawStore | []>('/store')]);
    return {
      statuses: resolveOrderStatuses(parseOrderStatuses(statuses), this.config.bookedStatuses),
      store: Array.isArray(store) || typeof store !== 'object' || store === null ? {} : store,
    };
  }
}

/** Entries of `seen` that can be listed again from `since` on. */
function keepFrom(seen: Record<string, string>, since: string | null): Record<string, string> {
  if (!since) return {};
  return Object.fromEntries(Object.entries(seen).filter(([, stamp]) => stamp >= since));
}
