/**
 * A simulator of Stella's PROVISIONAL REST contract (docs/connectors/stella.md): Bearer key,
 * `/v1/me`, `/v1/invoices` (updated_since, page, per_page, order=updated_at) and
 * `/v1/invoices/:id`, `/v1/customers`, errors as `{error: {code, message}}`, state in memory,
 * seedable with raw records, the toolkit's faults. Tests play Stella's own e-Boekhouden link with
 * `markBookedByStella`.
 */
import type { RunningSimulator, SimulatorOptions } from '@koppelwerk/core';
import { json, loadSeed, SimHttpError, SimulatorServer, type FaultSettings, type SimRequest, type SimResponse } from '@koppelwerk/testing';
import type { RawCustomer, RawInvoice } from '../raw-invoice';
import { DEMO_CUSTOMERS, generateInvoices } from './generate-invoices';
import { STELLA_DEMO_CREDENTIALS } from '../stella-config';

export const SEED_RESOURCES = ['invoices', 'customers'] as const;

export interface StellaSimulatorOptions extends SimulatorOptions {
  faults?: Partial<FaultSettings>;
  credentials?: { api_key: string };
  /** Stella's clock, for updated_at stamps. */
  now?: () => Date;
}

export interface RunningStellaSimulator extends RunningSimulator {
  credentials: { api_key: string };
  server: SimulatorServer;
  invoices(): RawInvoice[];
  /** Adds invoices (their customers become known too). */
  addInvoices(...invoices: RawInvoice[]): void;
  /** Finalizes a draft: status definitive, updated_at now. */
  finalize(id: string): void;
  /** Stella's own e-Boekhouden link booked this invoice. */
  markBookedByStella(id: string, reference: string): void;
}

export async function startStellaSimulator(options: StellaSimulatorOptions = {}): Promise<RunningStellaSimulator> {
  const credentials = options.credentials ?? { ...STELLA_DEMO_CREDENTIALS };
  const now = options.now ?? (() => new Date());
  const initial = options.seed ? loadSeed(options.seed as Record<string, unknown>, { resources: SEED_RESOURCES }) : { invoices: generateInvoices(), customers: DEMO_CUSTOMERS };
  let invoices: RawInvoice[] = [];
  let customers: RawCustomer[] = [];
  const learnCustomer = (customer: RawCustomer | undefined) => {
    if (customer?.id && !customers.some((c) => c.id === customer.id)) customers.push(structuredClone(customer));
  };
  const restore = () => {
    invoices = structuredClone((initial.invoices ?? []) as RawInvoice[]);
    customers = structuredClone((initial.customers ?? []) as RawCustomer[]);
    invoices.forEach((invoice) => learnCustomer(invoice.customer));
  };
  restore();

  const server = new SimulatorServer({ name: 'stella', faults: options.faults, renderError, onReset: restore, describeState: () => ({ invoices: invoices.length, customers: customers.length }), logger: options.logger });

  const requireKey = (request: SimRequest) => {
    const header = request.headers.authorization;
    if (!header || !/^bearer\s+/i.test(header)) throw new SimHttpError(401, 'missing API key');
    if (request.credentialsRevoked || header.replace(/^bearer\s+/i, '') !== credentials.api_key) throw new SimHttpError(401, 'invalid API key');
  };
  const find = (id: string) => {
    const invoice = invoices.find((candidate) => candidate.id === id);
    if (!invoice) throw new SimHttpError(404, `invoice ${id} not found`);
    return invoice;
  };

  server.route('GET', '/v1/me', (request) => {
    requireKey(request);
    return json({ company: { name: 'Demo Schildersbedrijf' } });
  });
  server.route('GET', '/v1/invoices', (request) => {
    requireKey(request);
    const since = request.query.get('updated_since');
    if (since !== null && Number.isNaN(Date.parse(since))) throw new SimHttpError(422, 'updated_since must be an ISO 8601 instant');
    const page = Number.parseInt(request.query.get('page') ?? '1', 10);
    const perPage = Number.parseInt(request.query.get('per_page') ?? '25', 10);
    if (!(page >= 1) || !(perPage >= 1) || perPage > 100) throw new SimHttpError(422, 'page must be >= 1 and per_page 1..100');
    const selected = invoices
      .filter((invoice) => since === null || Date.parse(invoice.updated_at ?? '') >= Date.parse(since))
      .sort((a, b) => (a.updated_at ?? '').localeCompare(b.updated_at ?? '') || (a.id ?? '').localeCompare(b.id ?? ''));
    const offset = (page - 1) * perPage;
    return json({ data: selected.slice(offset, offset + perPage), meta: { page, per_page: perPage, total_pages: Math.max(1, Math.ceil(selected.length / perPage)) } });
  });
  server.route('GET', '/v1/invoices/:id', (request) => {
    requireKey(request);
    return json(find(request.params.id));
  });
  server.route('GET', '/v1/customers', (request) => {
    requireKey(request);
    return json({ data: customers, meta: { page: 1, per_page: customers.length, total_pages: 1 } });
  });

  const url = await server.listen({ port: options.port, host: options.host });
  return {
    url,
    credentials,
    server,
    invoices: () => invoices,
    addInvoices: (...added) => {
      for (const invoice of added) {
        invoices.push(structuredClone(invoice));
        learnCustomer(invoice.customer);
      }
    },
    finalize: (id) => {
      const invoice = find(id);
      invoice.status = 'definitive';
      invoice.updated_at = now().toISOString();
    },
    markBookedByStella: (id, reference) => {
      const invoice = find(id);
      invoice.accounting = { eboekhouden: { status: 'booked', booked_at: now().toISOString(), reference } };
      invoice.updated_at = now().toISOString();
    },
    close: () => server.close(),
  };
}

function renderError(status: number, message: string): SimResponse {
  const codes: Record<number, string> = { 400: 'bad_request', 401: 'unauthorized', 404: 'not_found', 405: 'method_not_allowed', 422: 'unprocessable', 429: 'rate_limited' };
  return json({ error: { code: codes[status] ?? 'server_error', message } }, status);
}
