import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthenticationError, KoppelwerkError, TransientError } from '@koppelwerk/core';
import { bookedOrders } from './__fixtures__/raw-order-builder';
import { keysOf, startHarness, type Harness } from './__fixtures__/source-harness';

/**
 * A loopback proxy that spoils the first `times` answers to GET /v1/orders: `cut` promises the whole
 * body and drops the connection halfway; `short` sends a complete answer with half the body.
 */
async function spoilingProxy(target: string, mode: 'cut' | 'short', times: number): Promise<{ url: string; spoiled: () => number; close: () => Promise<void> }> {
  let spoiled = 0;
  const server: Server = createServer((req, res) => {
    const upstream = request(`${target}${req.url}`, { method: req.method }, (answer) => {
      const parts: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => parts.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(parts);
        const spoil = req.url!.split('?')[0] === '/v1/orders' && spoiled < times;
        if (!spoil) return void res.writeHead(answer.statusCode!, { 'content-type': 'application/json' }).end(body);
        spoiled++;
        const half = body.subarray(0, Math.floor(body.length / 2));
        if (mode === 'short') return void res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(half.length) }).end(half);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
        res.write(half, () => res.destroy());
      });
    });
    upstream.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spoiled: () => spoiled,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const CANARY = { token: 'canary-shop-token-0xC0FFEE', partner_token: 'canary-partner-token-0xBEEF' };

describe('Mijnwebwinkel transport: retries, credentials and secrets', () => {
  let harness: Harness;
  afterEach(() => harness?.close());

  it('waits as long as a 429 Retry-After says, then goes on', async () => {
    harness = await startHarness({ orders: bookedOrders(3) });
    harness.sim.server.faults.set({ rateLimitNext: 1, retryAfterSeconds: 1, pathPattern: '^/v1/orders$' });
    const started = Date.now();
    const { items } = await harness.read(null);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(items).toHaveLength(3);
    expect(harness.sim.server.calls.count('GET /v1/orders')).toBe(2);
    expect(harness.logger.text()).toContain('rate limited');
  });

  it('retries 5xx answers and dropped connections with backoff', async () => {
    harness = await startHarness({ orders: bookedOrders(3) });
    harness.sim.server.faults.set({ failNext: 2, errorStatus: 503, pathPattern: '^/v1/orders$' });
    expect(keysOf((await harness.read(null)).items)).toEqual(['1001', '1002', '1003']);
    harness.sim.server.faults.set({ dropNext: 2 });
    expect(await harness.source.fetch!('1002')).toMatchObject({ ok: true, key: '1002' });
  });

  it.each(['cut', 'short'] as const)('reads a page again whose answer arrived %s off, and stays transient while it keeps arriving so', async (mode) => {
    const shop = await startHarness({ orders: bookedOrders(3) });
    const proxy = await spoilingProxy(shop.sim.url, mode, 2);
    try {
      harness = await startHarness({ orders: bookedOrders(3), endpoint: proxy.url });
      expect(keysOf((await harness.read(null)).items)).toEqual(['1001', '1002', '1003']);
      expect(proxy.spoiled()).toBe(2);
    } finally {
      await proxy.close();
      await shop.close();
    }
    const always = await spoilingProxy(harness.sim.url, mode, Infinity);
    try {
      const reader = await startHarness({ orders: bookedOrders(3), endpoint: always.url });
      const error = await reader.read(null).catch((e: unknown) => e);
      await reader.close();
      expect(error).toBeInstanceOf(TransientError);
      expect((error as Error).message).toMatch(mode === 'cut' ? /^Mijnwebwinkel GET \/orders broke off while the answer arrived/ : /^Mijnwebwinkel GET \/orders answered with a body that is not JSON/);
    } finally {
      await always.close();
    }
  });

  it('gives up after the attempts with a transient error, so the run can be retried later', async () => {
    harness = await startHarness({ orders: bookedOrders(3) });
    harness.sim.server.faults.set({ errorRate: 1, errorStatus: 502 });
    const error = await harness.read(null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/^Mijnwebwinkel GET \/\w+ failed upstream \(502: Simulated server error\)$/);
  });

  it('turns red with a reason and a hint on refused tokens, and on an unreachable endpoint', async () => {
    harness = await startHarness({ orders: [] });
    expect(await harness.source.check()).toMatchObject({ ok: true });
    harness.sim.server.faults.set({ revokedCredentials: true });
    const red = await harness.source.check();
    expect(red).toMatchObject({ ok: false, errorClass: 'authentication', reason: 'Mijnwebwinkel refused the shop token or partner token (401: Invalid token)' });
    expect(red.hint).toContain('Instellingen > API > Token toevoegen');
    await expect(harness.read(null)).rejects.toBeInstanceOf(AuthenticationError);
    await harness.close();

    harness = await startHarness({ orders: [], endpoint: 'http://127.0.0.1:9' });
    const unreachable = await harness.source.check();
    expect(unreachable).toMatchObject({ ok: false, errorClass: 'transient' });
    expect(unreachable.reason).toMatch(/got no answer from http:\/\/127\.0\.0\.1:9\/v1\/[a-z/]+: nothing listens there \(ECONNREFUSED\)$/);
    expect(unreachable.hint).toContain('check source.endpoint in the tenant file and that the service there runs, e.g. the simulator: `koppelwerk simulate mijnwebwinkel --port 9`');
  });

  it('never shows the tokens in logs or errors, whatever fails', async () => {
    harness = await startHarness({ orders: bookedOrders(2), sim: { credentials: CANARY } });
    const errors: unknown[] = [];
    harness.sim.server.faults.set({ rateLimitNext: 1, retryAfterSeconds: 0, failNext: 1, dropNext: 1 });
    await harness.read(null);
    for (const fault of [{ revokedCredentials: true }, { errorRate: 1 }, { dropRate: 1 }] as const) {
      harness.sim.server.faults.set({ revokedCredentials: false, errorRate: 0, dropRate: 0, ...fault });
      errors.push(await harness.read(null).catch((e: unknown) => e));
      errors.push(await harness.source.fetch!('1001').catch((e: unknown) => e));
      errors.push(await harness.source.check());
    }
    expect(errors.filter((e) => KoppelwerkError.is(e)).length).toBeGreaterThanOrEqual(6);
    const shown = [
      harness.logger.text(),
      ...errors.map((e) => (e instanceof Error ? `${e.message} ${e.stack} ${JSON.stringify(e)} ${String(e.cause)}` : JSON.stringify(e))),
    ].join('\n');
    for (const secret of Object.values(CANARY)) expect(shown).not.toContain(secret);
    expect(harness.logger.entries.length).toBeGreaterThan(0);
  });
});
