/**
 * PROVISIONAL CONTRACT (see ../purchase-invoices-client.ts): the simulator's purchase invoice
 * routes. Swap together with the client module once FactuurSturen's real endpoint is known.
 */
import { SimHttpError, type SimulatorServer } from '@koppelwerk/testing';
import { PURCHASE_INVOICES_PATH, PURCHASE_INVOICE_WRAPPER, type RawPurchaseInvoice } from '../purchase-invoices-client';
import { byDate, pageOfList, type ApiRoute } from './sim-api';

export function addPurchaseInvoiceRoutes(server: SimulatorServer, api: ApiRoute, purchases: () => RawPurchaseInvoice[]): void {
  server.route('GET', `/api/v1${PURCHASE_INVOICES_PATH}`, api('purchase_invoices', (request) => {
    const selected = purchases()
      .filter((invoice) => byDate(invoice.date, request.query))
      .sort((a, b) => Number(a.id) - Number(b.id));
    return pageOfList(selected, request.query);
  }));
  server.route('GET', `/api/v1${PURCHASE_INVOICES_PATH}/:id`, api(PURCHASE_INVOICE_WRAPPER, (request) => {
    const invoice = purchases().find((candidate) => String(candidate.id) === request.params.id);
    if (!invoice) throw new SimHttpError(404, `Purchase invoice ${request.params.id} not found`);
    return { [PURCHASE_INVOICE_WRAPPER]: invoice };
  }));
}
