import { configJsonSchema, parseConfig, ConfigurationError, type ConnectorManifest } from '@koppelwerk/core';
import { createRegistry } from '@koppelwerk/runtime';
import type { Language } from '../messages/language';
import type { JsonSchemaNode } from './settings-fields';
import { settingsFormFields } from './settings-form';
import { settingsFromForm } from './settings-body';
import { validateSettings, type SettingsProblem } from './settings-validation';

const registry = createRegistry();
const connector = (id: string) => registry.get(id);
const schemaOf = (manifest: ConnectorManifest) => configJsonSchema(manifest.configSchema) as JsonSchemaNode;

/** Form body -> settings -> the connector's own validation, in a language; the problems by path. */
function submit(id: string, body: Record<string, string | string[]>, language: Language, options: { prefix?: string; current?: unknown } = {}) {
  const manifest = connector(id);
  const { settings, kept } = settingsFromForm(schemaOf(manifest), body, options);
  const check = validateSettings(manifest.configSchema, settings, language);
  const problems = check.ok ? {} : Object.fromEntries(check.problems.map((problem) => [problem.path, problem.message]));
  return { settings, kept, check, problems };
}

/** What the CLI says of the same settings: the same schema, its problems by path. */
function cliProblems(id: string, settings: unknown): Record<string, string> {
  try {
    parseConfig(connector(id).configSchema, settings);
    return {};
  } catch (error) {
    return Object.fromEntries((error as ConfigurationError).problems.map((problem) => [problem.path, problem.message]));
  }
}

