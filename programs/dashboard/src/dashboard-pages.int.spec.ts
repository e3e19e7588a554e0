import { PASSWORDS, startTestDashboard, type DashboardClient, type TestDashboard } from './testing/dashboard-client';

jest.setTimeout(120_000);

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>'&`;
const ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&#39;&amp;';

describe('dashboard pages', () => {
  let dashboard: TestDashboard;
  let operator: DashboardClient;

  beforeAll(async () => {
    dashboard = await startTestDashboard({ hostile: HOSTILE, failingTenants: ['shop-c'], metrics: true });
    operator = dashboard.client();
    expect((await operator.login('beheer', PASSWORDS.operator)).statusCode).toBe(303);
  });
  afterAll(() => dashboard.stop());

  it('shows the overview: both dots with the reason and what to do, last and next run, open errors', async () => {
    const page = await operator.get('/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html; charset=utf-8/);
    const body = page.body;
    for (const tenant of ['shop-a', 'shop-b']) expect(body).toContain(`href="/tenants/${tenant}"`);
    expect(body).toContain('verbroken'); // the red sink dot
    expect(body).toContain('e-Boekhouden weigerde de gebruikersnaam en de beveiligingscodes');
    expect(body).toContain('Wat te doen:</strong> e-Boekhouden verandert beide beveiligingscodes bij elke wachtwoordwijziging');
    expect(body).toContain('2026-03-02 11:00:00'); // last run, Amsterdam time (UTC+1 in March)
    expect(body).toContain('2026-03-02 12:00:00'); // next run
    expect(body).toContain('elke 60 minuten');
    expect(body).toContain('inloggen geweigerd'); // the last run's outcome
    expect(body).toMatch(/href="\/tenants\/shop-b\/errors">120</);
    // shop-c's state does not open: its row says why, the others are shown as usual.
    expect(body).toContain('the state database of shop-c cannot be opened: SQLITE_CANTOPEN');
  });

  it('shows a clear error page, without a stack trace, when the directory fails', async () => {
    const page = await operator.get('/tenants/shop-c/errors');
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('Koppelwerk kon de gegevens niet lezen:');
    expect(page.body).toContain('the state database of shop-c cannot be opened: SQLITE_CANTOPEN');
    expect(page.body).not.toMatch(/\bat .*\.(ts|js):\d+/);
    const api = await operator.get('/api/tenants/shop-c/runs');
    expect(api.statusCode).toBe(503);
    expect(JSON.parse(api.body).detail).toContain('SQLITE_CANTOPEN');
  });

  it('renders every tab of a tenant with hostile text escaped', async () => {
    const pages = ['/tenants/shop-a/errors', '/tenants/shop-a/errors/1', '/tenants/shop-a/activity', '/tenants/shop-a/runs', `/tenants/shop-a/explain?document=${encodeURIComponent(`1001${HOSTILE}`)}`, '/'];
    for (const path of pages) {
      const page = await operator.get(path);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('<script>alert');
      expect(page.body).not.toContain('<img src=x');
      expect(page.body).toContain(ESCAPED);
    }
    expect((await operator.get('/tenants/shop-a')).headers.location).toBe('/tenants/shop-a/errors');
  });

  it('shows the errors tab with filters, checkboxes, paging and the actions', async () => {
    const first = await operator.get('/tenants/shop-b/errors');
    expect(first.body).toContain('Fouten (120)');
    expect(first.body).toContain('120 fouten');
    expect(first.body.match(/name="ids" value="\d+"/g)).toHaveLength(50);
    expect(first.body).toContain('data-select-all="ids"');
    expect(first.body).toContain('Opnieuw verwerken');
    expect(first.body).toContain('Negeren');
    expect(first.body).toContain('Alle 120 open fouten opnieuw verwerken');
    expect(first.body).toContain('Pagina 1 van 3');
    expect(first.body).toContain('href="/tenants/shop-b/errors?page=2"');
    const third = await operator.get('/tenants/shop-b/errors?page=3');
    expect(third.body.match(/name="ids" value="\d+"/g)).toHaveLength(20);
    const records = await operator.get('/tenants/shop-b/errors?class=record&q=sales-order%3A100');
    // Ids 2, 4, ..., with keys sales-order:1002, 1004, 1006, 1008 (record class, text 100).
    expect(records.body.match(/name="ids" value="\d+"/g)).toHaveLength(4);
    expect(records.body).toContain('<option value="record" selected>gegevens</option>');
    expect(records.body).not.toContain('Alle 4 open fouten'); // "all" ignores the text, so it is not offered with one
  });

  it('shows one error with its raw record', async () => {
    const page = await operator.get('/tenants/shop-a/errors/2');
    expect(page.body).toContain('Fout 2');
    expect(page.body).toContain('&quot;total&quot;: &quot;121.00&quot;');
    expect(page.body).toContain('name="ids" value="2"');
  });

  it('pages back through the activity log and searches it', async () => {
    const newest = await operator.get('/tenants/shop-b/activity');
    expect(newest.body).toContain('elders al geboekt: de administratie had factuurnummer WEB-2119 al');
    expect(newest.body).not.toContain('WEB-2069 ');
    expect(newest.body).toContain('href="/tenants/shop-b/activity?before=71"');
    const older = await operator.get('/tenants/shop-b/activity?before=71');
    expect(older.body).toContain('memoriaalboeking WEB-2067 (mapping v1)');
    expect(older.body).toContain('geboekt');
    const search = await operator.get('/tenants/shop-b/activity?q=DEB3');
    expect(search.body).toContain('DEB33');
    expect(search.body).not.toContain('sales-order:2001');
    expect(search.body).toContain('aangemaakt');
  });

  it('shows the run history and explains a document with amounts in Dutch notation', async () => {
    const runs = await operator.get('/tenants/shop-b/runs');
    expect(runs.body).toContain('1.234'); // read 1234
    expect(runs.body).toContain('met fouten');
    expect(runs.body).toContain('30 documenten in de foutenlijst gezet');
    const explain = await operator.get('/tenants/shop-b/explain?document=1001');
    expect(explain.body).toContain('8000 HOOG_VERK_21 excl € 1.234,50 btw € 259,25 incl € 1.493,75');
    expect(explain.body).toContain('afronding per btw-code');
    expect(explain.body).toContain('mapping v1');
    expect(explain.body).toContain('regels met btw-code HOOG_VERK_21 op grootboekrekening 8000');
    const refused = await operator.get('/tenants/shop-b/explain?document=1002');
    expect(refused.body).toContain('Dit document kan niet geboekt worden:');
    expect(refused.body).toContain('geen btw-regel in mapping.vat.sales past bij 9% normaal tarief, omzet op 2026-03-01');
    const unknown = await operator.get('/tenants/shop-b/explain?document=9999');
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain('Document niet gevonden:');
    expect(unknown.body).toContain('Document niet gevonden: 9999');
    expect((await operator.get('/tenants/shop-b/explain?document=9999&lang=en')).body).toContain('no document 9999');
    await operator.get('/?lang=nl');
  });

  it('answers bad input with 400 and unknown things with 404, never 5xx', async () => {
    const cases: Array<[string, number]> = [
      ['/tenants/shop-a/errors/abc', 400],
      ['/tenants/shop-a/errors/0', 400],
      ['/tenants/shop-a/errors/99999999999999999999', 400],
      ['/tenants/shop-a/errors/999', 404],
      ['/tenants/shop-a/errors?page=x', 400],
      ['/tenants/shop-a/errors?class=nonsense', 400],
      ['/tenants/shop-a/errors?page=1&page=2', 400],
      ['/tenants/shop-a/activity?before=-1', 400],
      ['/tenants/%E0%A4%A/errors', 400],
      ['/nothing/here', 404],
      ['/api/nothing', 404],
    ];
    for (const [path, status] of cases) {
      const response = await operator.get(path);
      expect([path, response.statusCode]).toEqual([path, status]);
    }
  });

  it('switches to English with ?lang=en and remembers it in a cookie', async () => {
    const english = await operator.get('/tenants/shop-b/runs?lang=en');
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('Signed in as beheer');
    expect(english.body).toContain('with errors');
    expect(english.body).toContain('href="/tenants/shop-b/runs?lang=nl"');
    const next = await operator.get('/tenants/shop-b/errors');
    expect(next.body).toContain('Process again');
    expect(next.body).toContain('Errors (120)');
    await operator.get('/?lang=nl');
    expect((await operator.get('/')).body).toContain('Overzicht');
  });

  it('takes a tenant user with one tenant straight to it, and one with two to the overview', async () => {
    const shop = dashboard.client();
    await shop.login('winkel', PASSWORDS.shop);
    const home = await shop.get('/');
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/tenants/shop-a');
    const bureau = dashboard.client();
    await bureau.login('bureau', PASSWORDS.bureau);
    const overview = await bureau.get('/');
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('href="/tenants/shop-b"');
    expect(overview.body).not.toContain('href="/tenants/shop-c"');
  });

  it('serves the metrics to operators only', async () => {
    const metrics = await operator.get('/metrics');
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('koppelwerk_open_errors');
    const shop = dashboard.client();
    await shop.login('winkel', PASSWORDS.shop);
    expect((await shop.get('/metrics')).statusCode).toBe(404);
  });
});

describe('dashboard with a directory that fails entirely', () => {
  it('says so on the overview instead of crashing', async () => {
    const dashboard = await startTestDashboard({ failing: true });
    try {
      const client = dashboard.client();
      await client.login('beheer', PASSWORDS.operator);
      const page = await client.get('/');
      expect(page.statusCode).toBe(503);
      expect(page.body).toContain('the service database is not reachable: ECONNREFUSED');
      expect((await client.get('/login')).statusCode).toBe(303);
    } finally {
      await dashboard.stop();
    }
  });
});
