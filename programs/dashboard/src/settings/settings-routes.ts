/**
 * A tenant's Instellingen and Logboek, and their JSON twins. Whoever may see a tenant may change its
 * settings (the person whose books they are): the change is checked with each connector's schema
 * and as the CLI checks a tenant file, written into the same file (comments and order kept) only
 * while that file is the one the form was made from, and put in the audit log with the fields it
 * changed. Secrets are write-only: the form and the API say only whether one is set.
 */
import { ConfigurationError, describeError, secretPaths, type ConnectorRegistry } from '@koppelwerk/core';
import { editTenantFile, encryptionKey, encryptSecret, runConnectorLookup, secretReferenceOf, StaleTenantFileError, tenantFileValues, tryDraftFile, type TenantFileValues } from '@koppelwerk/runtime';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DashboardContext, messages, NotFoundError, signedIn } from '../dashboard-context';
import { connectorCatalog, type CatalogConnector } from '../forms/connector-catalog';
import { pageProblems } from '../forms/settings-validation';
import { tenantPath } from '../html';
import { linkChoices, LOOKUP_TIMEOUT_MS } from '../wizard/link-choices';
import { choiceKey, chosenConnector, readWizardForm, WIZARD_SIDES } from '../wizard/wizard-input';
import { auditTab, changeLines, settingsTab } from './settings-page';
import { settingsTexts } from './settings-texts';

export const AUDIT_SHOWN = 100;

export interface SettingsRouteOptions {
  registry: () => ConnectorRegistry;
  env?: NodeJS.ProcessEnv;
}

/** A tenant's settings as the API shows them: every secret as `{ set: true }` or its `${env:..}`/`${file:..}` reference. */
export function publicSettings(values: TenantFileValues, registry: ConnectorRegistry): Record<string, unknown> {
  const side = (kind: 'source' | 'sink') => {
    const schema = registry.find(values[kind].connector, kind).manifest.configSchema;
    const settings = structuredClone(values[kind].settings);
    for (const path of secretPaths(schema, settings)) {
      let node = settings;
      for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
      const key = path[path.length - 1];
      const reference = typeof node[key] === 'string' ? secretReferenceOf(node[key] as string) : undefined;
      node[key] = reference && reference.kind !== 'encrypted' ? (node[key] as string).trim() : { set: true };
    }
    return { connector: values[kind].connector, ...(values[kind].endpoint ? { endpoint: values[kind].endpoint } : {}), settings };
  };
  return { tenant: values.tenant, source: side('source'), sink: side('sink'), ledgers: values.ledgers, everyMinutes: values.everyMinutes ?? null };
}

