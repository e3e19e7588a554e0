/**
 * The daemon under load: a daemon-wide limit on work in flight, due work started oldest first (no
 * tenant starves), start-up checks spread, drift recorded, a machine out of descriptors reported
 * as the daemon's problem, and a stop that is cut short at its bound or at a second signal.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryLogger } from '@koppelwerk/core';
import { stringify } from 'yaml';
import { createRegistry } from '@koppelwerk/runtime';
import { FakeWork, TestClock } from './testing/daemon-fakes';
import { TenantDaemon, type TenantDaemonOptions } from './tenant-daemon';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tenantYaml(tenant: string, everyMinutes = 60): string {
  return stringify({
    tenant,
    source: { connector: 'mijnwebwinkel', endpoint: 'http://127.0.0.1:9', settings: { token: `shop-${tenant}`, partner_token: 'partner-token-1' } },
    sink: { connector: 'eboekhouden', endpoint: 'http://127.0.0.1:9/soap.asmx', settings: { username: 'bakkerij01', securityCode1: 'a'.repeat(32), securityCode2: '12345678-1234-1234-1234-123456789abc' } },
    schedule: { everyMinutes },
  });
}

function setup(tenants: number, options: Partial<TenantDaemonOptions> = {}, everyMinutes = 60) {
  const directory = mkdtempSync(join(tmpdir(), 'koppelwerk-daemon-queue-'));
  dirs.push(directory);
  mkdirSync(directory, { recursive: true });
  const names = Array.from({ length: tenants }, (_, i) => `shop-${String(i).padStart(3, '0')}`);
  for (const name of names) writeFileSync(join(directory, `${name}.yaml`), tenantYaml(name, everyMinutes));
  const clock = new TestClock();
  const work = new FakeWork();
  const logger = new MemoryLogger();
  const daemon = new TenantDaemon({ directory, registry: createRegistry(), logger, clock, work, checkEveryMinutes: 15, ...options });
  return { directory, names, clock, work, logger, daemon };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Starts the daemon's loop with a sleep that lasts until it is woken; resolves once it first sleeps. */
async function runUntilAsleep(daemon: TenantDaemon): Promise<{ loop: ReturnType<TenantDaemon['run']> }> {
  let sleeping: () => void = () => undefined;
  const asleep = new Promise<void>((resolve) => (sleeping = resolve));
  const loop = daemon.run((_ms, wake) => {
    sleeping();
    return new Promise((resolve) => wake.addEventListener('abort', () => resolve(), { once: true }));
  });
  await asleep;
  return { loop };
}

