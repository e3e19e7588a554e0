/**
 * A FactuurSturen API v1 simulator: the real paths under /api/v1, Basic auth with username and API
 * key, JSON when asked for (XML otherwise), plain-text error bodies, single records wrapped
 * (`{"invoice": ...}`), the hourly call quota with `X-RateLimit-Remaining` and 403 at 0, state in
 * memory, seeded with raw records exactly as the real API returns them (quirks included), and the
 * toolkit's injectable faults. Purchase invoices follow the provisional contract. Besides the
 * toolkit's `/_sim/` controls (state, faults, reset) a test can change an invoice as its owner
 * would: `editDocument(number, amountDelta)`, the handler of `POST /_sim/manual/edit-document
 * {"number", "amountDelta"}` (edit-document.ts).
 */
import { toAmsterdamWallClock, type Decimal, type RunningSimulator, type SimulatorOptions } from '@koppelwerk/core';
import { amountDeltaOf, EDIT_DOCUMENT_CONTROL, editDocumentBody, loadSeed, SimHttpError, SimulatorServer, text, type FaultSettings } from '@koppelwerk/testing';
import type { RawPurchaseInvoice } from '../purchase-invoices-client';
import type { RawClient, RawCountry, RawInvoice } from '../raw-invoice';
import { editInvoice } from './edit-document';
import { DEMO_COUNTRIES, generateInvoices } from './generate-invoices';
import { addPurchaseInvoiceRoutes } from './purchase-invoices-route';
import { apiRoute, byDate, pageOfList } from './sim-api';
import { SimQuota } from './sim-quota';
import { FACTUURSTUREN_DEMO_CREDENTIALS } from '../factuursturen-config';

export const SEED_RESOURCES = ['invoices', 'clients', 'countrylist', 'purchase_invoices'] as const;

export interface FactuursturenSimulatorOptions extends SimulatorOptions {
  faults?: Partial<FaultSettings>;
  /** The login the simulator accepts; default the demo login. */
  credentials?: { username: string; apiKey: string };
  /** API calls allowed per clock hour. Default 3600. */
  quotaPerHour?: number;
  /** The account's clock (quota hours, derived statuses). Default: now. */
  now?: () => Date;
  /** Serve the provisional purchase invoice endpoint. Default true. */
  purchaseInvoices?: boolean;
}

export interface RunningFactuursturenSimulator extends RunningSimulator {
  credentials: { username: string; apiKey: string };
  server: SimulatorServer;
  quota: SimQuota;
  invoices(): RawInvoice[];
  clients(): RawClient[];
  purchaseInvoices(): RawPurchaseInvoice[];
  addInvoices(...invoices: RawInvoice[]): void;
  addClients(...clients: RawClient[]): void;
  addPurchaseInvoices(...invoices: RawPurchaseInvoice[]): void;
  /**
   * The account holder changes a sales invoice after it was booked: its first line and its total
   * incl. VAT by `amountDelta` (euros), with a history item stamping the change (edit-document.ts).
   * `number` is `invoicenr_full` or `invoicenr`. Returns the invoice as the API now shows it; a
   * SimHttpError (404, 400) when it cannot.
   */
  editDocument(number: string, amountDelta: string | number): RawInvoice;
  /** `POST /_sim/manual/edit-document` (a control of `server`): its JSON body checked, then editDocument. */
  editDocumentRequest(body: unknown): RawInvoice;
}

type Filter = 'open' | 'overdue' | 'sent' | 'partly' | 'toomuch' | 'paid' | 'uncollectible';
const FILTERS: Filter[] = ['open', 'overdue', 'sent', 'partly', 'toomuch', 'paid', 'uncollectible'];

