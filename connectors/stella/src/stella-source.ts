/**
 * Stella invoices as a ShopSource: finalized invoices changed since the cursor, page by page,
 * each delivered once per change (the engine books each document once). The customer comes with
 * the invoice, so a new relation is only created with its first invoice. Invoices Stella's own
 * e-Boekhouden link booked come back as failed items: "already booked elsewhere".
 */
import { inject, injectable, optional } from 'inversify';
import {
  Clock,
  KoppelwerkError,
  RecordError,
  systemClock,
  type CheckResult,
  type Logger,
  type ReadRequest,
  type ShopSource,
  type SourceItem,
  type SourcePage,
  redCheck,
} from '@koppelwerk/core';
import { decodeInvoiceCursor, encodeInvoiceCursor, keepFrom, type InvoiceCursor } from './invoice-cursor';
import { bookedElsewhere, invoiceKey, isFinalized, mapInvoice, text } from './mappers/invoice-mapper';
import type { RawInvoice } from './raw-invoice';
import { StellaClient } from './stella-client';
import { worded } from './stella-messages';
import { StellaConfig, StellaLogger } from './stella-config';

@injectable()
export class StellaSource implements ShopSource {
  private readonly clock: Clock;

  constructor(
    @inject(StellaClient) private readonly client: StellaClient,
    @inject(StellaConfig) private readonly config: StellaConfig,
    @inject(StellaLogger) private readonly logger: Logger,
    @inject(Clock) @optional() clock?: Clock,
  ) {
    this.clock = clock ?? systemClock;
  }

  async check(): Promise<CheckResult> {
    try {
      const me = await this.client.me();
      const said = [worded.text('STELLA_CHECK_ACCOUNT', { company: text(me?.company?.name) || '?' }), worded.text('STELLA_CHECK_PROVISIONAL', {})];
      return { ok: true, details: said.map((t) => t.message), detailTexts: said.map(({ code, params }) => ({ code, params })) };
    } catch (error) {
      if (!KoppelwerkError.is(error)) throw error;
      return redCheck(error);
    }
  }

  async *read(request: ReadRequest): AsyncIterable<SourcePage> {
    const cursor = decodeInvoiceCursor(request.cursor);
    const perPage = Math.min(request.pageSize ?? this.config.pageSize, 100);
    if (cursor.page === 1) {
      cursor.since ??= this.config.startDate ? `${this.config.startDate}T00:00:00.000Z` : null;
      cursor.next = new Date(this.clock.now().getTime() - this.config.overlapMinutes * 60_000).toISOString();
    }
    for (let page = cursor.page; ; page++) {
      const result = await this.client.listInvoices({ updatedSince: cursor.since ?? undefined, page, perPage });
      const invoices = Array.isArray(result?.data) ? result.data : [];
      const pageSeen: Record<string, string> = {};
      const items: SourceItem[] = [];
      invoices.forEach((raw, i) => {
        const key = invoiceKey(raw, `(no id, page ${page} position ${i})`);
        const stamp = text(raw?.updated_at);
        if (!isFinalized(raw)) return;
        if (stamp && (cursor.seen[key] === stamp || pageSeen[key] === stamp)) return;
        if (stamp) pageSeen[key] = stamp;
        items.push(this.toItem(raw, key));
      });
      const totalPages = Number(result?.meta?.total_pages ?? page);
      const last = invoices.length < perPage || page >= totalPages;
      const seen = { ...cursor.seen, ...pageSeen };
      const next: InvoiceCursor = last
        ? { v: 1, since: cursor.next, next: null, page: 1, seen: keepFrom(seen, cursor.next) }
        : { v: 1, since: cursor.since, next: cursor.next, page: page + 1, seen };
      this.logger.debug('read Stella invoices page', { page, listed: invoices.length, delivered: items.length });
      yield { items, nextCursor: encodeInvoiceCursor(next) };
      cursor.seen = seen;
      if (last) return;
    }
  }

  async fetch(key: string): Promise<SourceItem> {
    let raw: RawInvoice;
    try {
      raw = await this.client.invoice(key);
    } catch (error) {
      if (KoppelwerkError.is(error) && error.code === 'HTTP_404') {
        return { ok: false, key, raw: null, error: new RecordError(...worded('STELLA_NOT_FOUND', { key }, { documentKey: key })) };
      }
      throw error;
    }
    if (!isFinalized(raw)) {
      return { ok: false, key, raw, error: new RecordError(...worded('STELLA_NOT_FINALIZED', { key, status: text(raw?.status) }, { field: 'status', documentKey: key })) };
    }
    return this.toItem(raw, key);
  }

  private toItem(raw: unknown, key: string): SourceItem {
    const elsewhere = typeof raw === 'object' && raw !== null ? bookedElsewhere(raw as RawInvoice, key) : null;
    if (elsewhere) {
      this.logger.warn('invoice already booked elsewhere', { invoice: key });
      return { ok: false, key, error: elsewhere, raw };
    }
    try {
      return { ok: true, key, record: mapInvoice(raw, key), raw };
    } catch (error) {
      if (error instanceof RecordError) return { ok: false, key, error, raw };
      throw error;
    }
  }
}
