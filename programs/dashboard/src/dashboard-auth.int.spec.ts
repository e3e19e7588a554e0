import { SESSION_COOKIE } from './dashboard-server';
import { PASSWORDS, startTestDashboard, type TestDashboard } from './testing/dashboard-client';

jest.setTimeout(120_000);

describe('dashboard login, sessions and security', () => {
  let dashboard: TestDashboard;

  beforeAll(async () => {
    dashboard = await startTestDashboard();
  });
  afterAll(() => dashboard.stop());

  it('sends a visitor to the login page and lets nothing else through', async () => {
    const visitor = dashboard.client();
    for (const path of ['/', '/tenants/shop-a', '/tenants/shop-a/errors', '/tenants/shop-a/errors/1', '/tenants/shop-a/runs', '/no-such-page']) {
      const response = await visitor.get(path);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/login');
    }
    expect((await visitor.get('/api/tenants')).statusCode).toBe(401);
    expect((await visitor.get('/login')).statusCode).toBe(200);
    expect((await visitor.get('/static/dashboard.css')).statusCode).toBe(200);
    expect((await visitor.get('/static/select-all.js')).headers['content-type']).toMatch(/javascript/);
  });

  it('logs in with the right password, renews the session id, and logs out', async () => {
    const client = dashboard.client();
    await client.get('/login');
    const before = client.cookies.get(SESSION_COOKIE);
    expect(before).toBeDefined();
    const login = await client.post('/login', { username: 'beheer', password: PASSWORDS.operator });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/');
    const after = client.cookies.get(SESSION_COOKIE);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);

    // The session from before the login is worth nothing (no fixation).
    const fixated = dashboard.client();
    fixated.cookies.set(SESSION_COOKIE, before!);
    expect((await fixated.get('/')).statusCode).toBe(303);

    const overview = await client.get('/');
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('Ingelogd als beheer');

    const logout = await client.post('/logout');
    expect(logout.statusCode).toBe(303);
    expect(logout.headers.location).toBe('/login');
    // Logged out, and the old session cookie is worth nothing either.
    const replay = dashboard.client();
    replay.cookies.set(SESSION_COOKIE, after!);
    expect((await replay.get('/')).headers.location).toBe('/login');
    expect((await client.get('/')).headers.location).toBe('/login');
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const client = dashboard.client();
    const wrong = await client.login('winkel', 'not-the-password');
    const unknown = await client.login('niemand', PASSWORDS.shop);
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.body).toContain('Gebruikersnaam of wachtwoord klopt niet.');
    }
    expect((await client.get('/')).headers.location).toBe('/login');
  });

  it('refuses a state-changing request without a valid CSRF token', async () => {
    const fresh = dashboard.client();
    expect((await fresh.post('/login', { username: 'beheer', password: PASSWORDS.operator })).statusCode).toBe(403);

    const client = dashboard.client();
    await client.login('beheer', PASSWORDS.operator);
    await client.get('/tenants/shop-c/errors');
    for (const _csrf of ['', 'forged-token', `${client.lastCsrf}x`]) {
      const refused = await client.post('/tenants/shop-c/reprocess', { _csrf, ids: '1' });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('Het formulier is verlopen');
    }
    const api = await client.request({ method: 'POST', path: '/api/tenants/shop-c/sync', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(api.statusCode).toBe(403);
    expect(await dashboard.actions()).toEqual([]);
    // With the page's token it goes through.
    expect((await client.post('/tenants/shop-c/check')).statusCode).toBe(303);
    expect(await dashboard.actions()).toEqual([{ action: 'checkNow', tenant: 'shop-c' }]);
  });

  it('sends security headers: a CSP without inline script or style, no framing', async () => {
    const client = dashboard.client();
    await client.login('beheer', PASSWORDS.operator);
    for (const path of ['/login', '/', '/tenants/shop-a/errors', '/no-such-page']) {
      const response = await client.get(path);
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.body).not.toMatch(/<script>|<style|style=|onclick=|onchange=/i);
    }
  });

  it('gives a tenant user the same 404 for another tenant as for one that does not exist', async () => {
    const client = dashboard.client();
    await client.login('winkel', PASSWORDS.shop);
    expect((await client.get('/tenants/shop-a/errors')).statusCode).toBe(200);
    for (const path of ['', '/errors', '/errors/1', '/activity', '/runs', '/explain?document=1001']) {
      const foreign = await client.get(`/tenants/shop-b${path}`);
      const missing = await client.get(`/tenants/no-such-shop${path}`);
      expect(foreign.statusCode).toBe(404);
      expect(missing.statusCode).toBe(404);
      // The same page, but for the tenant name in the language link and the form tokens.
      const neutral = (body: string, tenant: string) => body.replaceAll(tenant, 'TENANT').replace(/value="[^"]+"/g, '');
      expect(neutral(foreign.body, 'shop-b')).toBe(neutral(missing.body, 'no-such-shop'));
      expect((await client.get(`/api/tenants/shop-b${path}`)).statusCode).toBe(404);
    }
    await client.get('/tenants/shop-a/errors');
    for (const action of ['reprocess', 'dismiss', 'check', 'sync']) {
      expect((await client.post(`/tenants/shop-b/${action}`, { ids: '1' })).statusCode).toBe(404);
      expect((await client.postJson(`/api/tenants/shop-b/${action}`, { ids: [1] })).statusCode).toBe(404);
    }
    const overview = JSON.parse((await client.get('/api/tenants')).body) as { tenants: Array<{ tenant: string }> };
    expect(overview.tenants.map((t) => t.tenant)).toEqual(['shop-a']);
    expect((await client.get('/metrics')).statusCode).toBe(404);
    expect((await dashboard.actions()).filter((a) => a.tenant === 'shop-b')).toEqual([]);
  });
});

describe('dashboard login limits and TLS', () => {
  it('rate-limits logins per user name and per IP address', async () => {
    const dashboard = await startTestDashboard({ trustProxy: true, loginLimits: { perIp: 6, perUser: 3, windowMs: 60 * 60 * 1000 } });
    try {
      const attacker = dashboard.client('10.0.0.1');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await attacker.login('beheer', `guess-${i}`)).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429]);
      // The right password is refused for this name too until the window ends, from any address.
      const limited = await dashboard.client('10.0.0.2').login('beheer', PASSWORDS.operator);
      expect(limited.statusCode).toBe(429);
      expect(limited.body).toContain('Te veel inlogpogingen');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Other names from the first address: the per-address limit (6 attempts) stops them as well.
      const more: number[] = [];
      for (const name of ['a1', 'a2', 'a3']) more.push((await attacker.login(name, 'x')).statusCode);
      expect(more).toEqual([401, 401, 429]);
      // Another user from another address is not affected.
      expect((await dashboard.client('10.0.0.3').login('winkel', PASSWORDS.shop)).statusCode).toBe(303);
    } finally {
      await dashboard.stop();
    }
  });

  it('marks cookies Secure when asked, and sets them only over HTTPS (behind a trusted proxy)', async () => {
    const dashboard = await startTestDashboard({ secureCookies: true, trustProxy: true });
    try {
      const page = await dashboard.client().get('/login', { 'x-forwarded-proto': 'https' });
      expect(String(page.headers['set-cookie'])).toMatch(/Secure/);
      expect(String(page.headers['strict-transport-security'])).toMatch(/max-age/);
      const plain = await dashboard.client().get('/login');
      expect(String(plain.headers['set-cookie'] ?? '')).not.toMatch(/koppelwerk_session/);
    } finally {
      await dashboard.stop();
    }
  });
});
