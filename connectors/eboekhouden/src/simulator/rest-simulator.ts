/**
 * e-Boekhouden's REST API (v1) in the simulator, served by the same server and on the same
 * administrations as the SOAP API: a booking made over one is found over the other, and a
 * duplicate is refused across them. Facts: the generated OpenAPI docs of the public `eboekhouden`
 * Rust crate (field names, types, required fields, enums, error codes); where they are silent the
 * choice is marked in the file that makes it.
 *
 * Routes (all JSON; every route but POST /v1/session needs `Authorization: <session token>`,
 * bare or as `Bearer <token>`; missing, unknown or expired → 401 with SECURITY_010):
 *   POST   /v1/session               {accessToken, source} → {token, expiresIn}; 400 API_SESSION_001..004, 403 SECURITY_999 (unknown or revoked token)
 *   DELETE /v1/session               ends the session → 204
 *   GET    /v1/administration        400 EP_001 (accountants only)
 *   GET    /v1/administration/linked {items:[{guid, company}], count}: the token's administration first, then the others of the seed
 *   GET    /v1/ledger[/:id]          filters code, category; 404 LEDG_011
 *   GET    /v1/relation[/:id]        filters code, type, email, name, contact, city; list items {id, type, code}; 404 REL_055
 *   POST   /v1/relation              CreateRelation → {id, code}; REL_* codes, REL_049 code in use
 *   GET    /v1/costcenter[/:id]      filters parentId, description; 404 COST_001
 *   GET    /v1/invoicetemplate       filters name, type, active (seed key `invoicetemplates`, default Standaard/Werkbon)
 *   GET    /v1/mutation[/:id]        filters type, id, description, invoiceNumber, date; 404 MUT_300
 *   POST   /v1/mutation              CreateMutation (types 1–7) → {id}; MUT_019/MUT_020 duplicates, MUT_005 closed, SECURITY_007 closed by the accountant
 *   GET    /v1/invoice[/:id]         filters invoiceNumber, relationId, date; 404 FACT_021
 *   POST   /v1/invoice               CreateInvoice (+ optional `mutation` that journals it) → {id, invoiceNumber, inExVat}; FACT_101 in use
 *   GET    /v1/product[/:id], /v1/unit   the SOAP side's articles and their units; 404 ART_001
 *   GET    /v1/product/groups       {items:[{id, code, description}], count}: the articles' distinct GroepCode, ids from 1
 * Lists: `limit` 1–2000 (PAGE_001), `offset` ≥ 0 (PAGE_002) → `{items, count}`; filters
 * `param[op]=value` (rest-paging.ts). No VAT-code endpoint exists in the API, so none here.
 * Ids are the SOAP records' ids (rest-records.ts). Errors are the documented body (rest-errors.ts).
 * Faults: the shared injector (latency, 5xx as ERR_001, 429 with Retry-After, drops) plus
 * rest-faults.ts (an HTML page with 200; a cut-off body after the write landed).
 * Simulator controls: see eboekhouden-simulator.ts (`/_sim/rest-faults`, `/_sim/accountant-closed-until`,
 * `/_sim/revoke-access-token`, `/_sim/rotate-access-token`, `/_sim/expire-sessions`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, readBody, Router, writeResponse, type FaultInjector, type SimResponse } from '@koppelwerk/testing';
import { text } from '../wire-format';
import { invalid, notFound, RestError, REST_CODES } from './rest-errors';
import { asRestRequest, htmlPage, writeTruncated, type RestFaults } from './rest-faults';
import { readFilters, readRestPaging, restPage, type FilterKind } from './rest-paging';
import { restType, RestView } from './rest-records';
import { parseBody, SessionRequest } from './rest-schemas';
import { createInvoice, createMutation, createRelation } from './rest-writes';
import type { SimBackend } from './sim-backend';
import type { EboekhoudenSimCall } from './sim-soap-service';

type Raw = Record<string, unknown>;

interface RestRequest {
  query: URLSearchParams;
  params: Record<string, string>;
  /** The parsed JSON body (DATA_01 when there is none, ERR_002 when it is not JSON). */
  body(): unknown;
  /** The session's administration (401 without a valid session). */
  view(): RestView;
}

type RestHandler = (request: RestRequest) => SimResponse;

/** The SOAP record field a list filter reads. */
const RELATION_FIELDS: Record<string, string> = { code: 'Code', email: 'Email', name: 'Bedrijf', contact: 'Contactpersoon', city: 'Plaats' };
const MUTATION_FIELDS: Record<string, string> = { id: 'MutatieNr', description: 'Omschrijving', invoiceNumber: 'Factuurnummer', date: 'Datum' };