describe('the daemon under load', () => {
  it('keeps at most maxParallel runs and checks in flight, and starts waiting work as places free up', async () => {
    const { work, daemon } = setup(12, { maxParallel: 3, runAtStart: true });
    work.holdAll = true;
    await daemon.tick();
    expect(work.inFlight).toBe(3);
    expect(daemon.status()).toMatchObject({ inFlight: 3, maxParallel: 3, tenants: 12, valid: 12 });
    expect(daemon.status().waiting).toBeGreaterThan(0);
    // Each release frees a place; the daemon fills it without waiting for a tick.
    while (work.release()) await turn();
    await daemon.idle();
    expect(work.maxInFlight).toBe(3);
    expect(new Set(work.syncs.map((s) => s.tenant)).size).toBe(12);
    expect(daemon.status().runs).toEqual({ started: 12, finished: 12, failed: 0 });
  });

  it('starts due work oldest slot first, so no tenant starves, and records how late each start was', async () => {
    // Six tenants every minute, one place, and every run takes 2 minutes of the clock: only half the slots can be served.
    const { clock, work, daemon, names } = setup(6, { maxParallel: 1, startupSpacingMs: 0 }, 1);
    work.holdAll = true;
    await daemon.tick();
    // The start-up checks first (all due now); release them.
    for (let i = 0; i < 6; i++) {
      work.release();
      await turn();
    }
    for (let minute = 0; minute < 60; minute++) {
      clock.advance(60_000);
      await daemon.tick();
      if (minute % 2 === 1) work.release();
      await turn();
    }
    const runs = names.map((name) => work.syncsOf(name));
    // Served in turn: every tenant got its share, none more than one run ahead of another.
    expect(Math.min(...runs)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...runs) - Math.min(...runs)).toBeLessThanOrEqual(1);
    const { drift } = daemon.status();
    expect(drift.runs.count).toBe(runs.reduce((a, b) => a + b, 0));
    expect(drift.runs.p95Ms).toBeGreaterThan(60_000);
    expect(drift.runs.maxMs).toBeGreaterThanOrEqual(drift.runs.p95Ms);
    expect(drift.runs.late).toBeGreaterThan(0);
    work.holdAll = false;
    while (work.release()) await turn();
    await daemon.idle();
  });

  it('spreads the start-up checks: maxParallel at once, the next group a spacing later', async () => {
    const { clock, daemon, work } = setup(10, { maxParallel: 4, startupSpacingMs: 2_000 });
    await daemon.tick();
    await daemon.idle();
    expect(work.checks).toHaveLength(4);
    const start = clock.time;
    const groups = daemon
      .tenants()
      .filter((t) => !work.checks.includes(t.tenant ?? ''))
      .map((t) => (t.nextCheckAt?.getTime() ?? 0) - start);
    expect(groups.sort((a, b) => a - b)).toEqual([2000, 2000, 2000, 2000, 4000, 4000]);
    clock.advance(4_000);
    await daemon.tick();
    await daemon.idle();
    expect(work.checks).toHaveLength(10);
    // The second group started 2 s after its slot (the clock jumped 4 s), the others on time.
    expect(daemon.status().drift.checks.maxMs).toBe(2000);
  });

  it('reports running out of descriptors as the daemon’s problem and tries the work again later', async () => {
    const { clock, work, daemon, logger, names } = setup(3, { runAtStart: true, resourceRetryMs: 30_000 });
    work.errors.set(names[0], Object.assign(new Error('open /state/shop-000.log'), { code: 'EMFILE' }));
    work.transient.set(names[1], 'the sink or source stayed unreachable (e-Boekhouden could not be reached for OpenSession: ENFILE); doc-1 and the rest wait for the next run');
    await daemon.tick();
    await daemon.idle();
    const problems = logger.entries.filter((e) => e.fields.problem === 'resources');
    expect(problems.map((e) => [e.level, e.fields.tenant, e.fields.code])).toEqual(
      expect.arrayContaining([
        ['error', names[0], 'EMFILE'],
        ['error', names[1], 'ENFILE'],
      ]),
    );
    expect(problems[0].message).toMatch(/^the daemon ran out of file descriptors \((EMFILE|ENFILE)\); the (run|check) of shop-00\d is tried again later and no dot was changed$/);
    expect(problems[0].fields.hint).toMatch(/ulimit -n|LimitNOFILE/);
    // Not a tenant's failure line, and not its red dot.
    expect(logger.entries.filter((e) => e.message === 'sync failed' || e.message.startsWith('sync finished: transient'))).toEqual([]);
    expect(daemon.status().resourceProblems).toBeGreaterThanOrEqual(2);
    // Tried again after 30 s, not an hour later.
    const retry = daemon.tenants().find((t) => t.tenant === names[1])?.nextRunAt;
    expect(retry?.getTime()).toBe(clock.time + 30_000);
    work.transient.delete(names[1]);
    clock.advance(30_000);
    await daemon.tick();
    await daemon.idle();
    expect(work.syncsOf(names[1])).toBe(2);
    expect(logger.entries.find((e) => e.fields.tenant === names[1] && e.message === 'sync finished: ok')).toBeDefined();
    // Nothing a person reads says undefined.
    expect(logger.text()).not.toMatch(/undefined/);
  });

  it('cuts a stop short at its bound: the sessions are closed and run() returns', async () => {
    const { work, daemon, logger } = setup(2, { runAtStart: true, stopWithinMs: 20 });
    work.holdAll = true;
    const { loop } = await runUntilAsleep(daemon);
    expect(work.inFlight).toBe(2);
    daemon.stop();
    const report = await loop;
    expect(report).toEqual({ forced: true, cutShort: ['shop-000', 'shop-001'] });
    expect(work.aborted).toHaveLength(1);
    expect(logger.entries.map((e) => e.message)).toEqual(expect.arrayContaining(['stop requested', 'stopping at once: the runs were still busy after 0.02 s']));
    work.holdAll = false;
    while (work.release()) await turn();
  });

  it('cuts a stop short at a second stop', async () => {
    const { work, daemon, logger } = setup(1, { runAtStart: true, stopWithinMs: 3_600_000 });
    work.holdAll = true;
    const { loop } = await runUntilAsleep(daemon);
    daemon.stop();
    await turn();
    daemon.stop();
    expect(await loop).toEqual({ forced: true, cutShort: ['shop-000'] });
    expect(logger.entries.map((e) => e.message)).toContain('stopping at once: a second stop was asked for');
    work.holdAll = false;
    while (work.release()) await turn();
  });

  it('reports its load every 15 minutes and its totals when it stops', async () => {
    const { clock, daemon, logger } = setup(3, { runAtStart: true });
    let slept = 0;
    const report = await daemon.run(async (ms) => {
      clock.advance(Math.max(ms, 1_000));
      if (++slept === 400) daemon.stop();
    });
    expect(report).toEqual({ forced: false, cutShort: [] });
    const load = logger.entries.filter((e) => e.message === 'daemon load');
    expect(load.length).toBeGreaterThanOrEqual(1);
    const first = load[0].fields as { runs: { started: number }; drift: { runs: { count: number } } };
    expect(first).toMatchObject({ tenants: 3, valid: 3, maxParallel: daemon.maxParallel, drift: { runs: { p50Ms: 0 } } });
    expect(first.runs.started).toBeGreaterThanOrEqual(3);
    expect(first.drift.runs.count).toBe(first.runs.started);
    expect(load[0].fields.resources).toEqual(expect.objectContaining({ rssMb: expect.any(Number), heapUsedMb: expect.any(Number) }));
    const stopped = logger.entries.find((e) => e.message === 'daemon stopped');
    expect(stopped?.fields).toMatchObject({ runs: { failed: 0 }, resourceProblems: 0, drift: { runs: { late: 0 } } });
    expect(logger.entries.find((e) => e.message === 'daemon started')?.fields).toMatchObject({ maxParallel: daemon.maxParallel, stopWithinSeconds: 30 });
  });
});
