/**
 * The JSON API under /api/: the same data and actions as the pages, for scripts. The same login
 * (the session cookie) and tenant isolation; POSTs carry the CSRF token from GET /api/csrf in the
 * `x-csrf-token` header.
 */
import type { ConnectorRegistry } from '@koppelwerk/core';
import { createRegistry } from '@koppelwerk/runtime';
import type { FastifyInstance } from 'fastify';
import { ACTIONS, performAction } from './action-routes';
import { DashboardContext, NotFoundError, signedIn } from './dashboard-context';
import { connectorCatalog } from './forms/connector-catalog';
import { ACTIVITY_PAGE_SIZE, ERRORS_PAGE_SIZE, RUNS_SHOWN } from './page-routes';
import { BadRequestError, parseActionBody, parseActivityQuery, parseEntryId, parseErrorsQuery, parseExplainQuery } from './request-input';

/** A JSON action body (`{ "ids": [1, 2] }` or `{ "all": true, "class": "record" }`) in the form's terms. */
function formTerms(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError('expected a JSON object');
  const b = body as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'number' ? String(value) : value);
  return {
    ids: Array.isArray(b.ids) ? b.ids.map(text) : text(b.ids),
    all: b.all === true ? '1' : b.all === undefined || b.all === false ? undefined : b.all,
    class: b.class,
  };
}

export interface ApiRouteOptions {
  /** The connectors the runner can load; the runtime's registry (built in, and packages installed here) when not given. */
  registry?: ConnectorRegistry;
}

export function registerApiRoutes(app: FastifyInstance, ctx: DashboardContext, options: ApiRouteOptions = {}): void {
  const { directory } = ctx;
  let registry = options.registry;

  app.get('/api/csrf', async (_request, reply) => ({ token: reply.generateCsrf() }));

  // Every connector with its settings' JSON Schema (labels and help in both languages): what the wizard's forms are made of.
  app.get('/api/connectors', async () => ({ connectors: connectorCatalog((registry ??= createRegistry())) }));

  app.get('/api/tenants', async (request) => {
    const tenants = await ctx.visibleTenants(signedIn(request));
    return { tenants: await ctx.overviews(tenants) };
  });

  app.get('/api/tenants/:tenant', async (request) => {
    const tenant = await ctx.tenantFor(request);
    const [overview] = await ctx.overviews([tenant]);
    if (!overview) throw new NotFoundError();
    return overview;
  });

  app.get('/api/tenants/:tenant/errors', async (request) => {
    const tenant = await ctx.tenantFor(request);
    const filter = parseErrorsQuery(request.query);
    return ctx.call(() => directory.errors(tenant, { ...filter, pageSize: ERRORS_PAGE_SIZE }));
  });

  app.get('/api/tenants/:tenant/errors/:id', async (request) => {
    const tenant = await ctx.tenantFor(request);
    const id = parseEntryId((request.params as { id?: unknown }).id);
    const entry = await ctx.call(() => directory.error(tenant, id));
    if (!entry) throw new NotFoundError();
    return entry;
  });

  app.get('/api/tenants/:tenant/activity', async (request) => {
    const tenant = await ctx.tenantFor(request);
    const query = parseActivityQuery(request.query);
    return { entries: await ctx.call(() => directory.activity(tenant, { ...query, limit: ACTIVITY_PAGE_SIZE })) };
  });

  app.get('/api/tenants/:tenant/runs', async (request) => {
    const tenant = await ctx.tenantFor(request);
    return { runs: await ctx.call(() => directory.runs(tenant, RUNS_SHOWN)) };
  });

  app.get('/api/tenants/:tenant/explain', async (request) => {
    const tenant = await ctx.tenantFor(request);
    const document = parseExplainQuery(request.query);
    if (document === undefined) throw new BadRequestError('give ?document=<key>');
    try {
      return await ctx.call(() => directory.explain(tenant, document));
    } catch (error) {
      if (error instanceof Error && error.name === 'UsageError') throw new NotFoundError();
      throw error;
    }
  });

  for (const action of ACTIONS) {
    app.post(`/api/tenants/:tenant/${action}`, { preHandler: app.csrfProtection }, async (request, reply) => {
      const tenant = await ctx.tenantFor(request);
      const result = await performAction(ctx, tenant, action, parseActionBody(formTerms(request.body)), signedIn(request).name);
      if (!result) return reply.code(400).send({ error: 'select one or more errors: { "ids": [...] } (or { "all": true } to process all again)' });
      return result;
    });
  }

  // The settings page's "Verbinding testen" for a saved tenant: both sides checked now (the check action).
  app.post('/api/tenants/:tenant/test-connection', { preHandler: app.csrfProtection }, async (request) => {
    const tenant = await ctx.tenantFor(request);
    return performAction(ctx, tenant, 'check', parseActionBody({}), signedIn(request).name);
  });
}
