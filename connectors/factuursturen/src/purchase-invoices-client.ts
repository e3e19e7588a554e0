/**
 * PROVISIONAL CONTRACT: purchase invoices ("inkoopfacturen").
 *
 * The seed promises that purchase invoices are booked, but FactuurSturen's public API reference
 * (and every client library we know) shows no purchase endpoint. Until the real one is known, this
 * module is the only place that assumes one, shaped the way the rest of the API is:
 *   GET /api/v1/purchase_invoices?count=&offset=&since=&until=   bare array, `since`/`until` on `date`
 *   GET /api/v1/purchase_invoices/{id}                            wrapped: {"purchase_invoice": {...}}
 * A purchase invoice has `id`, `invoicenr` (the supplier's number), `date`, `duedate`, `reference`
 * (text), `lines`/`taxes` exactly as on sales invoices (keyed `line1`/`tax1` or `[]`), `tax`,
 * `totalintax`, `open` (strings), `tax_type`, `tax_shifted`, and the supplier embedded as `supplier`
 * (a client-shaped record with `suppliernr` and its `currency`). A negative total is a credit note.
 * The simulator serves the same contract (simulator/purchase-invoices-route.ts). When the real API
 * is known, swap this file, its mapper and that route; nothing else reads purchase invoices.
 */
import { inject, injectable } from 'inversify';
import { FactuursturenClient, unwrap } from './factuursturen-client';
import type { KeyedList, RawClient, RawLine, RawTax } from './raw-invoice';

export const PURCHASE_INVOICES_PATH = '/purchase_invoices';
export const PURCHASE_INVOICE_WRAPPER = 'purchase_invoice';
/** Item keys of purchase invoices, so they never collide with sales invoice numbers. */
export const PURCHASE_KEY_PREFIX = 'purchase:';

export interface RawSupplier extends RawClient {
  suppliernr?: string;
}

export interface RawPurchaseInvoice {
  id?: string;
  invoicenr?: string;
  date?: string;
  duedate?: string;
  reference?: string;
  lines?: KeyedList<RawLine>;
  taxes?: KeyedList<RawTax>;
  discount?: string;
  tax?: string;
  totalintax?: string;
  open?: string;
  tax_type?: string;
  tax_shifted?: string | boolean;
  supplier?: RawSupplier | [];
}

@injectable()
export class PurchaseInvoicesClient {
  constructor(@inject(FactuursturenClient) private readonly client: FactuursturenClient) {}

  /** One page; `since`/`until` filter on the invoice date. */
  list(params: { count: number; offset: number; since?: string; until?: string }): Promise<unknown> {
    // `offset` and `start`: the API's libraries disagree on the name, so both are sent.
    const query: Record<string, string | number> = { count: params.count, offset: params.offset, start: params.offset };
    if (params.since) query.since = params.since;
    if (params.until) query.until = params.until;
    return this.client.get<unknown>(PURCHASE_INVOICES_PATH, query);
  }

  async get(id: string): Promise<unknown> {
    return unwrap(await this.client.get<unknown>(`${PURCHASE_INVOICES_PATH}/${encodeURIComponent(id)}`), PURCHASE_INVOICE_WRAPPER);
  }
}
