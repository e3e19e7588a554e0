/**
 * FactuurSturen sales invoices (and, through the provisional contract, purchase invoices) as a
 * ShopSource. Each pass lists invoices by invoice date from the previous pass's day minus an
 * overlap, page by page until a short page, and delivers each invoice once; see invoice-cursor.ts.
 */
import { inject, injectable, optional } from 'inversify';
import {
  addDays,
  Clock,
  KoppelwerkError,
  RecordError,
  RejectedError,
  systemClock,
  todayInAmsterdam,
  type CheckResult,
  type LocalDate,
  type Logger,
  type ReadRequest,
  type ShopSource,
  type SourceItem,
  type SourcePage,
  redCheck,
} from '@koppelwerk/core';
import { text } from './mappers/client-relation';
import { CountryCodes } from './country-codes';
import { FactuursturenClient, unwrap } from './factuursturen-client';
import { FactuursturenConfig, FactuursturenLogger } from './factuursturen-config';
import { decodeInvoiceCursor, encodeInvoiceCursor, keepFrom, type InvoiceCursor, type StreamName } from './invoice-cursor';
import { idOf, invoiceKey, isObject, isSent, mapInvoice, type InvoiceMappingContext } from './mappers/invoice-mapper';
import { mapPurchaseInvoice, purchaseKey } from './mappers/purchase-invoice-mapper';
import { PURCHASE_KEY_PREFIX, PurchaseInvoicesClient } from './purchase-invoices-client';
import type { RawClient, RawCountry } from './raw-invoice';
import { worded } from './factuursturen-messages';

interface ReadContext extends InvoiceMappingContext {
  clients: Map<string, RawClient>;
}

interface ListParams {
  count: number;
  offset: number;
  since?: string;
  until?: string;
}

@injectable()
export class FactuursturenSource implements ShopSource {
  private readonly clock: Clock;
  private purchaseEndpointMissing = false;

  constructor(
    @inject(FactuursturenClient) private readonly client: FactuursturenClient,
    @inject(PurchaseInvoicesClient) private readonly purchases: PurchaseInvoicesClient,
    @inject(FactuursturenConfig) private readonly config: FactuursturenConfig,
    @inject(FactuursturenLogger) private readonly logger: Logger,
    @inject(Clock) @optional() clock?: Clock,
  ) {
    this.clock = clock ?? systemClock;
  }

  async check(): Promise<CheckResult> {
    try {
      await this.loadContext();
      await this.client.get('/invoices', { count: 1, offset: 0, start: 0 });
      const said = [worded.text('FS_CHECK_ACCOUNT', { username: this.config.username })];
      if (this.config.purchaseInvoices) {
        const listed = await this.listPurchases({ count: 1, offset: 0 });
        said.push(worded.text('FS_CHECK_PURCHASES', { available: listed === null ? 'no' : 'yes' }));
      }
      if (this.client.quota.remaining !== undefined) said.push(worded.text('FS_CHECK_QUOTA', { remaining: this.client.quota.remaining }));
      return { ok: true, details: said.map((t) => t.message), detailTexts: said.map(({ code, params }) => ({ code, params })) };
    } catch (error) {
      if (!KoppelwerkError.is(error)) throw error;
      return redCheck(error);
    }
  }

  async *read(request: ReadRequest): AsyncIterable<SourcePage> {
    const context = await this.loadContext();
    const limit = request.pageSize ?? this.config.pageSize;
    const streams: StreamName[] = this.config.purchaseInvoices ? ['sales', 'purchase'] : ['sales'];
    if (request.from || request.to) {
      for (const name of streams) yield* this.readRange(name, request, limit, context);
      return;
    }
    const cursor = decodeInvoiceCursor(request.cursor);
    const first = Math.max(0, streams.indexOf(cursor.phase));
    for (let index = first; index < streams.length; index++) {
      yield* this.readStream(streams[index], streams[index + 1] ?? streams[0], cursor, limit, context);
    }
  }

