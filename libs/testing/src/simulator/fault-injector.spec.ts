import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultInjector } from './fault-injector';

/** A loopback server answering 200 "ok", with the given fault layer in front. */
async function serve(faults: FaultInjector): Promise<{ url: string; server: Server }> {
  const server = createServer(faults.wrap((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

async function timed(url: string): Promise<{ status: number; ms: number; retryAfter: string | null }> {
  const started = Date.now();
  const response = await fetch(url);
  await response.text();
  return { status: response.status, ms: Date.now() - started, retryAfter: response.headers.get('retry-after') };
}

describe('FaultInjector', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('delays a share of the requests by a latency spike, and counts them', async () => {
    const faults = new FaultInjector({ faults: { spikeRate: 0.5, spikeMs: 200 }, randomSeed: 7 });
    const started = await serve(faults);
    server = started.server;
    const timings = [];
    for (let i = 0; i < 16; i++) timings.push(await timed(started.url));
    const slow = timings.filter((t) => t.ms >= 190);
    expect(timings.every((t) => t.status === 200)).toBe(true);
    expect(slow.length).toBe(faults.injected().spiked);
    expect(slow.length).toBeGreaterThanOrEqual(3);
    expect(slow.length).toBeLessThanOrEqual(13);
  });

  it('answers a share of the requests with 429 and Retry-After', async () => {
    const faults = new FaultInjector({ faults: { rateLimitRate: 0.5, retryAfterSeconds: 3 }, randomSeed: 11 });
    const started = await serve(faults);
    server = started.server;
    const answers = [];
    for (let i = 0; i < 16; i++) answers.push(await timed(started.url));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBe(faults.injected().rateLimited);
    expect(limited.length).toBeGreaterThanOrEqual(3);
    expect(limited.length).toBeLessThanOrEqual(13);
    expect(limited.every((a) => a.retryAfter === '3')).toBe(true);
    expect(answers.filter((a) => a.status !== 429).every((a) => a.status === 200)).toBe(true);
  });

  it('repeats the same faults for the same seed', async () => {
    const pattern = async (seed: number) => {
      const started = await serve(new FaultInjector({ faults: { rateLimitRate: 0.4 }, randomSeed: seed }));
      try {
        const statuses = [];
        for (let i = 0; i < 12; i++) statuses.push((await timed(started.url)).status);
        return statuses;
      } finally {
        started.server.closeAllConnections();
        await new Promise<void>((resolve) => started.server.close(() => resolve()));
      }
    };
    expect(await pattern(5)).toEqual(await pattern(5));
  });

  it('refuses spike and rate settings out of range, naming the setting', () => {
    const faults = new FaultInjector();
    expect(() => faults.set({ spikeRate: 1.5 })).toThrow(/spikeRate/);
    expect(() => faults.set({ spikeMs: -1 })).toThrow(/spikeMs/);
    expect(() => faults.set({ rateLimitRate: -0.1 })).toThrow(/rateLimitRate/);
    expect(faults.get()).toMatchObject({ spikeRate: 0, rateLimitRate: 0 });
  });
});
