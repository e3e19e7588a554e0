/**
 * A Mijnwebwinkel (MyOnlineStore Connect API v1) simulator: the real paths, query parameters, JSON
 * shapes and error bodies, state in memory, seeded with raw records exactly as the real API returns
 * them (quirks included), and the toolkit's injectable faults. Besides the toolkit's `/_sim/`
 * controls (state, faults, reset) a test can change an order as the shop owner would:
 * `editDocument(number, amountDelta)`, the handler of `POST /_sim/manual/edit-document
 * {"number", "amountDelta"}` (edit-document.ts).
 */
import { toAmsterdamWallClock, type Decimal, type RunningSimulator, type SimulatorOptions } from '@koppelwerk/core';
import {
  amountDeltaOf,
  checkQueryTokens,
  EDIT_DOCUMENT_CONTROL,
  editDocumentBody,
  json,
  loadSeed,
  pageOf,
  readPaging,
  SimHttpError,
  SimulatorServer,
  type FaultInjector,
  type FaultSettings,
  type SimRequest,
  type SimResponse,
} from '@koppelwerk/testing';
import type { RawOrder, RawOrderStatus, RawStore } from '../raw-order';
import { editOrder } from './edit-document';
import { DEMO_ORDER_STATUSES, DEMO_STORE, formatWallClock, generateOrders } from './generate-orders';
import { MIJNWEBWINKEL_DEMO_CREDENTIALS } from '../mijnwebwinkel-config';

export const SEED_RESOURCES = ['orders', 'orderstatuses', 'store'] as const;

export interface MijnwebwinkelSimulatorOptions extends SimulatorOptions {
  /** Faults active from the start. */
  faults?: Partial<FaultSettings>;
  /** Seed for the random share of injected faults, so a run can be repeated. Default 1. */
  randomSeed?: number;
  /** Credentials the simulator accepts; default the demo login. */
  credentials?: { token: string; partner_token: string };
  /** The shop's clock (status changes made through PATCH are stamped with it). Default: now. */
  now?: () => Date;
}

export interface RunningMijnwebwinkelSimulator extends RunningSimulator {
  credentials: { token: string; partner_token: string };
  server: SimulatorServer;
  /** The fault layer in front of every route (the same as `server.faults`). */
  faults: FaultInjector;
  /** The orders as stored (raw); change them through the simulator's own methods. */
  orders(): readonly RawOrder[];
  addOrders(...orders: RawOrder[]): void;
  /** Changes an order's status, stamped with the shop's clock (or `at`, `yyyy-mm-dd hh:mm:ss`). */
  setStatus(number: string | number, status: number, at?: string): void;
  /**
   * The shop owner changes an order after it was booked: its first line's amount incl. VAT and its
   * total by `amountDelta` (euros), its status change stamp to the shop clock (edit-document.ts).
   * Returns the order as the API now shows it; a SimHttpError (404, 400) when it cannot.
   */
  editDocument(number: string | number, amountDelta: string | number): RawOrder;
  /** `POST /_sim/manual/edit-document` (a control of `server`): its JSON body checked, then editDocument. */
  editDocumentRequest(body: unknown): RawOrder;
}