  async fetch(key: string): Promise<SourceItem> {
    const context = await this.loadContext();
    const purchase = key.startsWith(PURCHASE_KEY_PREFIX);
    let raw: unknown;
    try {
      raw = purchase
        ? await this.purchases.get(key.slice(PURCHASE_KEY_PREFIX.length))
        : unwrap(await this.client.get<unknown>(`/invoices/${encodeURIComponent(key)}`), 'invoice');
    } catch (error) {
      if (KoppelwerkError.is(error) && error.code === 'HTTP_404') {
        return { ok: false, key, raw: null, error: new RecordError(...worded('FS_NOT_FOUND', { key, purchase: purchase ? 'yes' : 'no' }, { field: 'id', documentKey: key })) };
      }
      throw error;
    }
    if (!purchase && !isSent(raw)) {
      return { ok: false, key, raw, error: new RecordError(...worded('FS_NOT_SENT', { key }, { field: 'sent', documentKey: key })) };
    }
    if (!purchase) await this.completeClients([raw], context);
    return this.toItem(purchase ? 'purchase' : 'sales', raw, key, context);
  }

  private async *readStream(name: StreamName, following: StreamName, cursor: InvoiceCursor, limit: number, context: ReadContext): AsyncIterable<SourcePage> {
    const state = cursor[name];
    if (state.offset === 0) {
      // A new pass: the next one starts at this one's day minus the overlap (late or back-dated invoices).
      state.since ??= this.config.startDate ?? null;
      state.next = addDays(context.today, -this.config.overlapDays);
    }
    let previousIds = '';
    for (let offset = state.offset; ; offset += limit) {
      const params: ListParams = { count: limit, offset, ...(state.since ? { since: state.since } : {}) };
      const list = await this.list(name, params);
      const records = list ?? [];
      const ids = records.map((raw) => (isObject(raw) ? String(raw.id) : '')).join(',');
      if (records.length === limit && ids === previousIds) {
        throw new RejectedError(...worded('FS_PAGING', { list: name, offset }));
      }
      previousIds = ids;
      const pageSeen: Record<string, string> = {};
      const items = await this.pageItems(name, records, offset, state.seen, pageSeen, context);
      const last = records.length < limit;
      cursor[name] = last
        ? { since: state.next, next: null, offset: 0, seen: keepFrom({ ...state.seen, ...pageSeen }, state.next) }
        : { since: state.since, next: state.next, offset: offset + limit, seen: { ...keepFrom(state.seen, state.next), ...pageSeen } };
      if (last) cursor.phase = following;
      this.logger.debug('read FactuurSturen page', { stream: name, offset, listed: records.length, delivered: items.length });
      yield { items, nextCursor: encodeInvoiceCursor(cursor) };
      if (last) return;
      state.seen = cursor[name].seen;
    }
  }

  private async *readRange(name: StreamName, request: ReadRequest, limit: number, context: ReadContext): AsyncIterable<SourcePage> {
    for (let offset = 0; ; offset += limit) {
      const params: ListParams = { count: limit, offset, ...(request.from ? { since: request.from } : {}), ...(request.to ? { until: request.to } : {}) };
      const records = (await this.list(name, params)) ?? [];
      // A date-range export never moves the incremental cursor; the engine skips what is already booked.
      yield { items: await this.pageItems(name, records, offset, {}, {}, context), nextCursor: request.cursor };
      if (records.length < limit) return;
    }
  }

  /** One page of a stream; null when the provisional purchase endpoint does not exist. */
  private async list(name: StreamName, params: ListParams): Promise<unknown[] | null> {
    const answer = name === 'sales' ? await this.client.get<unknown>('/invoices', { ...params, start: params.offset }) : await this.listPurchases(params);
    if (answer === null) return null;
    // An empty list may come as an empty object (PHP): treat as no records.
    if (isObject(answer) && Object.keys(answer).length === 0) return [];
    if (!Array.isArray(answer)) throw new RejectedError(...worded('FS_NOT_A_LIST', { list: name }));
    return answer;
  }

