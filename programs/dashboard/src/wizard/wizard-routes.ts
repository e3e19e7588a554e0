/**
 * "Nieuwe koppeling" (`/tenants/new`) and its JSON twin (`POST /api/tenants`): an operator makes a
 * link without a file. The settings are checked with each connector's own schema (every problem at
 * its field, in the page's language) and then as the CLI checks a tenant file; "Verbinding testen"
 * and "Proefrun" try the link on a scratch copy; "Opslaan" makes the tenant (a tenant file in the
 * served folder, or the service's row), which then runs on its schedule. A tenant user gets the
 * same 404 as for any page they may not see.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, type ConnectorRegistry } from '@koppelwerk/core';
import { checkDraftFile, draftTenantFile, encryptionKey, encryptSecret, tenantNameProblem, tryDraftFile, type TenantDraft } from '@koppelwerk/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DashboardContext, isUsageError, messages, NotFoundError, sendPage, signedIn } from '../dashboard-context';
import { connectorCatalog } from '../forms/connector-catalog';
import { pageProblems, validateSettings, type SettingsProblem } from '../forms/settings-validation';
import { tenantPath } from '../html';
import type { Language } from '../messages/language';
import { chosenConnector, readChoice, readDraftJson, readWizardForm, WIZARD_SIDES, type RememberedSecrets } from './wizard-input';
import { linkChoices } from './link-choices';
import { choicePage, settingsPage } from './wizard-page';
import { wizardTexts } from './wizard-texts';

declare module 'fastify' {
  interface Session {
    /** The secrets typed into "Nieuwe koppeling" so far, as `${encrypted:..}` references only. */
    wizard?: RememberedSecrets;
  }
}

export interface WizardRouteOptions {
  /** The connectors the runner can load (built in and installed). */
  registry: () => ConnectorRegistry;
  /** Where the machine's secret key is found (KOPPELWERK_SECRET_KEY, the key file); default this process's environment. */
  env?: NodeJS.ProcessEnv;
}

/** Only operators make links; anyone else sees the 404 of a page that is not theirs. */
function operatorOnly(request: FastifyRequest): void {
  if (signedIn(request).role !== 'operator') throw new NotFoundError();
}