const TEST_SUFFIX = /^\d+\s*-?\s*T\s*-?$/i;
const WALL_CLOCK = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function startMijnwebwinkelSimulator(options: MijnwebwinkelSimulatorOptions = {}): Promise<RunningMijnwebwinkelSimulator> {
  const credentials = options.credentials ?? { ...MIJNWEBWINKEL_DEMO_CREDENTIALS };
  const now = options.now ?? (() => new Date());
  const initial = options.seed ? loadSeed(options.seed as Record<string, unknown>, { resources: SEED_RESOURCES }) : demoSeed();
  let orders: RawOrder[] = [];
  let statuses: RawOrderStatus[] = [];
  let store: RawStore = {};
  // The last listing, kept for its next pages while no order changes (a page of 100,000 orders
  // would otherwise filter all of them again, and stall every simulator in this process meanwhile).
  let version = 0;
  let listing: { key: string; version: number; orders: RawOrder[] } | undefined;
  const listOrders = (query: URLSearchParams) => {
    const key = [...query].filter(([name]) => name !== 'offset' && name !== 'limit').map(([name, value]) => `${name}=${value}`).sort().join('&');
    if (listing?.key !== key || listing.version !== version) listing = { key, version, orders: filterOrders(orders, query) };
    return listing.orders;
  };
  const restore = () => {
    version++;
    orders = structuredClone((initial.orders ?? []) as RawOrder[]);
    statuses = structuredClone((initial.orderstatuses as RawOrderStatus[] | undefined) ?? DEMO_ORDER_STATUSES);
    store = structuredClone(((initial.store as RawStore[] | undefined) ?? [DEMO_STORE])[0] ?? DEMO_STORE);
  };
  restore();

  const findOrder = (number: string) => {
    const order = orders.find((candidate) => String(fields(candidate).number) === number);
    if (!order) throw new SimHttpError(404, `Order ${number} not found`);
    return order;
  };
  const editDocument = (number: string, amountDelta: Decimal) => {
    const edited = editOrder(findOrder(number), amountDelta, toAmsterdamWallClock(now()));
    version++;
    return edited;
  };
  const editDocumentRequest = (body: unknown) => {
    const { number, amountDelta } = editDocumentBody(body, 'order');
    return editDocument(number, amountDelta);
  };

  const server = new SimulatorServer({
    name: 'mijnwebwinkel',
    faults: options.faults,
    randomSeed: options.randomSeed,
    renderError,
    onReset: restore,
    controls: { [EDIT_DOCUMENT_CONTROL]: editDocumentRequest },
    describeState: () => ({ orders: orders.length, statuses: statuses.length }),
    logger: options.logger,
  });

  const requireTokens = (request: SimRequest, partnerOnly = false) => {
    const expected: Record<string, string> = partnerOnly ? { partner_token: credentials.partner_token } : { ...credentials };
    const outcome = checkQueryTokens(request.query, expected, request.credentialsRevoked);
    if (outcome === 'missing') throw new SimHttpError(401, 'No token given');
    if (outcome === 'invalid') throw new SimHttpError(401, 'Invalid token');
  };

  server.route('GET', '/v1/orderstatuses', (request) => {
    requireTokens(request, true);
    return json(statuses);
  });
  server.route('GET', '/v1/store', (request) => {
    requireTokens(request);
    return json(store);
  });
  server.route('GET', '/v1/orders', (request) => {
    requireTokens(request);
    const paging = readPaging(request.query, { defaultLimit: 10, maxLimit: 100, overMax: 'refuse' });
    return json(pageOf(listOrders(request.query), paging));
  });
  server.route('GET', '/v1/orders/count', (request) => {
    requireTokens(request);
    return json({ count: listOrders(request.query).length });
  });
  server.route('GET', '/v1/orders/:number', (request) => {
    requireTokens(request);
    return json(findOrder(request.params.number));
  });
  server.route('PATCH', '/v1/orders/:number', (request) => {
    requireTokens(request);
    const order = findOrder(request.params.number);
    const change = request.json<{ status?: number; archived?: boolean }>();
    if (change.status !== undefined) {
      if (!statuses.some((status) => status.status === change.status)) throw new SimHttpError(422, `Unknown status ${change.status}`);
      stampStatus(order, change.status, toAmsterdamWallClock(now()));
    }
    if (change.archived !== undefined) order.archived = change.archived;
    version++;
    return json(order);
  });

  const url = await server.listen({ port: options.port, host: options.host });
  return {
    url,
    credentials,
    server,
    faults: server.faults,
    orders: () => orders,
    addOrders: (...added) => {
      orders.push(...structuredClone(added));
      version++;
    },
    setStatus: (number, status, at) => {
      stampStatus(findOrder(String(number)), status, at ?? toAmsterdamWallClock(now()));
      version++;
    },
    editDocument: (number, amountDelta) => editDocument(String(number), amountDeltaOf(amountDelta)),
    editDocumentRequest,
    close: () => server.close(),
  };
}