  private async listPurchases(params: ListParams): Promise<unknown[] | null> {
    if (this.purchaseEndpointMissing) return null;
    try {
      return (await this.purchases.list(params)) as unknown[];
    } catch (error) {
      if (KoppelwerkError.is(error) && error.code === 'HTTP_404') {
        this.purchaseEndpointMissing = true;
        this.logger.warn('FactuurSturen has no purchase invoice endpoint (provisional contract); only sales invoices are read');
        return null;
      }
      throw error;
    }
  }

  private async pageItems(name: StreamName, records: unknown[], offset: number, seen: Record<string, string>, pageSeen: Record<string, string>, context: ReadContext): Promise<SourceItem[]> {
    if (name === 'sales') await this.completeClients(records, context);
    const items: SourceItem[] = [];
    records.forEach((raw, index) => {
      const fallback = `(${name} invoice without id, offset ${offset + index})`;
      const key = name === 'sales' ? invoiceKey(raw, fallback) : purchaseKey(raw, fallback);
      if (name === 'sales' && !isSent(raw)) {
        this.logger.debug('skipped an invoice that is not sent', { invoice: key });
        return;
      }
      const id = isObject(raw) ? idOf(raw.id) : undefined;
      if (id && (seen[id] !== undefined || pageSeen[id] !== undefined)) return;
      if (id) pageSeen[id] = text(isObject(raw) ? (name === 'sales' ? raw.sent : raw.date) : undefined) ?? '';
      items.push(this.toItem(name, raw, key, context));
    });
    return items;
  }

  private toItem(name: StreamName, raw: unknown, key: string, context: ReadContext): SourceItem {
    try {
      const record = name === 'sales' ? mapInvoice(raw, context, key) : mapPurchaseInvoice(raw, context, key);
      return { ok: true, key, record, raw };
    } catch (error) {
      if (error instanceof RecordError) return { ok: false, key, error, raw };
      throw error;
    }
  }

  /** Clients the list did not have (added since): one `/clients/{nr}` each. */
  private async completeClients(records: unknown[], context: ReadContext): Promise<void> {
    const missing = new Set<string>();
    for (const raw of records) {
      const clientnr = isObject(raw) ? idOf(raw.clientnr) : undefined;
      if (clientnr && !context.clients.has(clientnr)) missing.add(clientnr);
    }
    for (const clientnr of missing) {
      let answer: unknown;
      try {
        answer = await this.client.get<unknown>(`/clients/${encodeURIComponent(clientnr)}`);
      } catch (error) {
        if (KoppelwerkError.is(error) && error.code === 'HTTP_404') continue;
        throw error;
      }
      // For an unknown number the API answers with every client instead of a 404.
      const found = Array.isArray(answer)
        ? (answer as RawClient[]).find((client) => idOf(client?.clientnr) === clientnr)
        : (unwrap(answer, 'client') as RawClient | undefined);
      if (found && idOf(found.clientnr) === clientnr) context.clients.set(clientnr, found);
    }
  }

  private async loadContext(): Promise<ReadContext> {
    const [countries, clients] = await Promise.all([this.client.get<unknown>('/countrylist'), this.client.get<unknown>('/clients')]);
    if (!Array.isArray(countries)) throw new RejectedError(...worded('FS_NOT_A_LIST', { list: '/countrylist' }));
    if (!Array.isArray(clients)) throw new RejectedError(...worded('FS_NOT_A_LIST', { list: '/clients' }));
    const byNumber = new Map<string, RawClient>();
    for (const client of clients as RawClient[]) {
      const clientnr = isObject(client) ? idOf(client.clientnr) : undefined;
      if (clientnr) byNumber.set(clientnr, client);
    }
    const today: LocalDate = todayInAmsterdam(this.clock.now());
    return { clients: byNumber, client: (clientnr) => byNumber.get(clientnr), countries: new CountryCodes(countries as RawCountry[]), today };
  }
}
