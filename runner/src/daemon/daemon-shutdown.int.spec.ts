/**
 * `koppelwerk daemon` stopped under load, as a process: several tenants writing to e-Boekhouden
 * (with latency) when SIGTERM arrives. The runs finish the documents in flight, every sink session
 * is closed (the simulator holds none afterwards), and the next start books the rest, nothing
 * twice. With `--stop-within 0` the stop is cut short at once (exit 4): the sessions are closed
 * all the same, and what was left in doubt is settled by the next start.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { SqliteStateStore } from '@koppelwerk/store-sqlite';
import { generateOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { stringify } from 'yaml';
import { cli, startCli } from '../testing/cli-process';
import { scratchDir } from '@koppelwerk/runtime/testing';

const TIMEOUT_MS = 180_000;
const TENANTS = ['north', 'east', 'south', 'west'];

describe('koppelwerk daemon stopped under load', () => {
  let sink: EboekhoudenSimulator;
  let shop: RunningMijnwebwinkelSimulator;

  beforeAll(async () => {
    sink = await startEboekhoudenSimulator({ port: 0 });
    shop = await startMijnwebwinkelSimulator({ port: 0, seed: generateOrders({ count: 200, randomSeed: 41 }) as unknown as Record<string, unknown> });
  });
  afterAll(async () => {
    await Promise.all([sink?.close(), shop?.close()]);
  });

  function writeTenants(dir: string, tag: string): string[] {
    return TENANTS.map((name) => {
      const prefix = `${tag}${name.slice(0, 2).toUpperCase()}`;
      writeFileSync(
        join(dir, `${name}.yaml`),
        stringify({
          tenant: name,
          source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: shop.credentials },
          sink: { connector: 'eboekhouden', endpoint: sink.endpoint, settings: sink.credentials },
          mapping: { relations: { codePrefix: prefix }, texts: { invoiceNumber: `${prefix}-{number}` } },
        }),
      );
      return prefix;
    });
  }

  const booked = (prefix: string) =>
    sink
      .state()
      .administraties[0].mutaties.map((m) => String(m.Factuurnummer))
      .filter((n) => n.startsWith(`${prefix}-`));
  const writes = () => sink.calls().AddMutatie ?? 0;

  async function ledger(dir: string, tenant: string, state: 'in-doubt' | 'booked'): Promise<number> {
    const store = new SqliteStateStore({ path: join(dir, 'state', `${tenant}.sqlite`) });
    try {
      return (await store.listLedger({ state })).length;
    } finally {
      await store.close();
    }
  }

  /** Starts the daemon, lets every tenant book to the end, stops it. */
  async function runToTheEnd(dir: string): Promise<void> {
    const daemon = startCli(['daemon', dir, '--run-at-start', '--max-parallel', '4'], {}, TIMEOUT_MS);
    for (const name of TENANTS) await daemon.waitFor(new RegExp(`"tenant":"${name}"[^\\n]*"msg":"sync finished: (ok|parked)"`));
    daemon.child.kill('SIGTERM');
    expect((await daemon.done).code).toBe(0);
  }

  async function expectOnceEach(dir: string, prefixes: string[]): Promise<void> {
    for (const [i, prefix] of prefixes.entries()) {
      const numbers = booked(prefix);
      expect(new Set(numbers).size).toBe(numbers.length);
      expect(numbers.length).toBe(await ledger(dir, TENANTS[i], 'booked'));
      expect(await ledger(dir, TENANTS[i], 'in-doubt')).toBe(0);
    }
  }

  it('on SIGTERM finishes the documents in flight, closes every session, and the next start books the rest once', async () => {
    const dir = scratchDir('daemon-shutdown');
    const prefixes = writeTenants(dir, 'T');
    sink.faults.set({ latencyMs: 15 });
    const before = writes();
    const daemon = startCli(['daemon', dir, '--run-at-start', '--max-parallel', '4'], {}, TIMEOUT_MS);
    while (writes() < before + 60) await new Promise((resolve) => setTimeout(resolve, 5));
    daemon.child.kill('SIGTERM');
    const result = await daemon.done;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/"msg":"daemon stopped"/);
    expect(result.stdout).toMatch(/"stopped":true/);
    expect(sink.state().openSessions).toBe(0);
    const stoppedAt = prefixes.map((p) => booked(p).length);
    expect(stoppedAt.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(60);
    await expectOnceEach(dir, prefixes);

    sink.faults.reset();
    await runToTheEnd(dir);
    expect(sink.state().openSessions).toBe(0);
    await expectOnceEach(dir, prefixes);
    expect(prefixes.map((p) => booked(p).length).every((n, i) => n > stoppedAt[i] || n >= 100)).toBe(true);
  }, TIMEOUT_MS);

  it('cut short at its bound, closes every session and exits 4; the next start settles what was in doubt', async () => {
    const dir = scratchDir('daemon-shutdown-now');
    const prefixes = writeTenants(dir, 'Q');
    sink.faults.set({ latencyMs: 40 });
    const before = writes();
    const daemon = startCli(['daemon', dir, '--run-at-start', '--max-parallel', '4', '--stop-within', '0'], {}, TIMEOUT_MS);
    while (writes() < before + 30) await new Promise((resolve) => setTimeout(resolve, 5));
    daemon.child.kill('SIGTERM');
    const result = await daemon.done;
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/"msg":"daemon stopped at once: runs cut short[^"]*"/);
    // The daemon closed every session before it exited; a call that found its session closed opened no other.
    expect(sink.state().openSessions).toBe(0);

    sink.faults.reset();
    await runToTheEnd(dir);
    expect(sink.state().openSessions).toBe(0);
    await expectOnceEach(dir, prefixes);
  }, TIMEOUT_MS);

  it('refuses a wrong --max-parallel (64) and a koppelwerk.yaml with problems (2), naming them', async () => {
    const dir = scratchDir('daemon-settings-cli');
    const usage = await cli(['daemon', dir, '--max-parallel', '0']);
    expect(usage.code).toBe(64);
    expect(usage.stderr).toMatch(/--max-parallel/);
    writeFileSync(join(dir, 'koppelwerk.yaml'), 'daemon:\n  maxParallel: many\n');
    const settings = await cli(['daemon', dir]);
    expect(settings.code).toBe(2);
    expect(settings.stderr).toMatch(/koppelwerk\.yaml: daemon\.maxParallel/);
  }, TIMEOUT_MS);
});
