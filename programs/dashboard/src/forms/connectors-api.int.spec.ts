import { collectSecrets } from '@koppelwerk/core';
import { createRegistry } from '@koppelwerk/runtime';
import { PASSWORDS, startTestDashboard, type TestDashboard } from '../testing/dashboard-client';
import { settingsFields, type JsonSchemaNode } from './settings-fields';
import { settingsFormFields } from './settings-form';

jest.setTimeout(120_000);

interface Listed {
  connector: string;
  id: string;
  kind: string;
  title: string;
  builtIn: boolean;
  settingsSchema: JsonSchemaNode;
}

describe('GET /api/connectors', () => {
  let dashboard: TestDashboard;

  beforeAll(async () => {
    dashboard = await startTestDashboard();
  });
  afterAll(() => dashboard.stop());

  it('lists every connector with its settings JSON Schema, labels and help in both languages, and no secret', async () => {
    const operator = dashboard.client();
    await operator.login('beheer', PASSWORDS.operator);
    const response = await operator.get('/api/connectors');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    const { connectors } = JSON.parse(response.body) as { connectors: Listed[] };
    expect(connectors.map((c) => [c.id, c.kind, c.builtIn]).sort()).toEqual([
      ['eboekhouden', 'sink', true],
      ['factuursturen', 'source', true],
      ['mijnwebwinkel', 'source', true],
      ['stella', 'source', true],
      ['werkbonapp', 'source', true],
    ]);
    const eboekhouden = connectors.find((c) => c.id === 'eboekhouden')!;
    expect(eboekhouden.title).toBe('e-Boekhouden.nl');
    expect(eboekhouden.settingsSchema.properties!.securityCode1).toMatchObject({
      writeOnly: true,
      'x-texts': { nl: { label: 'Beveiligingscode 1' }, en: { label: 'Security code 1' } },
    });
    // The wizard's form comes from what the API gives, in either language.
    const page = settingsFormFields(eboekhouden.settingsSchema, { language: 'nl', prefix: 'sink' }).value;
    expect(page).toContain('<label for="setting-sink.username">Gebruikersnaam</label>');
    for (const connector of connectors) {
      for (const field of settingsFields(connector.settingsSchema, 'nl')) expect(field.label).not.toBe(field.key);
    }
    // The demo logins the manifests carry as their example configs are no part of a schema.
    const secrets = createRegistry()
      .list()
      .flatMap((manifest) => collectSecrets(manifest.configSchema, manifest.exampleConfig));
    expect(secrets.length).toBeGreaterThan(5);
    for (const value of secrets) expect(response.body).not.toContain(value);
  });

  it('answers only after login, and a tenant user too', async () => {
    const anonymous = await dashboard.client().get('/api/connectors');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.body).not.toContain('settingsSchema');
    const shop = dashboard.client();
    await shop.login('winkel', PASSWORDS.shop);
    const listed = await shop.get('/api/connectors');
    expect(listed.statusCode).toBe(200);
    expect((JSON.parse(listed.body) as { connectors: Listed[] }).connectors).toHaveLength(5);
  });
});
