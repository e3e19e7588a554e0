import { configJsonSchema, fieldTextsIn, type ConnectorManifest } from '@koppelwerk/core';
import { createRegistry } from '@koppelwerk/runtime';
import { messagesFor, type Language } from '../messages/language';
import { settingsFields, type JsonSchemaNode, type SettingsField } from './settings-fields';
import { settingsFormFields } from './settings-form';

const registry = createRegistry();
const builtIns = registry.list().map((manifest) => [manifest.id, manifest] as const);
const schemaOf = (manifest: ConnectorManifest) => configJsonSchema(manifest.configSchema) as JsonSchemaNode;
const manifest = (id: string) => registry.get(id);

function everyField(fields: readonly SettingsField[]): SettingsField[] {
  return fields.flatMap((field) => [field, ...everyField(field.fields ?? [])]);
}

/** English words that are no Dutch words: none of them may be on a Dutch form. */
const ENGLISH_WORDS = ['the', 'and', 'with', 'from', 'for', 'this', 'when', 'only', 'empty', 'leave', 'must', 'your', 'you', 'which', 'what', 'how', 'default', 'required', 'set', 'none', 'choose', 'line'];

function englishWordsIn(text: string): string[] {
  return ENGLISH_WORDS.filter((word) => new RegExp(`(^|[^\\p{L}])${word}([^\\p{L}]|$)`, 'iu').test(text));
}

/** The texts of a page a person reads: the labels, legends, help, notes and options, without the markup. */
function readableTexts(page: string): string[] {
  const texts = [...page.matchAll(/<(label|legend|p|option|span|abbr)\b[^>]*>([^<]*)/g)].map((match) => match[2].trim());
  const titles = [...page.matchAll(/\b(title|placeholder)="([^"]*)"/g)].map((match) => match[2]);
  return [...texts, ...titles].filter(Boolean);
}

describe.each(builtIns)("%s's settings form", (_id, connector) => {
  const schema = schemaOf(connector);

  it('has a label and help for every field in Dutch and in English, and they differ', () => {
    const properties = everyField(settingsFields(schema, 'en'));
    expect(properties.length).toBeGreaterThan(0);
    for (const language of ['nl', 'en'] as Language[]) {
      for (const field of everyField(settingsFields(schema, language))) {
        expect({ field: field.path, label: field.label.trim().length > 0 && field.label !== field.key, help: (field.help ?? '').trim().length > 0 }).toEqual({
          field: field.path,
          label: true,
          help: true,
        });
      }
    }
    const nl = everyField(settingsFields(schema, 'nl'));
    const en = everyField(settingsFields(schema, 'en'));
    nl.forEach((dutch, i) => {
      // The same words in both would be English on the Dutch page (or Dutch on the English one).
      expect({ field: dutch.path, label: dutch.label === en[i].label, help: dutch.help === en[i].help }).toEqual({ field: dutch.path, label: false, help: false });
      expect({ field: dutch.path, english: englishWordsIn(`${dutch.label} ${dutch.help}`) }).toEqual({ field: dutch.path, english: [] });
    });
  });

  it.each(['nl', 'en'] as Language[])('renders every field with its %s label, and nothing English on the Dutch page', (language) => {
    const page = settingsFormFields(schema, { language, prefix: connector.kind }).value;
    for (const field of everyField(settingsFields(schema, language))) {
      const name = `${connector.kind}.${field.path}`;
      expect(page).toContain(`data-path="${name}"`);
      if (field.kind !== 'group') expect(page).toMatch(new RegExp(`<(input|select|textarea) [^>]*name="${name.replace(/\./g, '\\.')}"`));
    }
    if (language === 'nl') {
      const english = readableTexts(page).filter((text) => englishWordsIn(text).length > 0);
      expect(english).toEqual([]);
      // The English form's own words are nowhere on it.
      for (const field of everyField(settingsFields(schema, 'en'))) expect(page).not.toContain(`>${field.label}<`);
    }
  });

  it('shows a secret as a password input that is never filled in, whatever it holds', () => {
    const secrets = everyField(settingsFields(schema, 'nl')).filter((field) => field.secret);
    expect(secrets.length).toBeGreaterThan(0);
    const values = Object.fromEntries(secrets.map((field, i) => [field.path, `canary-secret-${i}-${'x'.repeat(20)}`]));
    for (const language of ['nl', 'en'] as Language[]) {
      const page = settingsFormFields(schema, { language, values }).value;
      expect(page).not.toContain('canary-secret');
      for (const field of secrets) expect(page).toMatch(new RegExp(`<input type="password" id="setting-${field.path}" name="${field.path}"[^>]* value=""`));
      expect(page).toContain(`<span class="secret-state">${messagesFor(language).settingsForm.secretSet}</span>`);
    }
  });
});