describe('settings from a form, checked by the connector schema', () => {
  const brokenLogin = {
    _csrf: 'token',
    'sink.api': 'soap',
    'sink.username': 'abc',
    'sink.securityCode1': 'not-a-code',
    'sink.securityCode2': '',
    'sink.source': 'Koppelwerk',
    'sink.endpoint': 'ftp://example.nl',
    'sink.timeoutMs': '12',
    'sink.maxCallsPerSecond': '0',
  };

  it('finds every problem in one pass, each at its field, in Dutch', () => {
    const { settings, problems } = submit('eboekhouden', brokenLogin, 'nl', { prefix: 'sink' });
    expect(settings).toEqual({
      api: 'soap',
      username: 'abc',
      securityCode1: 'not-a-code',
      source: 'Koppelwerk',
      endpoint: 'ftp://example.nl',
      timeoutMs: 12,
      maxCallsPerSecond: 0,
    });
    expect(problems).toEqual({
      username: expect.stringMatching(/^de gebruikersnaam van e-Boekhouden moet minstens 6 tekens hebben/),
      securityCode1: 'beveiligingscode 1 moet de code van 32 tekens zijn die staat in e-Boekhouden onder Beheer > Inrichting > Instellingen > Koppelingen > API/SOAP',
      securityCode2: 'is verplicht bij api: soap; kopieer het in e-Boekhouden onder Beheer > Inrichting > Instellingen > Koppelingen > API/SOAP',
      source: 'hoort bij de REST-API (api: rest)',
      endpoint: 'het adres moet een http(s)-URL zijn',
      timeoutMs: 'moet minstens 1000 zijn',
      maxCallsPerSecond: 'het aantal aanroepen per seconde moet minstens 1 zijn',
    });
  });

  it('finds the same problems as the CLI, in English on an English page, and in other words in Dutch', () => {
    const english = submit('eboekhouden', brokenLogin, 'en', { prefix: 'sink' });
    const dutch = submit('eboekhouden', brokenLogin, 'nl', { prefix: 'sink' });
    const cli = cliProblems('eboekhouden', english.settings);
    expect(Object.keys(english.problems).sort()).toEqual(Object.keys(cli).sort());
    // The connector's own messages are the CLI's, word for word.
    for (const path of ['username', 'securityCode1', 'securityCode2', 'source', 'endpoint', 'maxCallsPerSecond']) expect(english.problems[path]).toBe(cli[path]);
    // No English sentence reaches the Dutch page.
    for (const path of Object.keys(dutch.problems)) expect({ path, same: dutch.problems[path] === english.problems[path] }).toEqual({ path, same: false });
  });

  it("words zod's own problems in the page's language: missing, too short, too small, not a number, not a date, a pattern", () => {
    const body = { token: '', partner_token: '  ', pageSize: '0', overlapMinutes: 'tien', timeoutSeconds: '2,5', startDate: '2026-13-45', language: 'dutch', bookedStatuses: '\n \n' };
    expect(submit('mijnwebwinkel', body, 'nl').problems).toEqual({
      token: 'is verplicht',
      partner_token: 'is verplicht',
      pageSize: 'moet minstens 1 zijn',
      overlapMinutes: 'moet een getal zijn',
      timeoutSeconds: 'moet een geheel getal zijn', // 2,5 is read as the 2.5 a Dutch decimal comma means
      startDate: 'moet een datum zijn (JJJJ-MM-DD)',
      language: 'heeft niet de juiste vorm',
    });
    expect(submit('mijnwebwinkel', body, 'en').problems).toMatchObject({ token: 'is required', pageSize: 'must be at least 1', startDate: 'must be a date (YYYY-MM-DD)' });
    const stella = submit('stella', { api_key: 'k', pageSize: '101', endpoint: 'niet een adres' }, 'nl');
    expect(stella.problems).toEqual({ pageSize: 'mag hoogstens 100 zijn', endpoint: 'moet een adres zijn dat begint met http:// of https://' });
    expect(submit('werkbonapp', { token: 't', software_token: 's', 'export.materialVatRate': '7' }, 'nl').problems).toEqual({ 'export.materialVatRate': 'moet een van deze zijn: 0, 9, 21' });
  });

  it('builds nested settings from flat names, reads only the fields of the schema, and passes a good form', () => {
    const body = {
      'source.token': 'customer-token',
      'source.software_token': 'software-token',
      'source.apiVersion': '9',
      'source.export.enabled': 'true',
      'source.export.workStatus': '2 klaar',
      'source.export.materialVatRate': '21',
      'source.import.relations': 'true',
      // materials and hourTypes unticked: a checkbox that is not ticked is not sent
      'source.__proto__.polluted': 'yes',
      'source.extra': 'not a setting',
      'sink.token': 'the other side',
    };
    const { settings, check } = submit('werkbonapp', body, 'nl', { prefix: 'source' });
    expect(settings).toEqual({
      token: 'customer-token',
      software_token: 'software-token',
      apiVersion: 9,
      export: { enabled: true, workStatus: '2 klaar', materialVatRate: '21' },
      import: { relations: true, materials: false, hourTypes: false },
    });
    expect(check).toEqual({ ok: true, settings });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const shop = submit('mijnwebwinkel', { token: 't', partner_token: 'p', bookedStatuses: 'Betaald\r\n\r\n  Verzonden \n' }, 'nl');
    expect(shop.settings).toEqual({ token: 't', partner_token: 'p', bookedStatuses: ['Betaald', 'Verzonden'] });
    expect(shop.check.ok).toBe(true);
  });

  it('keeps a secret left empty at its current value, and leaves a reference to the machine that resolves it', () => {
    const current = { api: 'soap', username: 'winkelier', securityCode1: 'a'.repeat(32), securityCode2: 'C0FFEE00-1234-4ABC-9DEF-0123456789AB' };
    const body = { api: 'soap', username: 'winkelier', securityCode1: '', securityCode2: '${env:EB_CODE2}' };
    const { settings, kept, check } = submit('eboekhouden', body, 'nl', { current });
    expect(settings).toEqual({ api: 'soap', username: 'winkelier', securityCode1: 'a'.repeat(32), securityCode2: '${env:EB_CODE2}' });
    expect(kept).toEqual(['securityCode1']);
    expect(check.ok).toBe(true);
    // A new value replaces the current one; without a current value an empty secret is missing.
    expect(submit('eboekhouden', { ...body, securityCode1: 'b'.repeat(32) }, 'nl', { current }).settings.securityCode1).toBe('b'.repeat(32));
    expect(submit('eboekhouden', body, 'nl').problems).toEqual({ securityCode1: expect.stringMatching(/^is verplicht bij api: soap/) });
  });

  it('shows the problems of a submitted form at their fields, never a secret that was typed', () => {
    const typed = 'typed-secret-value-123';
    const { settings, check } = submit('eboekhouden', { ...brokenLogin, 'sink.securityCode1': typed }, 'nl', { prefix: 'sink' });
    const problems: SettingsProblem[] = check.ok ? [] : check.problems;
    const page = settingsFormFields(schemaOf(connector('eboekhouden')), { language: 'nl', prefix: 'sink', values: settings, problems }).value;
    expect(page).not.toContain(typed);
    expect(page).toMatch(/data-path="sink\.username">[\s\S]*?aria-invalid="true"[\s\S]*?<p class="field-problem" role="alert">de gebruikersnaam van e-Boekhouden moet minstens 6 tekens hebben/);
    expect(page).toMatch(/data-path="sink\.timeoutMs">[\s\S]*?<p class="field-problem" role="alert">moet minstens 1000 zijn<\/p>/);
    expect(page).not.toContain('form-problems');
  });
});
