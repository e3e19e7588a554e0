/**
 * The daemon runs for months: hundreds of runs and checks over many tenants, against the
 * simulators over loopback, with the real runtime (log files, state databases, sink sessions),
 * leave this process holding what it held after warm-up: no file descriptor more (the log files,
 * databases and WAL files of every run are closed), sockets bounded by the work in flight, heap
 * flat, no e-Boekhouden session open, and every order booked once per tenant.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MemoryLogger } from '@koppelwerk/core';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { SqliteStateStore } from '@koppelwerk/store-sqlite';
import { generateOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { stringify } from 'yaml';
import { createRegistry } from '@koppelwerk/runtime';
import { ArrivingOrders, scratchDir } from '@koppelwerk/runtime/testing';
import { TestClock } from './testing/daemon-fakes';
import { descriptorKinds } from './process-resources';
import { RuntimeWork } from './runtime-work';
import { TenantDaemon } from './tenant-daemon';

const TENANTS = 10;
const WARM_UP_CYCLES = 4;
const CYCLES = 22;
const MAX_PARALLEL = 4;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

describe('the daemon over hundreds of cycles', () => {
  let sink: EboekhoudenSimulator;
  let shop: RunningMijnwebwinkelSimulator;

  beforeAll(async () => {
    sink = await startEboekhoudenSimulator({ port: 0 });
    shop = await startMijnwebwinkelSimulator({ port: 0, seed: generateOrders({ count: 20, randomSeed: 7, quirks: false, creditShare: 0 }) as unknown as Record<string, unknown> });
  });
  afterAll(async () => {
    await Promise.all([sink?.close(), shop?.close()]);
  });

  it('holds no more descriptors, sockets or heap after warm-up, and leaves no session open', async () => {
    const dir = scratchDir('daemon-leak');
    const prefixes = Array.from({ length: TENANTS }, (_, i) => `L${String(i).padStart(2, '0')}`);
    for (const prefix of prefixes) {
      writeFileSync(
        join(dir, `${prefix.toLowerCase()}.yaml`),
        stringify({
          tenant: prefix.toLowerCase(),
          source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: shop.credentials },
          sink: { connector: 'eboekhouden', endpoint: sink.endpoint, settings: sink.credentials },
          mapping: { relations: { codePrefix: prefix }, texts: { invoiceNumber: `${prefix}-{number}` } },
          schedule: { everyMinutes: 1 },
        }),
      );
    }
    const clock = new TestClock();
    const logger = new MemoryLogger();
    const daemon = new TenantDaemon({ directory: dir, registry: createRegistry(), logger, clock, work: new RuntimeWork(), maxParallel: MAX_PARALLEL, checkEveryMinutes: 5, runAtStart: true });

    const arriving = new ArrivingOrders(shop);
    const samples: { cycle: number; files: number; sockets: number; heapMb: number }[] = [];
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      // New orders keep arriving while the daemon runs.
      if (cycle % 3 === 1) {
        arriving.add(2);
      }
      await daemon.tick();
      await daemon.idle();
      clock.advance(60_000);
      if (cycle >= WARM_UP_CYCLES - 1) {
        const kinds = descriptorKinds()!;
        samples.push({ cycle, files: kinds.files, sockets: kinds.sockets, heapMb: heapMb() });
      }
    }
    const status = daemon.status();
    const first = samples[0];
    const last = samples[samples.length - 1];
    process.stdout.write(`[daemon-leak] ${JSON.stringify({ runs: status.runs, checks: status.checks, first, last, maxSockets: Math.max(...samples.map((s) => s.sockets)) })}\n`);

    expect(status.runs.finished).toBeGreaterThanOrEqual(TENANTS * (CYCLES - 1));
    expect(status.runs.failed).toBe(0);
    expect(status.checks.finished).toBeGreaterThanOrEqual(TENANTS * 4);
    // Files: flat. Sockets: the keep-alive pools, bounded by the calls in flight, never growing with the runs.
    expect(last.files - first.files).toBeLessThan(5);
    expect(Math.max(...samples.map((s) => s.sockets))).toBeLessThan(first.sockets + 4 * MAX_PARALLEL * 4 + 10);
    expect(last.heapMb - first.heapMb).toBeLessThan(25);
    expect(sink.state().openSessions).toBe(0);

    // Every order booked exactly once for every tenant, nothing in doubt.
    const booked = sink.state().administraties[0].mutaties.map((m) => String(m.Factuurnummer));
    expect(new Set(booked).size).toBe(booked.length);
    for (const prefix of prefixes) {
      const store = new SqliteStateStore({ path: join(dir, 'state', `${prefix.toLowerCase()}.sqlite`) });
      try {
        expect(await store.listLedger({ state: 'in-doubt' })).toEqual([]);
        const mine = booked.filter((n) => n.startsWith(`${prefix}-`));
        expect(mine.length).toBe((await store.listLedger({ state: 'booked' })).length);
        // Every order that arrived was handled: booked, or parked with a reason (foreign currency, an unmapped rate).
        const parked = (await store.listErrors()).map((e) => e.documentKey);
        const handled = new Set([...mine.map((n) => n.slice(prefix.length + 1)), ...parked]);
        expect(arriving.numbers.filter((n) => !handled.has(n))).toEqual([]);
      } finally {
        await store.close();
      }
    }
    expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  }, 240_000);
});
