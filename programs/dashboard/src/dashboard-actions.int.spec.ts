import { PASSWORDS, startTestDashboard, type DashboardClient, type Form, type TestDashboard } from './testing/dashboard-client';

jest.setTimeout(120_000);

describe('dashboard actions', () => {
  let dashboard: TestDashboard;
  let client: DashboardClient;

  beforeAll(async () => {
    dashboard = await startTestDashboard();
    client = dashboard.client();
    await client.login('bureau', PASSWORDS.bureau);
  });
  afterAll(() => dashboard.stop());

  it('processes the selected errors again and shows the result once (post/redirect/get)', async () => {
    await client.get('/tenants/shop-b/errors');
    const posted = await client.post('/tenants/shop-b/reprocess', { ids: ['3', '5', '3'], back: 'errors' });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe('/tenants/shop-b/errors');
    expect(await dashboard.actions()).toEqual([{ action: 'reprocess', tenant: 'shop-b', selection: { ids: [3, 5] } }]);
    const page = await client.get('/tenants/shop-b/errors');
    expect(page.body).toContain('Gelukt:</strong> klaar: 2 geboekt, 0 in de foutenlijst');
    expect(page.body).not.toContain('koppelwerk errors'); // no command line on a web page
    expect(page.body).toContain('Fouten (118)');
    expect((await client.get('/tenants/shop-b/errors')).body).not.toContain('Gelukt:');
  });

  it('processes all open errors of a kind again', async () => {
    await client.get('/tenants/shop-b/errors?class=record');
    await client.post('/tenants/shop-b/reprocess', { all: '1', class: 'record' });
    expect((await dashboard.actions()).at(-1)).toEqual({ action: 'reprocess', tenant: 'shop-b', selection: { all: true, errorClass: 'record' } });
  });

  it('dismisses the selected errors', async () => {
    await client.get('/tenants/shop-a/errors/2');
    const posted = await client.post('/tenants/shop-a/dismiss', { ids: '2', back: 'errors' });
    expect(posted.headers.location).toBe('/tenants/shop-a/errors');
    expect((await dashboard.actions()).at(-1)).toEqual({ action: 'dismiss', tenant: 'shop-a', ids: [2] });
    expect((await client.get('/tenants/shop-a/errors/2')).body).toMatch(/genegeerd \d{4}-\d{2}-\d{2}/);
  });

  it('asks to select something first when nothing is selected, and calls nothing', async () => {
    const before = (await dashboard.actions()).length;
    await client.get('/tenants/shop-a/errors');
    await client.post('/tenants/shop-a/reprocess', {});
    await client.post('/tenants/shop-a/dismiss', { all: '1' });
    expect(await dashboard.actions()).toHaveLength(before);
    expect((await client.get('/tenants/shop-a/errors')).body).toContain('Selecteer eerst een of meer fouten.');
  });

  it('checks and synchronizes now, back on the tab it came from', async () => {
    await client.get('/tenants/shop-a/runs');
    const check = await client.post('/tenants/shop-a/check', { back: 'runs' });
    expect(check.headers.location).toBe('/tenants/shop-a/runs');
    const checked = await client.get('/tenants/shop-a/runs');
    expect(checked.body).toContain('Niet gelukt:</strong> e-Boekhouden is rood: e-Boekhouden weigerde de gebruikersnaam en de beveiligingscodes');
    await client.post('/tenants/shop-a/sync', { back: 'activity' });
    // A run that booked 5 and parked 5 is done in part, not a failure; the page links to the errors.
    const synced = (await client.get('/tenants/shop-a/activity')).body;
    expect(synced).toContain('<section class="notice partial" role="status">');
    expect(synced).toContain('Deels gelukt:</strong> 5 geboekt, 5 in de foutenlijst');
    expect(synced).toContain('<a href="/tenants/shop-a/errors">Naar de foutenlijst</a>');
    expect(synced).not.toMatch(/Niet gelukt|koppelwerk errors/);
    expect((await dashboard.actions()).slice(-2)).toEqual([
      { action: 'checkNow', tenant: 'shop-a' },
      { action: 'syncNow', tenant: 'shop-a' },
    ]);
  });

  it('refuses malformed selections with 400 and calls nothing', async () => {
    const before = (await dashboard.actions()).length;
    await client.get('/tenants/shop-a/errors');
    const forms: Form[] = [{ ids: 'x' }, { ids: '-1' }, { ids: ['1', 'two'] }, { all: 'yes' }, { class: 'everything', all: '1' }, { back: 'elsewhere', ids: '1' }];
    for (const form of forms) {
      expect((await client.post('/tenants/shop-a/reprocess', form)).statusCode).toBe(400);
    }
    expect(await dashboard.actions()).toHaveLength(before);
  });

  it('offers the same actions as JSON under /api/', async () => {
    const result = await client.postJson('/api/tenants/shop-b/reprocess', { ids: [7] });
    expect(result.statusCode).toBe(200);
    // The JSON API keeps the English, the codes and the params.
    expect(JSON.parse(result.body)).toMatchObject({ ok: true, message: 'done: booked 1, already booked 0, parked 0, pending 0', text: { code: 'ACTION_DONE', params: { booked: 1 } } });
    expect((await dashboard.actions()).at(-1)).toEqual({ action: 'reprocess', tenant: 'shop-b', selection: { ids: [7] } });
    expect((await client.postJson('/api/tenants/shop-b/dismiss', {})).statusCode).toBe(400);
    const errors = JSON.parse((await client.get('/api/tenants/shop-b/errors?page=2')).body);
    expect(errors).toMatchObject({ page: 2, pageSize: 50 });
    expect(errors.entries[0]).not.toHaveProperty('rawJson');
  });
});