export interface RestListenerOptions {
  backend: () => SimBackend;
  faults: FaultInjector;
  restFaults: RestFaults;
  now: () => number;
  onCall?: (call: EboekhoudenSimCall) => void;
  onRequest?: () => void;
}

/** A list answer: filtered, then paged. */
function list<T>(request: RestRequest, records: readonly T[], spec: Record<string, FilterKind>, read: (record: T, param: string) => unknown, show: (record: T) => Raw): SimResponse {
  const paging = readRestPaging(request.query);
  const filters = readFilters(request.query, spec);
  const matching = records.filter((record) => filters.matches((param) => read(record, param) as string));
  const page = restPage(matching, paging);
  return json({ items: page.items.map(show), count: page.count });
}

function byId(request: RestRequest, code: keyof typeof REST_CODES): number {
  const id = request.params.id;
  if (!/^\d+$/.test(id)) throw notFound(code);
  return Number(id);
}

function routes(options: RestListenerOptions): Router<RestHandler> {
  const router = new Router<RestHandler>();
  const today = () => new Date(options.now()).toISOString().slice(0, 10);
  const field = (record: Raw, name: string) => record[name] as string;

  router.add('POST', '/v1/session', (request) => {
    const body = parseBody(SessionRequest, request.body());
    return json(options.backend().rest.open(body.accessToken, body.source));
  });
  router.add('DELETE', '/v1/session', () => ({ status: 204 }));
  router.add('GET', '/v1/administration', (request) => {
    request.view();
    throw invalid('EP_001');
  });
  router.add('GET', '/v1/administration/linked', (request) => {
    const administrations = options.backend().rest.administrationsFor(request.view().administration);
    return list(request, administrations, {}, () => '', (a) => ({ guid: a.guid, company: a.bedrijf }));
  });

  router.add('GET', '/v1/ledger', (request) => {
    const view = request.view();
    return list(request, view.ledgers().map((l) => view.ledgerJson(l)), { code: 'string', category: 'string' }, field, (l) => l);
  });
  router.add('GET', '/v1/ledger/:id', (request) => {
    const view = request.view();
    const ledger = view.ledgerById(byId(request, 'LEDG_011'));
    if (!ledger) throw notFound('LEDG_011');
    return json(view.ledgerJson(ledger));
  });

  router.add('GET', '/v1/relation', (request) => {
    const view = request.view();
    // An equality filter on code is a look-up in the code index, as the SOAP side does it.
    const code = request.query.get('code');
    const candidates = code !== null ? [view.administration.relation(code)].filter((r): r is Raw => r !== undefined) : view.administration.getRelations({ ID: 0 });
    const spec: Record<string, FilterKind> = { code: 'string', type: 'string', email: 'string', name: 'string', contact: 'string', city: 'string' };
    return list(request, candidates, spec, (r, param) => (param === 'type' ? text(r.BP) || 'B' : r[RELATION_FIELDS[param]]), (r) => view.relationListJson(r));
  });
  router.add('GET', '/v1/relation/:id', (request) => {
    const view = request.view();
    const relation = view.relationById(byId(request, 'REL_055'));
    if (!relation) throw notFound('REL_055');
    return json(view.relationJson(relation));
  });
  router.add('POST', '/v1/relation', (request) => json(createRelation(request.view(), request.body(), today())));

  router.add('GET', '/v1/costcenter', (request) => {
    const view = request.view();
    return list(request, view.costCentres().map((k) => view.costCentreJson(k)), { parentId: 'number', description: 'string' }, field, (k) => k);
  });
  router.add('GET', '/v1/costcenter/:id', (request) => {
    const view = request.view();
    const id = byId(request, 'COST_001');
    const centre = view.costCentres().find((k) => Number(k.KostenplaatsId) === id);
    if (!centre) throw notFound('COST_001');
    return json({ ...view.costCentreJson(centre), fullPath: text(centre.Omschrijving) });
  });
  router.add('GET', '/v1/invoicetemplate', (request) => {
    const view = request.view();
    return list(request, view.extras.templates, { name: 'string', type: 'string', active: 'boolean' }, field, (t) => ({ ...t }));
  });

  router.add('GET', '/v1/mutation', (request) => {
    const view = request.view();
    // In booking order, every mutation: the REST API pages itself and has no 500-row cap.
    const records = view.administration.mutationRecords();
    const spec: Record<string, FilterKind> = { type: 'number', id: 'number', description: 'string', invoiceNumber: 'string', date: 'date' };
    const read = (m: Raw, param: string) => (param === 'type' ? restType(text(m.Soort)) : m[MUTATION_FIELDS[param]]);
    return list(request, records, spec, read, (m) => view.mutationListJson(m));
  });
  router.add('GET', '/v1/mutation/:id', (request) => {
    const view = request.view();
    const mutation = view.administration.getMutations({ MutatieNr: byId(request, 'MUT_300') })[0];
    if (!mutation) throw notFound('MUT_300');
    return json(view.mutationJson(mutation));
  });
  router.add('POST', '/v1/mutation', (request) => json(createMutation(request.view(), request.body())));

  router.add('GET', '/v1/invoice', (request) => {
    const view = request.view();
    const spec: Record<string, FilterKind> = { invoiceNumber: 'string', relationId: 'number', date: 'date' };
    return list(request, view.invoices(), spec, (i, param) => view.invoiceListJson(i.id, i.record)[param], (i) => view.invoiceListJson(i.id, i.record));
  });
  router.add('GET', '/v1/invoice/:id', (request) => {
    const view = request.view();
    const id = byId(request, 'FACT_021');
    const invoice = view.invoices()[id - 1];
    if (!invoice) throw notFound('FACT_021');
    return json(view.invoiceJson(invoice.id, invoice.record));
  });
  router.add('POST', '/v1/invoice', (request) => json(createInvoice(request.view(), request.body())));

  router.add('GET', '/v1/product', (request) => {
    const view = request.view();
    const articles = view.administration.getArticles({});
    return list(request, articles, { code: 'string', groupCode: 'string' }, (a, param) => (param === 'code' ? a.ArtikelCode : a.GroepCode), (a) => view.productListJson(a));
  });
  // Before /v1/product/:id, or `groups` would be read as an id.
  router.add('GET', '/v1/product/groups', (request) => {
    const view = request.view();
    return list(request, view.productGroups(), {}, () => '', (g) => g);
  });
  router.add('GET', '/v1/product/:id', (request) => {
    const view = request.view();
    const article = view.administration.getArticles({ ArtikelID: byId(request, 'ART_001') })[0];
    if (!article) throw notFound('ART_001');
    return json(view.productJson(article));
  });
  router.add('GET', '/v1/unit', (request) => {
    const view = request.view();
    // The SOAP side knows a unit by one name; singular and plural are both that name.
    return list(request, view.units(), {}, () => '', (name) => ({ id: view.unitId(name), singular: name, plural: name }));
  });
  return router;
}

