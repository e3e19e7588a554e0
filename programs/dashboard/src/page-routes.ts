/** The pages people read: the overview and a tenant's tabs (errors, one error, activity, runs, explain). */
import type { FastifyInstance } from 'fastify';
import { DashboardContext, NotFoundError, isUsageError, messages, sendPage, signedIn } from './dashboard-context';
import { tenantPath } from './html';
import { parseActivityQuery, parseEntryId, parseErrorsQuery, parseExplainQuery } from './request-input';
import { errorEntry, errorsTab } from './views/errors-tab';
import { explainTab, type ExplainResult } from './views/explain-tab';
import { activityTab, runsTab } from './views/history-tabs';
import { overviewBody } from './views/overview-page';
import { wizardTexts } from './wizard/wizard-texts';

export const ERRORS_PAGE_SIZE = 50;
export const ACTIVITY_PAGE_SIZE = 50;
export const RUNS_SHOWN = 50;

export function registerPageRoutes(app: FastifyInstance, ctx: DashboardContext): void {
  const { directory } = ctx;

  const tenantPage = ctx.tenantPage.bind(ctx);

  app.get('/', async (request, reply) => {
    const tenants = await ctx.visibleTenants(signedIn(request));
    if (signedIn(request).role === 'tenant' && tenants.length === 1) return reply.redirect(tenantPath(tenants[0]), 303);
    const overviews = await ctx.overviews(tenants);
    const m = messages(request);
    const newLink = signedIn(request).role === 'operator' ? wizardTexts(request.language).newLink : undefined;
    return sendPage(request, reply, m.overview.title, () => overviewBody(m, overviews, newLink));
  });

  app.get('/tenants/:tenant', async (request, reply) => {
    const tenant = await ctx.tenantFor(request);
    return reply.redirect(tenantPath(tenant, 'errors'), 303);
  });

  app.get('/tenants/:tenant/errors', (request, reply) =>
    tenantPage(request, reply, 'errors', async (tenant) => {
      const filter = parseErrorsQuery(request.query);
      const result = await ctx.call(() => directory.errors(tenant, { ...filter, pageSize: ERRORS_PAGE_SIZE }));
      return (csrf) => errorsTab(messages(request), tenant, result, filter, csrf);
    }),
  );

  app.get('/tenants/:tenant/errors/:id', (request, reply) =>
    tenantPage(request, reply, 'errors', async (tenant) => {
      const id = parseEntryId((request.params as { id?: unknown }).id);
      const entry = await ctx.call(() => directory.error(tenant, id));
      if (!entry) throw new NotFoundError();
      return (csrf) => errorEntry(messages(request), tenant, entry, csrf);
    }),
  );

  app.get('/tenants/:tenant/activity', (request, reply) =>
    tenantPage(request, reply, 'activity', async (tenant) => {
      const query = parseActivityQuery(request.query);
      const entries = await ctx.call(() => directory.activity(tenant, { ...query, limit: ACTIVITY_PAGE_SIZE }));
      return () => activityTab(messages(request), tenant, entries, { ...query, limit: ACTIVITY_PAGE_SIZE });
    }),
  );

  app.get('/tenants/:tenant/runs', (request, reply) =>
    tenantPage(request, reply, 'runs', async (tenant) => {
      const runs = await ctx.call(() => directory.runs(tenant, RUNS_SHOWN));
      return () => runsTab(messages(request), runs);
    }),
  );

  app.get('/tenants/:tenant/explain', (request, reply) =>
    tenantPage(request, reply, 'explain', async (tenant) => {
      const document = parseExplainQuery(request.query);
      let result: ExplainResult;
      if (document !== undefined) {
        try {
          result = { view: await ctx.call(() => directory.explain(tenant, document)) };
        } catch (error) {
          if (!isUsageError(error)) throw error;
          result = { notFound: error.message };
        }
      }
      return () => explainTab(messages(request), tenant, document, result);
    }),
  );
}