export function registerSettingsRoutes(app: FastifyInstance, ctx: DashboardContext, options: SettingsRouteOptions): void {
  const encrypt = (plaintext: string) => encryptSecret(plaintext, encryptionKey(options.env).key);

  /** The tenant's file now: its values and the two connectors of the catalog. */
  async function current(tenant: string) {
    const file = await ctx.call(() => ctx.directory.tenantFile(tenant));
    const values = tenantFileValues(file.text);
    const catalog = connectorCatalog(options.registry());
    const source = chosenConnector(catalog, 'source', values.source.connector);
    const sink = chosenConnector(catalog, 'sink', values.sink.connector);
    return { file, values, source, sink };
  }

  /** Reads a submitted settings form against the current file; the connectors and the name are the file's. */
  function readForm(request: FastifyRequest, tenant: string, values: TenantFileValues, source: CatalogConnector, sink: CatalogConnector) {
    const choice = { tenant, source: source.connector, sink: sink.connector };
    const body = { ...(request.body as Record<string, unknown>), ...choice };
    return readWizardForm(body, {
      catalog: [source, sink],
      registry: options.registry(),
      language: request.language,
      remembered: { choice: choiceKey(choice), source: values.source.settings, sink: values.sink.settings },
      encrypt,
    });
  }

  app.get('/tenants/:tenant/settings', (request, reply) =>
    ctx.tenantPage(request, reply, 'settings', async (tenant) => {
      const { file, values, source, sink } = await current(tenant);
      if (!source || !sink) throw new NotFoundError();
      const draft = { tenant, source: values.source, sink: values.sink, ledgers: values.ledgers, everyMinutes: values.everyMinutes };
      const choices = await linkChoices(options.registry(), draft, options.env);
      return (csrf) => settingsTab({ language: request.language, m: messages(request), csrf, tenant, source, sink, draft, fingerprint: file.fingerprint, choices });
    }),
  );

  app.post('/tenants/:tenant/settings', { preHandler: app.csrfProtection }, async (request, reply) => {
    const tenant = await ctx.tenantFor(request);
    const user = signedIn(request).name;
    const language = request.language;
    const s = settingsTexts(language);
    const { values, source, sink } = await current(tenant);
    if (!source || !sink) throw new NotFoundError();
    const fingerprint = String((request.body as { fingerprint?: unknown } | undefined)?.fingerprint ?? '');
    const form = readForm(request, tenant, values, source, sink);
    const next: TenantFileValues = { tenant, source: form.draft.source, sink: form.draft.sink, ledgers: form.draft.ledgers ?? {}, everyMinutes: form.draft.everyMinutes };
    const page = (extra: { problems?: typeof form.problems; trial?: Awaited<ReturnType<typeof tryDraftFile>>; stale?: boolean }, status = 200) =>
      ctx.tenantPage(request, reply, 'settings', async () => (csrf) => settingsTab({ language, m: messages(request), csrf, tenant, source, sink, draft: { ...next }, fingerprint, ...extra }), status);
    if (form.problems.length > 0) return page({ problems: form.problems }, 422);
    const file = await ctx.call(() => ctx.directory.tenantFile(tenant));
    if (file.fingerprint !== fingerprint) return page({ stale: true }, 409);
    const edited = editTenantFile(file.text, next, options.registry(), encrypt);
    if (form.step !== 'save') return page({ trial: await tryDraftFile(edited.text, options.registry(), { env: options.env }) });
    if (edited.changed.length === 0) {
      request.session.flash = { ok: true, message: s.nothingChanged, lines: [] };
      return reply.redirect(tenantPath(tenant, 'settings'), 303);
    }
    try {
      await ctx.call(() => ctx.directory.saveTenantFile(tenant, edited.text, fingerprint));
    } catch (error) {
      if (error instanceof StaleTenantFileError) return page({ stale: true }, 409);
      if (error instanceof ConfigurationError) return page({ problems: pageProblems(error.problems, language) }, 422);
      throw error;
    }
    await ctx.directory.recordAudit(tenant, { user, action: 'settings', fields: edited.changed.map((change) => change.path) });
    request.session.flash = { ok: true, message: s.saved, lines: changeLines(language, edited.changed, { source, sink }) };
    return reply.redirect(tenantPath(tenant, 'settings'), 303);
  });

  app.get('/tenants/:tenant/audit', (request, reply) =>
    ctx.tenantPage(request, reply, 'audit', async (tenant) => {
      const entries = await ctx.call(() => ctx.directory.auditLog(tenant, AUDIT_SHOWN));
      return () => auditTab(request.language, entries);
    }),
  );

  app.get('/api/tenants/:tenant/settings', async (request) => {
    const tenant = await ctx.tenantFor(request);
    const file = await ctx.call(() => ctx.directory.tenantFile(tenant));
    return { ...publicSettings(tenantFileValues(file.text), options.registry()), fingerprint: file.fingerprint };
  });

  app.put('/api/tenants/:tenant/settings', { preHandler: app.csrfProtection }, async (request, reply) => {
    const tenant = await ctx.tenantFor(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const file = await ctx.call(() => ctx.directory.tenantFile(tenant));
    const fingerprint = typeof body.fingerprint === 'string' ? body.fingerprint : file.fingerprint;
    const values = tenantFileValues(file.text);
    const next: TenantFileValues = structuredClone(values);
    for (const side of WIZARD_SIDES) {
      const given = (body[side] ?? {}) as { endpoint?: unknown; settings?: Record<string, unknown> };
      if (typeof given.endpoint === 'string') next[side].endpoint = given.endpoint || undefined;
      for (const [key, value] of Object.entries(given.settings ?? {})) {
        // `{ "set": true }` (what GET answers for a secret) keeps it.
        if (value && typeof value === 'object' && (value as { set?: unknown }).set === true) continue;
        next[side].settings[key] = value;
      }
    }
    if (body.ledgers && typeof body.ledgers === 'object') Object.assign(next.ledgers, body.ledgers);
    if (typeof body.everyMinutes === 'number') next.everyMinutes = body.everyMinutes;
    const edited = editTenantFile(file.text, next, options.registry(), encrypt);
    if (edited.changed.length === 0) return { changed: [] };
    try {
      await ctx.call(() => ctx.directory.saveTenantFile(tenant, edited.text, fingerprint));
    } catch (error) {
      if (error instanceof StaleTenantFileError) return reply.code(409).send({ error: error.message });
      if (error instanceof ConfigurationError) return reply.code(422).send({ error: 'the settings have problems', problems: error.problems });
      throw error;
    }
    await ctx.directory.recordAudit(tenant, { user: signedIn(request).name, action: 'settings', fields: edited.changed.map((change) => change.path) });
    return { changed: edited.changed };
  });

  // A live list of a tenant's connectors (`ledgers`, `orderStatuses`), read with its saved settings.
  app.get('/api/tenants/:tenant/lookups/:name', async (request, reply) => {
    const tenant = await ctx.tenantFor(request);
    const name = String((request.params as { name?: unknown }).name ?? '');
    const values = tenantFileValues((await ctx.call(() => ctx.directory.tenantFile(tenant))).text);
    const registry = options.registry();
    const side = WIZARD_SIDES.find((kind) => registry.find(values[kind].connector, kind).manifest.lookups?.some((lookup) => lookup.name === name));
    if (!side) return reply.code(404).send({ error: `neither connector of ${tenant} offers a lookup ${JSON.stringify(name)}` });
    try {
      const items = await runConnectorLookup(registry, { connector: values[side].connector, lookup: name, settings: values[side].settings, endpoint: values[side].endpoint, side, timeoutMs: LOOKUP_TIMEOUT_MS, env: options.env });
      return { lookup: name, side, items };
    } catch (error) {
      return reply.code(502).send({ error: describeError(error) });
    }
  });

  app.get('/api/tenants/:tenant/audit', async (request) => {
    const tenant = await ctx.tenantFor(request);
    return { entries: await ctx.call(() => ctx.directory.auditLog(tenant, AUDIT_SHOWN)) };
  });
}
