/**
 * A WerkbonApp OPENApi simulator: `/openapi/<version>/<function>/` with `token` and
 * `software_token` as query parameters, HTTP 200 with a `code` on every answer (errors included),
 * GetWorkorders' update_status quirk (default true: every fetched order becomes Afgehandeld),
 * relations/materials/hourtypes that POST upserts by key, state in memory, seeded with raw
 * records, and the toolkit's injectable faults (those speak HTTP, like a gateway would).
 */
import type { RunningSimulator, SimulatorOptions } from '@koppelwerk/core';
import { checkQueryTokens, json, loadSeed, SimulatorServer, text, type FaultSettings, type SimRequest, type SimResponse } from '@koppelwerk/testing';
import type { RawWorkorder, RawWorkStatus } from '../raw-records';
import { DEMO_WORK_STATUSES, generateWorkOrders } from './generate-work-data';
import { WERKBONAPP_DEMO_CREDENTIALS } from '../werkbonapp-config';

export const SEED_RESOURCES = ['workorders', 'relations', 'materials', 'hourtypes', 'workstatusses'] as const;
const VERSIONS = ['7', '8'];
const STATUSES = ['Klaargezet', 'Opgehaald', 'Compleet', 'Afgehandeld'];

type Raw = Record<string, unknown>;

export interface WerkbonappSimulatorOptions extends SimulatorOptions {
  faults?: Partial<FaultSettings>;
  credentials?: { token: string; software_token: string };
}

export interface RunningWerkbonappSimulator extends RunningSimulator {
  credentials: { token: string; software_token: string };
  server: SimulatorServer;
  workorders(): RawWorkorder[];
  addWorkorders(...orders: RawWorkorder[]): void;
  relations(): Raw[];
  materials(): Raw[];
  hourTypes(): Raw[];
}

/** An OPENApi answer: always HTTP 200. */
function answer(code: number, response: unknown = null, messages: string[] = []): SimResponse {
  return json({ code, messages, response });
}

class CodeError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const REQUIRED: Record<string, { key: string; fields: string[]; code: number }> = {
  relations: { key: 'debtor_number', fields: ['name', 'debtor_number', 'street', 'postal_code', 'city'], code: 1101 },
  materials: { key: 'code', fields: ['code', 'name'], code: 1201 },
  hourtypes: { key: 'code', fields: ['code', 'name'], code: 1301 },
};

