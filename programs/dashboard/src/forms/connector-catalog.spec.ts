import { createRegistry } from '@koppelwerk/runtime';
import { scratchDir, writeConnectorPackage } from '@koppelwerk/runtime/testing';
import { connectorCatalog } from './connector-catalog';
import type { JsonSchemaNode } from './settings-fields';
import { settingsFormFields } from './settings-form';
import { settingsFromForm } from './settings-body';
import { validateSettings } from './settings-validation';

describe('the connector catalog', () => {
  it('lists the built-in connectors and the installed packages, each with its settings schema', () => {
    const folder = scratchDir('catalog');
    writeConnectorPackage(folder, { name: 'koppelwerk-connector-fixture', id: 'fixture-shop' });
    writeConnectorPackage(folder, { name: 'koppelwerk-connector-broken', id: 'broken-shop', flaw: 'other-contract' });
    const registry = createRegistry();
    const catalog = connectorCatalog(registry, folder);
    expect(catalog.map((entry) => entry.connector).sort()).toEqual(['eboekhouden', 'factuursturen', 'koppelwerk-connector-fixture', 'mijnwebwinkel', 'stella', 'werkbonapp']);
    const fixture = catalog.find((entry) => entry.id === 'fixture-shop')!;
    expect(fixture).toMatchObject({ kind: 'source', title: 'Fixture shop', builtIn: false, package: 'koppelwerk-connector-fixture', version: '1.2.3' });
    expect(fixture.settingsSchema).toMatchObject({ properties: { apiKey: { type: 'string', minLength: 8, writeOnly: true } } });
    expect(catalog.find((entry) => entry.id === 'eboekhouden')).toMatchObject({
      kind: 'sink',
      builtIn: true,
      settingsSchema: { properties: { securityCode1: { writeOnly: true, 'x-texts': { nl: { label: 'Beveiligingscode 1' }, en: { label: 'Security code 1' } } } } },
    });
  });

  it("gives a package's connector its form without dashboard code: its keys as labels, its schema's checks in Dutch", () => {
    const folder = scratchDir('catalog-form');
    writeConnectorPackage(folder, { name: 'koppelwerk-connector-fixture', id: 'fixture-shop' });
    const registry = createRegistry();
    const fixture = connectorCatalog(registry, folder).find((entry) => entry.id === 'fixture-shop')!;
    const schema = fixture.settingsSchema as JsonSchemaNode;
    const page = settingsFormFields(schema, { language: 'nl', prefix: 'source' }).value;
    expect(page).toContain('<label for="setting-source.apiKey">apiKey <abbr class="required" title="verplicht">*</abbr></label>');
    expect(page).toMatch(/<input type="password" [^>]*name="source\.apiKey"/);
    const { settings } = settingsFromForm(schema, { 'source.apiKey': 'short' }, { prefix: 'source' });
    const check = validateSettings(registry.get('koppelwerk-connector-fixture', undefined, 'connector', folder).configSchema, settings, 'nl');
    expect(check).toEqual({ ok: false, problems: [{ path: 'apiKey', message: 'moet minstens 8 tekens hebben' }] });
  });
});
