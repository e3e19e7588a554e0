import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkQueryTokens } from './auth-checks';
import { FaultInjector } from './fault-injector';
import { pageOf, readPaging } from './read-paging';
import { SimHttpError } from './sim-http-error';
import { simControl } from './sim-control';
import { json } from './sim-response';
import { SimulatorServer } from './simulator-server';

const ITEMS = Array.from({ length: 25 }, (_, i) => ({ id: i + 1 }));

function buildServer(options: ConstructorParameters<typeof SimulatorServer>[0] = {}): SimulatorServer {
  const server = new SimulatorServer({
    name: 'test',
    renderError: (status, message) => json({ code: status, message }, status),
    ...options,
  });
  server.route('GET', '/v1/items', (request) => {
    if (checkQueryTokens(request.query, { token: 'secret-token' }, request.credentialsRevoked) !== 'ok') {
      throw new SimHttpError(401, 'bad token');
    }
    return json(pageOf(ITEMS, readPaging(request.query, { defaultLimit: 10, maxLimit: 20 })));
  });
  server.route('GET', '/v1/items/:id', (request) => json({ id: request.params.id }));
  server.route('POST', '/v1/items', (request) => json({ received: request.json() }, 201));
  return server;
}

describe('SimulatorServer', () => {
  let server: SimulatorServer;
  let url: string;

  beforeEach(async () => {
    server = buildServer();
    url = await server.listen();
  });
  afterEach(() => server.close());

  const get = (path: string) => fetch(url + path);

  it('listens on loopback and routes by method and path pattern', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await get('/v1/items/a%20b')).json()).toEqual({ id: 'a b' });
    const created = await fetch(url + '/v1/items', { method: 'POST', body: JSON.stringify({ x: 'ü' }) });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ received: { x: 'ü' } });
  });

  it('answers unknown paths with 404, wrong methods with 405 and bad JSON with 400, in the API format', async () => {
    const missing = await get('/v1/nothing');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 404 });
    const wrongMethod = await fetch(url + '/v1/items/1', { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    const badJson = await fetch(url + '/v1/items', { method: 'POST', body: '{not json' });
    expect(badJson.status).toBe(400);
  });

  it('pages with limit and offset, capping the limit', async () => {
    const page = (await (await get('/v1/items?token=secret-token&limit=10&offset=20')).json()) as { id: number }[];
    expect(page.map((item: { id: number }) => item.id)).toEqual([21, 22, 23, 24, 25]);
    expect(await (await get('/v1/items?token=secret-token&limit=500')).json()).toHaveLength(20);
    expect((await get('/v1/items?token=secret-token&limit=abc')).status).toBe(400);
  });

  it('counts calls per route, including the ones that were faulted', async () => {
    server.faults.set({ failNext: 1 });
    await get('/v1/items/1');
    await get('/v1/items/2');
    await get('/v1/items?token=secret-token');
    expect(server.calls.count('GET /v1/items/:id')).toBe(2);
    expect(server.calls.count('GET /v1/items')).toBe(1);
    expect(server.calls.count()).toBe(3);
  });

  it('fails the next requests with 5xx, then recovers', async () => {
    server.faults.set({ failNext: 2, errorStatus: 503 });
    expect((await get('/v1/items/1')).status).toBe(503);
    expect((await get('/v1/items/1')).status).toBe(503);
    expect((await get('/v1/items/1')).status).toBe(200);
    expect(server.faults.injected().failed).toBe(2);
  });

  it('fails a share of requests with an error rate', async () => {
    server.faults.set({ errorRate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await get('/v1/items/1')).status);
    const failed = statuses.filter((status) => status === 500).length;
    expect(failed).toBeGreaterThan(15);
    expect(failed).toBeLessThan(45);
  });

  it('answers 429 with Retry-After, for the next requests or over a window', async () => {
    server.faults.set({ rateLimitNext: 1, retryAfterSeconds: 7 });
    const limited = await get('/v1/items/1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await get('/v1/items/1')).status).toBe(200);

    server.faults.set({ rateLimitPerWindow: 2, rateLimitWindowMs: 60_000 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get('/v1/items/1')).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
  });

  it('drops connections without an answer', async () => {
    server.faults.set({ dropNext: 1 });
    await expect(get('/v1/items/1')).rejects.toThrow();
    expect((await get('/v1/items/1')).status).toBe(200);
  });

  it('adds latency', async () => {
    server.faults.set({ latencyMs: 150 });
    const started = Date.now();
    await get('/v1/items/1');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('refuses good credentials while they are revoked', async () => {
    expect((await get('/v1/items?token=secret-token')).status).toBe(200);
    server.faults.set({ revokedCredentials: true });
    expect((await get('/v1/items?token=secret-token')).status).toBe(401);
  });

  it('limits faults to paths matching a pattern', async () => {
    server.faults.set({ failNext: 5, pathPattern: '^/v1/items/\\d+$' });
    expect((await get('/v1/items?token=secret-token')).status).toBe(200);
    expect((await get('/v1/items/3')).status).toBe(500);
  });

  it('is controlled over HTTP under /_sim/, without counting or faulting control calls', async () => {
    const set = await fetch(url + '/_sim/faults', { method: 'POST', body: JSON.stringify({ failNext: 1 }) });
    expect(await set.json()).toMatchObject({ failNext: 1 });
    expect((await get('/v1/items/1')).status).toBe(500);
    const state = await (await get('/_sim/state')).json();
    expect(state).toMatchObject({ name: 'test', calls: { 'GET /v1/items/:id': 1 }, injected: { failed: 1 } });

    const invalid = await fetch(url + '/_sim/faults', { method: 'POST', body: JSON.stringify({ errorRate: 3 }) });
    expect(invalid.status).toBe(400);
    const unknownSetting = await fetch(url + '/_sim/faults', { method: 'POST', body: JSON.stringify({ explode: true }) });
    expect(unknownSetting.status).toBe(400);

    await fetch(url + '/_sim/faults', { method: 'POST', body: JSON.stringify({ failNext: 9 }) });
    await fetch(url + '/_sim/reset', { method: 'POST' });
    expect(server.faults.get().failNext).toBe(0);
    expect(server.calls.count()).toBe(0);
  });

  it("answers a simulator's own controls under /_sim/ with JSON: the handler's result, 400 for a body that is not JSON, a SimHttpError's status", async () => {
    const received: unknown[] = [];
    const own = new SimulatorServer({
      renderError: (status, message) => json({ code: status, message }, status),
      controls: {
        'POST /manual/thing': (body) => {
          received.push(body);
          if ((body as { number?: number })?.number === 404) throw new SimHttpError(404, 'Thing 404 not found');
          return { done: body };
        },
      },
    });
    const base = await own.listen();
    try {
      own.faults.set({ failNext: 5 });
      expect(await simControl(base, 'POST /manual/thing', { number: 1 })).toEqual({ status: 200, body: { done: { number: 1 } } });
      expect(await simControl(base, 'POST /manual/thing')).toEqual({ status: 200, body: {} });
      expect(await simControl(base, 'POST /manual/thing', { number: 404 })).toEqual({ status: 404, body: { error: 'Thing 404 not found' } });
      const broken = await simControl(base, 'POST /manual/thing', '{"number":');
      expect(broken.status).toBe(400);
      expect((broken.body as { error: string }).error).toMatch(/^the body must be JSON \(.+\)$/);
      expect(await simControl(base, 'GET /manual/thing')).toEqual({ status: 404, body: { error: 'unknown control request GET /_sim/manual/thing' } });
      expect(received).toEqual([{ number: 1 }, undefined, { number: 404 }]);
      expect(own.faults.get().failNext).toBe(5);
      expect(own.calls.count()).toBe(0);
      expect(own.state()).toMatchObject({ controls: ['POST /_sim/manual/thing'] });
    } finally {
      await own.close();
    }
  });

  it('restores start-time faults and the simulator data on reset', async () => {
    let restored = 0;
    const seeded = new SimulatorServer({ faults: { latencyMs: 5 }, onReset: () => restored++, describeState: () => ({ orders: 3 }) });
    await seeded.listen();
    try {
      seeded.faults.set({ latencyMs: 0, failNext: 3 });
      seeded.reset();
      expect(seeded.faults.get()).toMatchObject({ latencyMs: 5, failNext: 0 });
      expect(restored).toBe(1);
      expect(seeded.state()).toMatchObject({ state: { orders: 3 } });
    } finally {
      await seeded.close();
    }
  });

  it('passes unmatched requests to a fallback handler, with faults still applied', async () => {
    const withFallback = new SimulatorServer({
      fallback: (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end('<ok/>');
      },
    });
    const base = await withFallback.listen();
    try {
      expect(await (await fetch(base + '/soap.asmx', { method: 'POST' })).text()).toBe('<ok/>');
      withFallback.faults.set({ failNext: 1 });
      expect((await fetch(base + '/soap.asmx', { method: 'POST' })).status).toBe(500);
      expect(withFallback.calls.count('POST /soap.asmx')).toBe(2);
    } finally {
      await withFallback.close();
    }
  });
});

describe('FaultInjector around a plain http.Server handler', () => {
  it('applies faults in front of any request listener', async () => {
    const injector = new FaultInjector({ faults: { failNext: 1, errorStatus: 502 } });
    const server = createServer(injector.wrap((_req, res) => res.end('fine')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(base)).status).toBe(502);
      expect(await (await fetch(base)).text()).toBe('fine');
      injector.set({ revokedCredentials: true });
      expect(injector.credentialsRevoked).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('can refuse revoked credentials itself, in the API format', async () => {
    const injector = new FaultInjector({ refuseRevoked: () => json({ fault: 'credentials refused' }, 401) });
    const server = createServer(injector.wrap((_req, res) => res.end('fine')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      injector.set({ revokedCredentials: true });
      const refused = await fetch(base);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual({ fault: 'credentials refused' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