export async function startWerkbonappSimulator(options: WerkbonappSimulatorOptions = {}): Promise<RunningWerkbonappSimulator> {
  const credentials = options.credentials ?? { ...WERKBONAPP_DEMO_CREDENTIALS };
  const initial = options.seed ? loadSeed(options.seed as Record<string, unknown>, { resources: SEED_RESOURCES }) : demoSeed();
  let workorders: RawWorkorder[] = [];
  let workstatusses: RawWorkStatus[] = [];
  const entities: Record<string, Raw[]> = { relations: [], materials: [], hourtypes: [] };
  const restore = () => {
    workorders = structuredClone((initial.workorders ?? []) as RawWorkorder[]);
    workstatusses = structuredClone((initial.workstatusses as RawWorkStatus[] | undefined) ?? DEMO_WORK_STATUSES);
    for (const name of Object.keys(entities)) entities[name] = structuredClone((initial[name] ?? []) as Raw[]);
  };
  restore();

  const server = new SimulatorServer({
    name: 'werkbonapp',
    faults: options.faults,
    renderError,
    onReset: restore,
    describeState: () => ({ workorders: workorders.length, relations: entities.relations.length, materials: entities.materials.length, hourtypes: entities.hourtypes.length }),
    logger: options.logger,
  });

  /** Checks version and tokens, runs the handler, and turns a CodeError into its envelope. */
  const fn = (method: 'GET' | 'POST', name: string, handler: (request: SimRequest) => unknown) => {
    server.route(method, `/openapi/:version/${name}`, (request) => {
      try {
        if (!VERSIONS.includes(request.params.version)) throw new CodeError(1001, `Unknown endpoint version ${request.params.version}`);
        requireTokens(request);
        return answer(200, handler(request));
      } catch (error) {
        if (error instanceof CodeError) return answer(error.code, null, [error.message]);
        throw error;
      }
    });
  };
  const requireTokens = (request: SimRequest) => {
    if (checkQueryTokens(request.query, { token: credentials.token }) === 'missing') throw new CodeError(1002, 'No token given');
    if (checkQueryTokens(request.query, { software_token: credentials.software_token }) === 'missing') throw new CodeError(1003, 'No software_token given');
    if (request.credentialsRevoked || request.query.get('token') !== credentials.token) throw new CodeError(1004, 'Token not authorized');
    if (request.query.get('software_token') !== credentials.software_token) throw new CodeError(1005, 'Software token not authorized');
  };
  const flag = (request: SimRequest, name: string, fallback: boolean) => {
    const value = request.query.get(name);
    return value === null ? fallback : value === 'true' || value === '1';
  };
  const findOrder = (request: SimRequest) => {
    const rowId = request.query.get('row_id');
    const number = request.query.get('workorder_no');
    if (!rowId && !number) throw new CodeError(1501, 'row_id or workorder_no is required');
    const order = workorders.find((o) => (rowId ? String(o.id) === rowId : String(o.WorkorderNo) === number));
    if (!order) throw new CodeError(1500, 'Workorder not found');
    return order;
  };

  fn('GET', 'GetWorkorders', (request) => {
    const status = request.query.get('status') ?? 'Compleet';
    if (status !== 'Alle' && !STATUSES.includes(status)) throw new CodeError(1504, `Unknown status ${status}`);
    const workstatus = request.query.get('workstatus');
    const selected = workorders.filter((o) => (status === 'Alle' || o.status === status) && (workstatus === null || String(o.WorkStatus) === workstatus));
    const copies = structuredClone(selected);
    // The API's default: fetching moves every returned work order to Afgehandeld.
    if (flag(request, 'update_status', true)) for (const order of selected) order.status = 'Afgehandeld';
    return copies;
  });
  fn('GET', 'GetWorkorder', (request) => {
    const order = findOrder(request);
    const copy = structuredClone(order);
    if (flag(request, 'update_status', true)) order.status = 'Afgehandeld';
    return copy;
  });
  fn('GET', 'workstatusses', () => workstatusses);
  for (const name of Object.keys(entities)) {
    fn('GET', name, () => entities[name]);
    fn('POST', name, (request) => {
      const body = request.body.trim() === '' ? null : parseJson(request.body);
      if (body === null) throw new CodeError(1008, 'No data given');
      const records = (Array.isArray(body) ? body : [body]) as Raw[];
      const rule = REQUIRED[name];
      for (const record of records) {
        const missing = rule.fields.find((field) => !String(record?.[field] ?? '').trim());
        if (missing) throw new CodeError(rule.code, `Required field ${missing} is missing`);
      }
      return records.map((record) => {
        const key = String(record[rule.key]).trim();
        const existing = entities[name].find((held) => String(held[rule.key]).trim() === key);
        if (existing) Object.assign(existing, record);
        else entities[name].push({ ...record, id: String(entities[name].length + 1) });
        return { [rule.key]: key };
      });
    });
  }

  const url = await server.listen({ port: options.port, host: options.host });
  return {
    url,
    credentials,
    server,
    workorders: () => workorders,
    addWorkorders: (...added) => workorders.push(...structuredClone(added)),
    relations: () => entities.relations,
    materials: () => entities.materials,
    hourTypes: () => entities.hourtypes,
    close: () => server.close(),
  };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new CodeError(1009, 'Could not parse JSON');
  }
}

function demoSeed(): Record<string, unknown[]> {
  return { workorders: generateWorkOrders({ count: 12, randomSeed: 2025 }), workstatusses: DEMO_WORK_STATUSES };
}

/** Routing and body errors in the API's envelope; injected 5xx/429 as a gateway would send them. */
function renderError(status: number, message: string): SimResponse {
  if (status === 404) return answer(1001, null, [message]);
  if (status === 405) return answer(1000, null, [message]);
  if (status === 400) return answer(1009, null, [message]);
  if (status === 401 || status === 403) return answer(1004, null, [message]);
  return text(`<html><body><h1>${status}</h1>${message}</body></html>`, status, 'text/html; charset=utf-8');
}
