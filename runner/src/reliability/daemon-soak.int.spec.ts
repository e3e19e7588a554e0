/**
 * The daemon under a small soak: many tenants, new orders arriving all the time, and the daemon
 * process ended again and again at random moments, by SIGKILL (nothing is finished) or SIGTERM
 * (the documents in flight are). Afterwards every order is booked exactly once per tenant (or
 * parked with a reason), nothing is left in doubt, each daemon process held as many descriptors
 * when idle as the one before, and a clean stop leaves no e-Boekhouden session open.
 *
 * CI size: 10 tenants, 6 process lives. `npm run soak`: 40 tenants, 40 lives.
 * Repeat a run with RELIABILITY_SEED=<seed from the title>.
 */
import { readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { SqliteStateStore } from '@koppelwerk/store-sqlite';
import { generateOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { stringify } from 'yaml';
import { ArrivingOrders, scratchDir } from '@koppelwerk/runtime/testing';
import { startCli, type CliProcess } from '../testing/cli-process';
import { PROCESS_LIMIT_MS, SCENARIO_TIMEOUT_MS, nextTurn, reportFigures, seededRandom, sized, suiteSeed } from './reliability-support';

const TENANTS = sized(10, 40);
const LIVES = sized(6, 40);
const SEED = suiteSeed();

/** Resolves once the daemon has logged `count` finished runs and `count` checks: it is idle (or rejects when it ends first). */
async function idleAfter(daemon: CliProcess, count: number): Promise<void> {
  await daemon.waitFor(new RegExp(`(?:"msg":"sync finished[\\s\\S]*?){${count}}`));
  await daemon.waitFor(new RegExp(`(?:"msg":"connections checked"[\\s\\S]*?){${count}}`));
}

/** Open descriptors of another process (Linux): connections and pipes apart from the rest (files, the event loop's own). */
function descriptorsOf(pid: number): { sockets: number; rest: number } {
  const counts = { sockets: 0, rest: 0 };
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target = '';
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;
    }
    if (target.startsWith('socket:') || target.startsWith('pipe:')) counts.sockets++;
    else counts.rest++;
  }
  return counts;
}

describe(`the daemon soak (seed ${SEED})`, () => {
  let sink: EboekhoudenSimulator;
  let shop: RunningMijnwebwinkelSimulator;

  beforeAll(async () => {
    sink = await startEboekhoudenSimulator({ port: 0, faults: { latencyMs: 5 } });
    shop = await startMijnwebwinkelSimulator({ port: 0, seed: generateOrders({ count: 30, randomSeed: SEED }) as unknown as Record<string, unknown> });
  });
  afterAll(async () => {
    await Promise.all([sink?.close(), shop?.close()]);
  });

  it(
    'books every order once per tenant through random SIGKILLs and SIGTERMs while orders arrive',
    async () => {
      const random = seededRandom(SEED);
      const dir = scratchDir('daemon-soak');
      const tenants = Array.from({ length: TENANTS }, (_, i) => ({ name: `soak-${String(i).padStart(2, '0')}`, prefix: `S${String(i).padStart(2, '0')}` }));
      for (const { name, prefix } of tenants) {
        writeFileSync(
          join(dir, `${name}.yaml`),
          stringify({
            tenant: name,
            source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: shop.credentials },
            sink: { connector: 'eboekhouden', endpoint: sink.endpoint, settings: sink.credentials },
            mapping: { relations: { codePrefix: prefix }, texts: { invoiceNumber: `${prefix}-{number}` } },
            schedule: { everyMinutes: 1 },
          }),
        );
      }
      const arriving = new ArrivingOrders(shop);
      const start = () => startCli(['daemon', dir, '--run-at-start', '--max-parallel', '4'], {}, PROCESS_LIMIT_MS);
      const finishedRuns = (daemon: CliProcess) => (daemon.stdout().match(/"msg":"sync finished: [a-z]+"/g) ?? []).length;
      const idleDescriptors: { sockets: number; rest: number }[] = [];
      const endings = { sigkill: 0, sigterm: 0, midRun: 0, idle: 0 };

      for (let life = 0; life < LIVES; life++) {
        arriving.add(2);
        const daemon = start();
        const atIdle = random() < 0.5;
        if (atIdle) {
          // Wait until every tenant's start-up run and check have finished: count what an idle daemon holds.
          await idleAfter(daemon, TENANTS);
          idleDescriptors.push(descriptorsOf(daemon.child.pid!));
          endings.idle++;
        } else {
          // Somewhere in the middle of the writing, with orders arriving meanwhile.
          const target = (sink.calls().AddMutatie ?? 0) + 1 + Math.floor(random() * 40);
          await daemon.waitFor(/"msg":"sync started"/);
          arriving.add(1);
          while ((sink.calls().AddMutatie ?? 0) < target && daemon.child.exitCode === null && finishedRuns(daemon) < TENANTS) await nextTurn();
          endings.midRun++;
        }
        const kill = random() < 0.5;
        daemon.child.kill(kill ? 'SIGKILL' : 'SIGTERM');
        const result = await daemon.done;
        if (kill) {
          endings.sigkill++;
          expect(result.signal).toBe('SIGKILL');
        } else {
          endings.sigterm++;
          expect(result.code).toBe(0);
        }
      }

      // The last life runs to the end and stops cleanly: no session of it stays open.
      sink.expireSessions();
      const last = start();
      await idleAfter(last, TENANTS);
      idleDescriptors.push(descriptorsOf(last.child.pid!));
      last.child.kill('SIGTERM');
      expect((await last.done).code).toBe(0);
      expect(sink.state().openSessions).toBe(0);

      // Exactly once, per tenant: every order booked or parked, nothing twice, nothing in doubt.
      const booked = sink.state().administraties[0].mutaties.map((m) => String(m.Factuurnummer));
      const duplicates = booked.filter((n, i) => booked.indexOf(n) !== i);
      expect(duplicates).toEqual([]);
      let handled = 0;
      for (const { name, prefix } of tenants) {
        const store = new SqliteStateStore({ path: join(dir, 'state', `${name}.sqlite`) });
        try {
          expect(await store.listLedger({ state: 'in-doubt' })).toEqual([]);
          const mine = new Set(booked.filter((n) => n.startsWith(`${prefix}-`)).map((n) => n.slice(prefix.length + 1)));
          const parked = new Set((await store.listErrors()).map((e) => e.documentKey));
          expect(arriving.numbers.filter((n) => !mine.has(n) && !parked.has(n))).toEqual([]);
          expect((await store.listLedger({ state: 'booked' })).length).toBe(mine.size);
          handled += mine.size + parked.size;
        } finally {
          await store.close();
        }
      }
      // An idle daemon holds the same files in every life (no growth with the runs it did), and no
      // more connections than its keep-alive pools keep for the calls it had in flight (4 runs x 4 calls, and the shop's).
      const rest = idleDescriptors.map((d) => d.rest);
      expect(Math.max(...rest) - Math.min(...rest)).toBeLessThan(5);
      expect(Math.max(...idleDescriptors.map((d) => d.sockets))).toBeLessThan(60);
      reportFigures(SEED, 'daemon soak', { tenants: TENANTS, lives: LIVES, ...endings, arrived: arriving.numbers.length, booked: booked.length, handled, idleDescriptors });
    },
    SCENARIO_TIMEOUT_MS,
  );
});
