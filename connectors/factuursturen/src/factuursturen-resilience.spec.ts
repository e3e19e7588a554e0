import { AuthenticationError, KoppelwerkError, TransientError, type SourceItem } from '@koppelwerk/core';
import { sentInvoices } from './__fixtures__/raw-invoice-builder';
import { keysOf, seedWith, startHarness, type Harness } from './__fixtures__/source-harness';

const CANARY = { username: 'canary-user', apiKey: 'canary-api-key-0xC0FFEE' };

/** Reads pages until the end or an error; what was read before the error is kept, as the engine keeps it. */
async function readUntilError(harness: Harness, cursor: string | null, pageSize = 5) {
  const items: SourceItem[] = [];
  let saved = cursor;
  try {
    for await (const page of harness.source.read({ cursor, pageSize })) {
      items.push(...page.items);
      saved = page.nextCursor;
    }
    return { items, cursor: saved, error: undefined };
  } catch (error) {
    return { items, cursor: saved, error };
  }
}

describe('FactuurSturen transport: hourly quota, retries, credentials and secrets', () => {
  let harness: Harness;
  afterEach(() => harness?.close());

  it('stops calling when X-RateLimit-Remaining reaches 0, keeps the cursor, and resumes once the hour has turned', async () => {
    const invoices = sentInvoices(25);
    harness = await startHarness({ seed: seedWith({ invoices }), now: '2025-06-20T12:30:00Z' });
    // Four calls left: the country and client lists, then two pages of invoices.
    harness.sim.quota.setRemaining(4);
    const first = await readUntilError(harness, null);
    expect(keysOf(first.items)).toEqual(invoices.slice(0, 10).map((invoice) => invoice.invoicenr));
    expect(first.error).toBeInstanceOf(TransientError);
    expect(first.error).toMatchObject({ code: 'FS_QUOTA', retryAfterMs: 30 * 60_000 });
    expect((first.error as Error).message).toBe("FactuurSturen's hourly API quota is used up; GET /invoices waits until 13:00 UTC");
    const callsAtStop = harness.sim.server.calls.count();

    // Still the same hour: nothing goes out at all.
    harness.clock.now = new Date('2025-06-20T12:45:00Z');
    const blocked = await readUntilError(harness, first.cursor);
    expect(blocked.error).toMatchObject({ code: 'FS_QUOTA', retryAfterMs: 15 * 60_000 });
    expect(harness.sim.server.calls.count()).toBe(callsAtStop);
    expect(await harness.source.check()).toMatchObject({ ok: false, errorClass: 'transient' });

    harness.clock.now = new Date('2025-06-20T13:00:05Z');
    const resumed = await readUntilError(harness, first.cursor);
    expect(resumed.error).toBeUndefined();
    expect([...keysOf(first.items), ...keysOf(resumed.items)]).toEqual(invoices.map((invoice) => invoice.invoicenr));
  });

  it('treats a 403 with X-RateLimit-Remaining 0 as the quota, not as refused credentials', async () => {
    harness = await startHarness({ seed: seedWith({ invoices: sentInvoices(2) }), now: '2025-06-20T12:59:30Z' });
    harness.sim.quota.setRemaining(0);
    const check = await harness.source.check();
    expect(check).toMatchObject({ ok: false, errorClass: 'transient' });
    expect(check.reason).toContain('hourly API quota is used up');
    expect(check.hint).toContain('continues where this one stopped');
    const calls = harness.sim.server.calls.count();
    await expect(harness.read(null)).rejects.toMatchObject({ code: 'FS_QUOTA', retryAfterMs: 30_000 });
    expect(harness.sim.server.calls.count()).toBe(calls);
  });

  it('retries 5xx answers and dropped connections with backoff', async () => {
    harness = await startHarness({ seed: seedWith({ invoices: sentInvoices(3) }) });
    harness.sim.server.faults.set({ failNext: 2, errorStatus: 503, pathPattern: '^/api/v1/invoices$' });
    expect(keysOf((await harness.read(null)).items)).toEqual(['F1001', 'F1002', 'F1003']);
    harness.sim.server.faults.set({ dropNext: 2 });
    expect(await harness.source.fetch!('F1002')).toMatchObject({ ok: true, key: 'F1002' });
    expect(harness.logger.text()).toContain('retrying');
  });

  it('gives up after the attempts with a transient error naming the call and the upstream text', async () => {
    harness = await startHarness({ seed: seedWith({ invoices: sentInvoices(3) }) });
    harness.sim.server.faults.set({ errorRate: 1, errorStatus: 502 });
    const error = await harness.read(null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/^FactuurSturen GET \/\w+ failed upstream \(502: Simulated server error\)$/);
  });

  it('turns red with a reason and a hint on a refused login, and on an unreachable endpoint', async () => {
    harness = await startHarness();
    expect(await harness.source.check()).toMatchObject({ ok: true, details: expect.arrayContaining(['account "demo-bedrijf"']) });
    harness.sim.server.faults.set({ revokedCredentials: true });
    const red = await harness.source.check();
    expect(red).toMatchObject({ ok: false, errorClass: 'authentication', reason: 'FactuurSturen refused the username or API key (401: Invalid username or API key)' });
    expect(red.hint).toContain('Instellingen > Verbindingen > "Maak API sleutel"');
    await expect(harness.read(null)).rejects.toBeInstanceOf(AuthenticationError);
    await harness.close();

    harness = await startHarness({ endpoint: 'http://127.0.0.1:9' });
    const unreachable = await harness.source.check();
    expect(unreachable).toMatchObject({ ok: false, errorClass: 'transient' });
    expect(unreachable.reason).toMatch(/got no answer from http:\/\/127\.0\.0\.1:9\/api\/v1\/[a-z/]+: nothing listens there \(ECONNREFUSED\)$/);
    expect(unreachable.hint).toContain('check source.endpoint in the tenant file and that the service there runs, e.g. the simulator: `koppelwerk simulate factuursturen --port 9`');
  });

  it('never shows the API key (or the Basic auth header) in logs or errors, whatever fails', async () => {
    harness = await startHarness({ seed: seedWith({ invoices: sentInvoices(2) }), sim: { credentials: CANARY } });
    const errors: unknown[] = [];
    harness.sim.server.faults.set({ failNext: 1, dropNext: 1 });
    await harness.read(null);
    for (const fault of [{ revokedCredentials: true }, { errorRate: 1 }, { dropRate: 1 }] as const) {
      harness.sim.server.faults.set({ revokedCredentials: false, errorRate: 0, dropRate: 0, ...fault });
      errors.push(await harness.read(null).catch((e: unknown) => e));
      errors.push(await harness.source.fetch!('F1001').catch((e: unknown) => e));
      errors.push(await harness.source.check());
    }
    expect(errors.filter((e) => KoppelwerkError.is(e)).length).toBeGreaterThanOrEqual(6);
    const shown = [
      harness.logger.text(),
      ...errors.map((e) => (e instanceof Error ? `${e.message} ${e.stack} ${JSON.stringify(e)} ${String(e.cause)}` : JSON.stringify(e))),
    ].join('\n');
    expect(shown).not.toContain(CANARY.apiKey);
    expect(shown).not.toContain(Buffer.from(`${CANARY.username}:${CANARY.apiKey}`).toString('base64'));
    expect(harness.logger.entries.length).toBeGreaterThan(0);
  });
});