function demoSeed(): Record<string, unknown[]> {
  const shop = generateOrders({ count: 40, randomSeed: 2025 });
  return { orders: shop.orders, orderstatuses: shop.orderstatuses, store: shop.store };
}

function stampStatus(order: RawOrder, status: number, at: string): void {
  order.status = status;
  order.status_changed_date = at.slice(0, 10);
  order.status_changed_time = at.slice(11, 19);
}

/** The real API's error body: `{code, message, description}`. */
function renderError(status: number, description: string): SimResponse {
  const messages: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 422: 'Unprocessable Entity', 429: 'Too Many Requests' };
  return json({ code: status, message: messages[status] ?? 'Internal Server Error', description }, status);
}

/** A seed may hold records that are not objects (a mangled record, for bad-input tests): read them as empty. */
function fields(order: RawOrder): RawOrder {
  return typeof order === 'object' && order !== null ? order : {};
}

function numericPart(order: RawOrder): number {
  return parseInt(String(fields(order).number), 10) || 0;
}

function filterOrders(all: RawOrder[], query: URLSearchParams): RawOrder[] {
  const includeTests = query.get('test') === 'true' || query.get('test') === '1';
  const day = (name: string) => {
    const value = query.get(name);
    if (value !== null && !DAY.test(value)) throw new SimHttpError(400, `${name} must be formatted as yyyy-mm-dd`);
    return value;
  };
  const clock = (name: string) => {
    const value = query.get(name);
    if (value !== null && !WALL_CLOCK.test(value)) throw new SimHttpError(400, `${name} must be formatted as yyyy-mm-dd hh:mm:ss`);
    return value;
  };
  const startDate = day('start_date');
  const endDate = day('end_date');
  const changedStart = clock('status_changed_start_date');
  const changedEnd = clock('status_changed_end_date');
  const statusId = query.get('status_id');
  const archived = query.get('archived');
  const email = query.get('debtor_email')?.toLowerCase();
  const debtorId = query.get('debtor_id');
  const ordering = query.get('ordering') ?? 'asc';
  if (ordering !== 'asc' && ordering !== 'desc') throw new SimHttpError(400, 'ordering must be asc or desc');

  const selected = all.filter((record) => {
    const order = fields(record);
    if (!includeTests && TEST_SUFFIX.test(String(order.number))) return false;
    if (startDate && (order.date ?? '') < startDate) return false;
    if (endDate && (order.date ?? '') > endDate) return false;
    const changed = `${order.status_changed_date ?? ''} ${order.status_changed_time ?? ''}`;
    if (changedStart && changed < changedStart) return false;
    if (changedEnd && changed > changedEnd) return false;
    if (statusId !== null && String(order.status) !== statusId) return false;
    if (archived !== null && Boolean(order.archived) !== (archived === 'true' || archived === '1')) return false;
    if (email || debtorId) {
      const byEmail = email !== undefined && order.debtor?.email?.toLowerCase() === email;
      const byId = debtorId !== null && order.debtor?.id === debtorId;
      if (!byEmail && !byId) return false;
    }
    return true;
  });
  // Each number parsed once, and no sort when the shop holds its orders in order already (100,000 orders, a page at a time).
  const keyed = selected.map((order) => ({ order, number: numericPart(order) }));
  if (keyed.some((entry, i) => i > 0 && keyed[i - 1].number > entry.number)) keyed.sort((a, b) => a.number - b.number);
  const sorted = keyed.map((entry) => entry.order);
  if (ordering === 'desc') sorted.reverse();
  return sorted;
}