/** The REST API as a request listener for the simulator's server (requests under /v1/). */
export function restRequestListener(options: RestListenerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const router = routes(options);
  return (req, res) => {
    options.onRequest?.();
    asRestRequest(() => options.faults.apply(req, res)).then(
      async (handled) => {
        if (handled) return;
        if (options.restFaults.take('htmlNext')) return writeResponse(res, htmlPage());
        const raw = await readBody(req);
        const { route, response } = handle(router, options, req, raw);
        if (route && options.restFaults.take('truncateNext')) return writeTruncated(res, response);
        writeResponse(res, response);
      },
      () => req.socket.destroy(),
    );
  };
}

function handle(router: Router<RestHandler>, options: RestListenerOptions, req: IncomingMessage, raw: string): { route: string | null; response: SimResponse } {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const method = (req.method ?? 'GET').toUpperCase();
  const match = router.match(method, url.pathname.replace(/\/+$/, ''));
  if (match === null) return { route: null, response: new RestError(404, 'notfound', undefined, `No resource ${url.pathname}.`).response() };
  if (!('handler' in match)) return { route: null, response: new RestError(405, 'error', undefined, 'Method not allowed.').response({ allow: match.allowed.join(', ') }) };
  const backend = options.backend();
  backend.calls[match.key] = (backend.calls[match.key] ?? 0) + 1;
  const request: RestRequest = {
    query: url.searchParams,
    params: match.params,
    body: () => {
      if (raw.trim() === '') throw invalid('DATA_01');
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        throw invalid('ERR_002');
      }
    },
    view: () => {
      const administration = backend.rest.use(req.headers.authorization);
      return new RestView(administration, backend.rest.extrasOf(administration));
    },
  };
  let response: SimResponse;
  let errorCode = '';
  try {
    if (match.key === 'DELETE /v1/session') backend.rest.close(req.headers.authorization);
    response = match.handler(request);
  } catch (error) {
    const restError = error instanceof RestError ? error : new RestError(500, 'error', 'ERR_001', REST_CODES.ERR_001);
    errorCode = restError.code ?? String(restError.status);
    response = restError.response();
  }
  options.onCall?.({ operation: match.key, write: method !== 'GET' && !match.key.endsWith('/v1/session'), errorCode });
  return { route: match.key, response };
}