describe('the settings form', () => {
  const eboekhouden = schemaOf(manifest('eboekhouden'));
  const werkbonapp = schemaOf(manifest('werkbonapp'));
  const mijnwebwinkel = schemaOf(manifest('mijnwebwinkel'));

  it("shows a reference as the reference it is, and says a set secret is set, with the connector's own words", () => {
    const page = settingsFormFields(eboekhouden, {
      language: 'nl',
      values: { api: 'soap', username: 'winkelier', securityCode1: '${env:EB_CODE1}', securityCode2: { set: true, updatedAt: '2026-03-01T10:00:00Z' } },
    }).value;
    expect(page).toContain('<label for="setting-securityCode1">Beveiligingscode 1</label>');
    expect(page).toContain('<span class="secret-state">nu: ${env:EB_CODE1}</span>');
    expect(page).toMatch(/name="securityCode2"[^>]*value=""[^>]*> <span class="secret-state">ingesteld<\/span>/);
    expect(page).toContain('Leeg laten houdt de huidige waarde');
    expect(page).toContain('value="winkelier"');
    // A choice shows the connector's words for its values, the current one selected.
    expect(page).toContain('<option value="soap" selected>SOAP (gebruikersnaam en beveiligingscodes)</option>');
    expect(page).toContain('<option value="rest">REST (API-token)</option>');
    // An unset secret asks for a value.
    expect(settingsFormFields(schemaOf(manifest('stella')), { language: 'nl' }).value).toMatch(/<input type="password" [^>]*name="api_key"[^>]* value="" autocomplete="new-password" required>/);
  });

  it('renders groups as fieldsets, yes/no as checkboxes, choices, lists, numbers and dates, with defaults and required marks', () => {
    const page = settingsFormFields(werkbonapp, { language: 'nl', prefix: 'source', values: { import: { materials: false } } }).value;
    expect(page).toContain('<legend>Werkbonnen naar e-Boekhouden</legend>');
    expect(page).toContain('<legend>Van e-Boekhouden naar WerkbonApp</legend>');
    expect(page).toMatch(/<input type="checkbox" id="setting-source\.import\.relations" name="source\.import\.relations"[^>]* value="true" checked> Relaties/);
    expect(page).toMatch(/<input type="checkbox" id="setting-source\.import\.materials" name="source\.import\.materials"[^>]* value="true"> Materialen/);
    expect(page).toContain('<option value="" selected>(geen)</option><option value="0">0</option><option value="9">9</option><option value="21">21</option>');
    expect(page).toMatch(/<input type="number" [^>]*name="source\.apiVersion"[^>]* value="" step="1" min="7" max="99" placeholder="8">/);
    expect(page).toContain('Standaard: 1 naar E-boekhouden');
    expect(page).toContain('Standaard: ja');
    expect(page).toMatch(/Klanttoken <abbr class="required" title="verplicht">\*<\/abbr>/);
    const shop = settingsFormFields(mijnwebwinkel, { language: 'en', values: { bookedStatuses: ['Betaald', 'Verzonden'], startDate: '2026-01-01' } }).value;
    expect(shop).toMatch(/<textarea id="setting-bookedStatuses" name="bookedStatuses"[^>]*>Betaald\nVerzonden<\/textarea>/);
    expect(shop).toContain('Default: Betaald, Verzonden, Afgehaald');
    expect(shop).toContain('One a line.');
    expect(shop).toMatch(/<input type="date" [^>]*name="startDate"[^>]* value="2026-01-01">/);
    expect(shop).toMatch(/Shop token <abbr class="required" title="required">\*<\/abbr>/);
  });

  it('escapes every value and text, and shows each problem at its field (and the others above the fields)', () => {
    const hostile = `<script>alert("x")</script>'&`;
    const schema: JsonSchemaNode = {
      type: 'object',
      properties: {
        name: { type: 'string', 'x-texts': { nl: { label: hostile, help: hostile }, en: { label: hostile, help: hostile } } },
        kind: { type: 'string', enum: [hostile] },
      },
    };
    const page = settingsFormFields(schema, {
      language: 'nl',
      values: { name: hostile },
      problems: [
        { path: 'name', message: hostile },
        { path: '', message: 'alles mis' },
        { path: 'kind.0', message: 'binnen het veld' },
      ],
    }).value;
    expect(page).toMatch(/data-path="kind">[\s\S]*?<p class="field-problem" role="alert">binnen het veld<\/p>/);
    expect(page).not.toContain('<script>');
    expect(page).toContain('value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;"');
    expect(page).toContain('<p class="field-problem" role="alert">&lt;script&gt;');
    expect(page).toMatch(/<div class="notice bad form-problems" role="alert"><p>Niet alles is goed ingevuld:<\/p><ul><li>alles mis<\/li><\/ul><\/div>/);
    // A field without texts of its own is named by its key; its English description is help on English pages only.
    expect(fieldTextsIn(schema.properties!.kind)).toBeUndefined();
    expect(settingsFields({ type: 'object', properties: { apiKey: { type: 'string', description: 'the key' } } }, 'nl')[0]).toMatchObject({ label: 'apiKey', help: undefined });
    expect(settingsFields({ type: 'object', properties: { apiKey: { type: 'string', description: 'the key' } } }, 'en')[0]).toMatchObject({ label: 'apiKey', help: 'the key' });
  });
});