export function registerWizardRoutes(app: FastifyInstance, ctx: DashboardContext, options: WizardRouteOptions): void {
  const encrypt = (plaintext: string) => encryptSecret(plaintext, encryptionKey(options.env).key);

  /** The draft as a checked tenant file, or the problems that stop it (the CLI's checks, at their paths). */
  async function draftFile(draft: TenantDraft, language: Language): Promise<{ text: string } | { problems: SettingsProblem[] }> {
    const t = wizardTexts(language);
    const registry = options.registry();
    try {
      const text = draftTenantFile(draft, registry, encrypt);
      checkDraftFile(text, registry, join(tmpdir(), `${draft.tenant}.yaml`), options.env);
      const taken = (await ctx.call(() => ctx.directory.tenants())).includes(draft.tenant);
      return taken ? { problems: [{ path: 'tenant', message: t.taken(draft.tenant) }] } : { text };
    } catch (error) {
      if (error instanceof ConfigurationError) return { problems: pageProblems(error.problems, language).map((p) => (p.path === 'tenant' ? { path: 'tenant', message: t.badName } : p)) };
      throw error;
    }
  }

  app.get('/tenants/new', async (request, reply) => {
    operatorOnly(request);
    const language = request.language;
    const t = wizardTexts(language);
    const catalog = connectorCatalog(options.registry());
    const choice = readChoice(request.query);
    const asked = Object.keys((request.query ?? {}) as object).some((key) => key === 'source');
    const source = chosenConnector(catalog, 'source', choice.source);
    const sink = chosenConnector(catalog, 'sink', choice.sink);
    const problems: SettingsProblem[] = [];
    if (asked) {
      if (tenantNameProblem(choice.tenant)) problems.push({ path: 'tenant', message: t.badName });
      else if ((await ctx.call(() => ctx.directory.tenants())).includes(choice.tenant)) problems.push({ path: 'tenant', message: t.taken(choice.tenant) });
      if (!source) problems.push({ path: 'source', message: t.unknownConnector });
      if (!sink) problems.push({ path: 'sink', message: t.unknownConnector });
    }
    if (!asked || problems.length > 0 || !source || !sink) {
      return sendPage(request, reply, t.title, () => choicePage(language, catalog, choice, problems), problems.length ? 422 : 200);
    }
    return sendPage(request, reply, `${t.title}: ${choice.tenant}`, (csrf) => settingsPage({ language, m: messages(request), csrf, choice, source, sink }));
  });

  app.post('/tenants/new', { preHandler: app.csrfProtection }, async (request, reply) => {
    operatorOnly(request);
    const language = request.language;
    const t = wizardTexts(language);
    const registry = options.registry();
    const catalog = connectorCatalog(registry);
    const form = readWizardForm(request.body, { catalog, registry, language, remembered: request.session.wizard, encrypt });
    request.session.wizard = form.remembered;
    const source = chosenConnector(catalog, 'source', form.choice.source);
    const sink = chosenConnector(catalog, 'sink', form.choice.sink);
    if (!source || !sink) return reply.redirect('/tenants/new', 303);
    const render = (extra: Pick<Parameters<typeof settingsPage>[0], 'problems' | 'trial' | 'choices'>) =>
      sendPage(request, reply, `${t.title}: ${form.choice.tenant}`, (csrf) => settingsPage({ language, m: messages(request), csrf, choice: form.choice, source, sink, draft: form.draft, ...extra }), extra.problems?.length ? 422 : 200);
    if (form.problems.length > 0) return render({ problems: form.problems });
    const drafted = await draftFile(form.draft, language);
    if ('problems' in drafted) return render({ problems: drafted.problems });
    if (form.step !== 'save') {
      const trial = await tryDraftFile(drafted.text, registry, { dryRun: form.step === 'dry-run', env: options.env });
      // Both sides answer: the form offers their live lists (the shop's statuses, the ledgers) from now on.
      const choices = trial.checks.source.ok && trial.checks.sink.ok ? await linkChoices(registry, form.draft, options.env) : undefined;
      return render({ trial, choices });
    }
    try {
      await ctx.call(() => ctx.directory.createTenant(form.choice.tenant, drafted.text));
    } catch (error) {
      if (isUsageError(error)) return render({ problems: [{ path: '', message: error.message }] });
      throw error;
    }
    await ctx.directory.recordAudit(form.choice.tenant, { user: signedIn(request).name, action: 'create' });
    request.session.wizard = undefined;
    request.session.flash = { ok: true, message: t.saved(form.choice.tenant), lines: [] };
    return reply.redirect(tenantPath(form.choice.tenant), 303);
  });

  // The same link from a script: the wizard's fields as JSON, checked the same way.
  app.post('/api/tenants', { preHandler: app.csrfProtection }, async (request, reply) => {
    if (signedIn(request).role !== 'operator') return reply.code(403).send({ error: 'only an operator can create tenants' });
    const draft = readDraftJson(request.body);
    if (!draft) return reply.code(400).send({ error: 'expected a JSON object: { tenant, source: { connector, settings }, sink: { connector, settings }, ledgers?, everyMinutes? }' });
    const problems = settingsProblems(draft, options.registry(), request.language);
    const drafted = problems.length > 0 ? { problems } : await draftFile(draft, request.language);
    if ('problems' in drafted) return reply.code(422).send({ error: 'the link has problems', problems: drafted.problems });
    try {
      await ctx.call(() => ctx.directory.createTenant(draft.tenant, drafted.text));
    } catch (error) {
      if (isUsageError(error)) return reply.code(409).send({ error: error.message });
      throw error;
    }
    await ctx.directory.recordAudit(draft.tenant, { user: signedIn(request).name, action: 'create' });
    return reply.code(201).send({ tenant: draft.tenant });
  });
}

/** Each side's settings checked with its connector's schema, in the asker's language (an unknown connector is left to the draft). */
function settingsProblems(draft: TenantDraft, registry: ConnectorRegistry, language: Language): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  for (const side of WIZARD_SIDES) {
    let schema;
    try {
      schema = registry.find(draft[side].connector, side).manifest.configSchema;
    } catch {
      continue;
    }
    const check = validateSettings(schema, { ...draft[side].settings, ...(draft[side].endpoint ? { endpoint: draft[side].endpoint } : {}) }, language);
    if (!check.ok) problems.push(...check.problems.map((p) => ({ path: `${side}.settings${p.path ? `.${p.path}` : ''}`, message: p.message })));
  }
  return problems;
}
