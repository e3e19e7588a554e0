import { startEboekhoudenSimulator, type EboekhoudenSimulator } from './eboekhouden-simulator';
import { RestTestClient } from './rest-test-client';

describe('the REST simulator: sessions', () => {
  let sim: EboekhoudenSimulator;
  let client: RestTestClient;
  let clock = Date.parse('2025-03-01T10:00:00Z');

  beforeAll(async () => {
    sim = await startEboekhoudenSimulator({
      api: 'rest',
      now: () => clock,
      restSessionSeconds: 600,
      seed: { apiTokens: [{ accessToken: 'demo-token' }, { accessToken: 'old-token', expiresOn: '2025-02-28' }] },
    });
    client = new RestTestClient(sim.url);
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.reset();
    clock = Date.parse('2025-03-01T10:00:00Z');
  });

  it('prints the REST login and base url when started for the REST API', () => {
    expect(sim.credentials).toEqual({ accessToken: 'demo-token' });
    expect(sim.endpoint).toBe(sim.url);
    expect(sim.accessToken).toBe('demo-token');
  });

  it('turns an API token into a session token that works until expiresIn has passed', async () => {
    const session = await client.login('demo-token', 'Mijn shop');
    expect(session.status).toBe(200);
    expect(session.body).toEqual({ token: expect.any(String), expiresIn: 600 });
    expect(session.body.token).not.toContain('demo-token');
    expect((await client.get('/v1/ledger?limit=1')).status).toBe(200);
    expect(sim.sources()).toContain('Mijn shop');

    clock += 599_000;
    expect((await client.get('/v1/ledger?limit=1')).status).toBe(200);
    clock += 1_000;
    const expired = await client.get('/v1/ledger?limit=1');
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ type: 'security', code: 'SECURITY_010', status: 401, title: expect.any(String) });
  });

  it('accepts the session token bare (as documented) and as a Bearer token', async () => {
    await client.login('demo-token');
    const token = client.token!;
    expect((await client.call('GET', '/v1/costcenter', undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
    client.token = null;
    expect((await client.get('/v1/costcenter')).body.code).toBe('SECURITY_010');
    expect((await client.call('GET', '/v1/costcenter', undefined, { authorization: 'not-a-session' })).status).toBe(401);
  });

  it('ends the session on DELETE /v1/session', async () => {
    await client.login('demo-token');
    expect((await client.call('DELETE', '/v1/session')).status).toBe(204);
    expect((await client.get('/v1/ledger')).status).toBe(401);
    expect((await client.call('DELETE', '/v1/session')).status).toBe(401);
  });

  it('refuses session requests with the documented codes', async () => {
    const cases: [unknown, number, string, string | undefined][] = [
      [{ source: 'Koppelwerk' }, 400, 'API_SESSION_003', 'accessToken'],
      [{ accessToken: '', source: 'Koppelwerk' }, 400, 'API_SESSION_003', 'accessToken'],
      [{ accessToken: 'demo-token' }, 400, 'API_SESSION_001', 'source'],
      [{ accessToken: 'demo-token', source: 'Koppelwerk-CLI' }, 400, 'API_SESSION_002', 'source'],
      [{ accessToken: 'demo-token', source: 'veel te lange naam' }, 400, 'API_SESSION_002', 'source'],
      [{ accessToken: 'old-token', source: 'Koppelwerk' }, 400, 'API_SESSION_004', 'accessToken'],
      [{ accessToken: 'wrong', source: 'Koppelwerk' }, 403, 'SECURITY_999', undefined],
    ];
    for (const [body, status, code, propertyName] of cases) {
      const answer = await client.post('/v1/session', body);
      expect({ body, status: answer.status, code: answer.body.code, propertyName: answer.body.propertyName }).toEqual({ body, status, code, propertyName });
    }
    const empty = await client.call('POST', '/v1/session', '', { 'content-type': 'application/json' });
    expect(empty.body).toMatchObject({ status: 400, code: 'DATA_01' });
    const security = await client.post('/v1/session', { accessToken: 'wrong', source: 'x' });
    expect(security.body).toMatchObject({ type: 'security', securityType: 0 });
  });

  it('expires every session on request, and a revoked or rotated token stops working', async () => {
    await client.login('demo-token');
    sim.expireSessions();
    expect((await client.get('/v1/ledger')).status).toBe(401);

    await client.login('demo-token');
    sim.revokeAccessToken();
    expect((await client.get('/v1/ledger')).status).toBe(401);
    expect((await client.login('demo-token')).status).toBe(403);

    sim.reset();
    await client.login('demo-token');
    const fresh = sim.rotateAccessToken();
    expect(fresh).not.toBe('demo-token');
    expect(sim.accessToken).toBe(fresh);
    expect((await client.get('/v1/ledger')).status).toBe(401);
    expect((await client.login('demo-token')).status).toBe(403);
    expect((await client.login(fresh)).status).toBe(200);
  });

  it('revokes both demo logins when the credentials are revoked without a name', async () => {
    await client.login('demo-token');
    sim.revokeCredentials();
    expect((await client.get('/v1/ledger')).status).toBe(401);
    expect((await client.login('demo-token')).status).toBe(403);
  });

  it('offers the same controls over HTTP', async () => {
    await client.login('demo-token');
    const control = (path: string, body: unknown = {}) => client.call('POST', `/_sim/${path}`, body);
    expect((await control('expire-sessions')).status).toBe(200);
    expect((await client.get('/v1/ledger')).status).toBe(401);
    const rotated = await control('rotate-access-token');
    expect((await client.login(rotated.body.accessToken)).status).toBe(200);
    await control('revoke-access-token');
    expect((await client.get('/v1/ledger')).status).toBe(401);
  });
});