export async function startFactuursturenSimulator(options: FactuursturenSimulatorOptions = {}): Promise<RunningFactuursturenSimulator> {
  const credentials = options.credentials ?? { ...FACTUURSTUREN_DEMO_CREDENTIALS };
  const now = options.now ?? (() => new Date());
  const initial = options.seed ? loadSeed(options.seed as Record<string, unknown>, { resources: SEED_RESOURCES }) : demoSeed();
  let invoices: RawInvoice[] = [];
  let clients: RawClient[] = [];
  let countries: RawCountry[] = [];
  let purchases: RawPurchaseInvoice[] = [];
  const quota = new SimQuota(options.quotaPerHour ?? 3600, now);
  const restore = () => {
    invoices = structuredClone((initial.invoices ?? []) as RawInvoice[]);
    clients = structuredClone((initial.clients ?? []) as RawClient[]);
    countries = structuredClone((initial.countrylist as RawCountry[] | undefined) ?? DEMO_COUNTRIES);
    purchases = structuredClone((initial.purchase_invoices ?? []) as RawPurchaseInvoice[]);
    quota.reset();
  };
  restore();

  const editDocument = (number: string, amountDelta: Decimal) => {
    const invoice = invoices.find((candidate) => candidate.invoicenr_full === number || candidate.invoicenr === number);
    if (!invoice) throw new SimHttpError(404, `Invoice ${number} not found`);
    return editInvoice(invoice, amountDelta, toAmsterdamWallClock(now()));
  };
  const editDocumentRequest = (body: unknown) => {
    const { number, amountDelta } = editDocumentBody(body, 'invoice');
    return editDocument(number, amountDelta);
  };

  const server = new SimulatorServer({
    name: 'factuursturen',
    faults: options.faults,
    renderError: (status, message) => text(message, status),
    onReset: restore,
    controls: { [EDIT_DOCUMENT_CONTROL]: editDocumentRequest },
    describeState: () => ({ invoices: invoices.length, clients: clients.length, purchaseInvoices: purchases.length, quotaRemaining: quota.remaining() }),
    logger: options.logger,
  });
  const api = apiRoute(() => credentials, quota);
  const today = () => now().toISOString().slice(0, 10);

  server.route('GET', '/api/v1/invoices', api('invoices', (request) => {
    const filter = request.query.get('filter');
    if (filter && !FILTERS.includes(filter as Filter)) throw new SimHttpError(400, `Unknown filter ${filter}`);
    const clientnr = request.query.get('clientnr');
    const selected = invoices
      .filter((invoice) => byDate(invoice.sent, request.query))
      .filter((invoice) => !clientnr || invoice.clientnr === clientnr)
      .filter((invoice) => !filter || matchesFilter(invoice, filter as Filter, today()))
      .sort((a, b) => Number(a.id) - Number(b.id));
    return pageOfList(selected, request.query);
  }));
  server.route('GET', '/api/v1/invoices/:id', api('invoice', (request) => {
    const wanted = request.params.id;
    const invoice = invoices.find((candidate) => candidate.id === wanted || candidate.invoicenr === wanted || candidate.invoicenr_full === wanted);
    if (!invoice) throw new SimHttpError(404, `Invoice ${wanted} not found`);
    return { invoice };
  }));
  server.route('GET', '/api/v1/clients', api('clients', (request) => pageOfList(clients, request.query)));
  // The real API answers an unknown client number with the whole list instead of a 404.
  server.route('GET', '/api/v1/clients/:clientnr', api('client', (request) => {
    const found = clients.find((candidate) => candidate.clientnr === request.params.clientnr);
    return found ? { client: found } : clients;
  }));
  server.route('GET', '/api/v1/countrylist', api('countrylist', () => countries));
  server.route('GET', '/api/v1/countrylist/:lang', api('countrylist', () => countries));
  server.route('GET', '/api/v1/taxes', api('taxes', () => [
    { percentage: 21, type: 'H', default: true, country: 'NL' },
    { percentage: 9, type: 'L', default: false, country: 'NL' },
    { percentage: 0, type: 'Z', default: false, country: 'NL' },
    { percentage: 0, type: 'N', default: false, country: 'NL' },
  ]));
  if (options.purchaseInvoices !== false) addPurchaseInvoiceRoutes(server, api, () => purchases);

  const url = await server.listen({ port: options.port, host: options.host });
  return {
    url,
    credentials,
    server,
    quota,
    invoices: () => invoices,
    clients: () => clients,
    purchaseInvoices: () => purchases,
    addInvoices: (...added) => invoices.push(...structuredClone(added)),
    addClients: (...added) => clients.push(...structuredClone(added)),
    addPurchaseInvoices: (...added) => purchases.push(...structuredClone(added)),
    editDocument: (number, amountDelta) => editDocument(number, amountDeltaOf(amountDelta)),
    editDocumentRequest,
    close: () => server.close(),
  };
}

function demoSeed(): Record<string, unknown[]> {
  const account = generateInvoices({ count: 40, randomSeed: 2025 });
  return { ...account };
}

function amount(value: string | undefined): number {
  return Number(value ?? '0') || 0;
}

/** The list filters, derived like the real API derives an invoice's status. */
function matchesFilter(invoice: RawInvoice, filter: Filter, today: string): boolean {
  if (!invoice.sent) return false;
  const total = amount(invoice.totalintax);
  const direction = total < 0 ? -1 : 1;
  const open = amount(invoice.open) * direction;
  switch (filter) {
    case 'sent':
      return true;
    case 'uncollectible':
      return Boolean(invoice.uncollectible);
    case 'paid':
      return open === 0;
    case 'toomuch':
      return open < 0;
    case 'open':
      return open > 0 && !invoice.uncollectible;
    case 'partly':
      return open > 0 && open < total * direction;
    case 'overdue':
      return open > 0 && Boolean(invoice.duedate) && invoice.duedate! < today;
  }
}
