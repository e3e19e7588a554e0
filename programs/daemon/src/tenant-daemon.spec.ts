import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryLogger } from '@koppelwerk/core';
import { nextRunAt } from '@koppelwerk/engine';
import { stringify } from 'yaml';
import { createRegistry } from '@koppelwerk/runtime';
import { FakeWork, TestClock, deferred } from './testing/daemon-fakes';
import { TenantDaemon } from './tenant-daemon';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tenantYaml(tenant: string, extra: Record<string, unknown> = {}): string {
  return stringify({
    tenant,
    source: { connector: 'mijnwebwinkel', endpoint: 'http://127.0.0.1:9', settings: { token: `shop-canary-${tenant}`, partner_token: 'partner-token-1' } },
    sink: { connector: 'eboekhouden', endpoint: 'http://127.0.0.1:9/soap.asmx', settings: { username: 'bakkerij01', securityCode1: 'a'.repeat(32), securityCode2: '12345678-1234-1234-1234-123456789abc' } },
    ...extra,
  });
}

function setup(options: { runAtStart?: boolean } = {}) {
  const directory = mkdtempSync(join(tmpdir(), 'koppelwerk-daemon-'));
  dirs.push(directory);
  const clock = new TestClock();
  const work = new FakeWork();
  const logger = new MemoryLogger();
  const daemon = new TenantDaemon({ directory, registry: createRegistry(), logger, clock, work, checkEveryMinutes: 15, runAtStart: options.runAtStart });
  const write = (name: string, text: string) => writeFileSync(join(directory, name), text);
  /** One pass, then wait for what it started. */
  const step = async () => {
    await daemon.tick();
    await daemon.idle();
  };
  return { directory, clock, work, logger, daemon, write, step };
}

describe('TenantDaemon', () => {
  it('checks each tenant when it appears, then runs each on its own spread cadence', async () => {
    const { clock, work, daemon, write, step } = setup();
    write('bakery.yaml', tenantYaml('bakery'));
    write('florist.yaml', tenantYaml('florist', { schedule: { everyMinutes: 15 } }));
    await step();
    expect(work.checks.sort()).toEqual(['bakery', 'florist']);
    expect(work.syncs).toHaveLength(0);

    const start = clock.now();
    const bakeryAt = nextRunAt({ tenant: 'bakery', intervalMinutes: 60 }, start);
    const floristAt = nextRunAt({ tenant: 'florist', intervalMinutes: 15 }, start);
    expect(daemon.tenants().map((t) => [t.tenant, t.nextRunAt?.getTime()])).toEqual([
      ['bakery', bakeryAt.getTime()],
      ['florist', floristAt.getTime()],
    ]);
    // Spread: not on the hour, and not at the same moment.
    expect(bakeryAt.getUTCMinutes() * 60 + bakeryAt.getUTCSeconds()).not.toBe(0);
    expect(bakeryAt.getTime()).not.toBe(floristAt.getTime());

    // Walk two hours in steps of one minute: the florist runs 8 times, the bakery twice.
    for (let minute = 1; minute <= 120; minute++) {
      clock.set(new Date(start.getTime() + minute * 60_000));
      await step();
    }
    expect(work.syncsOf('florist')).toBe(8);
    expect(work.syncsOf('bakery')).toBe(2);
    // Connections are checked every 15 minutes as well (the first check came with the file).
    expect(work.checks.filter((t) => t === 'bakery').length).toBeGreaterThanOrEqual(8);
  });

  it('with runAtStart runs every tenant found at start-up at once', async () => {
    const { work, write, step } = setup({ runAtStart: true });
    write('bakery.yaml', tenantYaml('bakery'));
    write('florist.yaml', tenantYaml('florist'));
    await step();
    expect(work.syncs.map((s) => s.tenant).sort()).toEqual(['bakery', 'florist']);
  });

  it('runs one piece of work per tenant at a time, and another tenant meanwhile', async () => {
    const { clock, work, daemon, write, step } = setup({ runAtStart: true });
    write('bakery.yaml', tenantYaml('bakery', { schedule: { everyMinutes: 1 } }));
    write('florist.yaml', tenantYaml('florist', { schedule: { everyMinutes: 1 } }));
    const slow = deferred();
    work.blockers.set('bakery', slow.promise);
    await daemon.tick();
    expect(work.syncs.map((s) => s.tenant).sort()).toEqual(['bakery', 'florist']);

    // Ten minutes pass while the bakery's run is still busy: the florist keeps running, the bakery does not start again.
    for (let minute = 1; minute <= 10; minute++) {
      clock.set(new Date(clock.time + 60_000));
      await daemon.tick();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(work.syncsOf('bakery')).toBe(1);
    expect(work.syncsOf('florist')).toBeGreaterThanOrEqual(5);
    expect(daemon.tenants().find((t) => t.tenant === 'bakery')?.busy).toBe(true);

    slow.resolve();
    await daemon.idle();
    await step();
    expect(work.syncsOf('bakery')).toBe(2);
  });

  it('picks up added, changed and removed files, and waits for a broken one to be fixed', async () => {
    const { clock, work, logger, daemon, write, directory, step } = setup();
    write('bakery.yaml', tenantYaml('bakery'));
    await step();
    expect(daemon.tenants().map((t) => t.tenant)).toEqual(['bakery']);

    write('florist.yaml', tenantYaml('florist'));
    write('notes.txt', 'not a tenant');
    await step();
    expect(daemon.tenants().map((t) => t.tenant)).toEqual(['bakery', 'florist']);
    expect(work.checks.filter((t) => t === 'florist')).toHaveLength(1);

    // Changed: a new interval takes effect, and the connections are checked again.
    write('bakery.yaml', tenantYaml('bakery', { schedule: { everyMinutes: 5 } }));
    await step();
    expect(daemon.tenants()[0].nextRunAt).toEqual(nextRunAt({ tenant: 'bakery', intervalMinutes: 5 }, clock.now()));
    expect(work.checks.filter((t) => t === 'bakery')).toHaveLength(2);

    // Broken: logged with every problem, never run, never its secret in the log.
    write('florist.yaml', tenantYaml('florist').replace('bakkerij01', 'abc'));
    await step();
    expect(daemon.tenants().find((t) => t.file.endsWith('florist.yaml'))).toMatchObject({ valid: false });
    const complaint = logger.entries.find((e) => e.message.startsWith('tenant file changed but cannot be used'));
    expect(JSON.stringify(complaint?.fields)).toMatch(/sink\.settings\.username/);
    expect(logger.text()).not.toContain('shop-canary');
    clock.set(new Date(clock.time + 3 * 3600_000));
    await step();
    expect(work.syncsOf('florist')).toBe(0);

    // Removed: no longer scheduled.
    rmSync(join(directory, 'bakery.yaml'));
    await step();
    const before = work.syncsOf('bakery');
    clock.set(new Date(clock.time + 3 * 3600_000));
    await step();
    expect(work.syncsOf('bakery')).toBe(before);
    expect(daemon.tenants().map((t) => t.file.endsWith('florist.yaml'))).toEqual([true]);
  });

  it('refuses a second file for a tenant that is already configured', async () => {
    const { daemon, write, step, logger } = setup();
    write('a.yaml', tenantYaml('bakery'));
    write('b.yaml', tenantYaml('bakery'));
    await step();
    expect(daemon.tenants().map((t) => t.valid)).toEqual([true, false]);
    expect(logger.text()).toMatch(/already configured in .*a\.yaml/);
  });

  it('keeps going when one tenant fails', async () => {
    const { work, write, step, logger } = setup({ runAtStart: true });
    work.failing.add('bakery');
    write('bakery.yaml', tenantYaml('bakery'));
    write('florist.yaml', tenantYaml('florist'));
    await step();
    expect(work.syncs.map((s) => s.tenant).sort()).toEqual(['bakery', 'florist']);
    expect(logger.entries.find((e) => e.message === 'sync failed')?.fields).toMatchObject({ tenant: 'bakery' });
    expect(logger.entries.find((e) => e.message.startsWith('sync finished'))?.fields).toMatchObject({ tenant: 'florist', outcome: 'ok' });
  });

  it('on stop, lets the run in flight finish its documents, starts nothing new, and ends', async () => {
    const { work, daemon, write, logger } = setup({ runAtStart: true });
    write('bakery.yaml', tenantYaml('bakery'));
    const slow = deferred();
    work.blockers.set('bakery', slow.promise);
    // A sleep that only ends when woken: no wall-clock time in this test.
    let sleeping = deferred();
    const loop = daemon.run((_ms, wake) => {
      sleeping.resolve();
      return new Promise((resolve) => wake.addEventListener('abort', () => resolve(), { once: true }));
    });
    await sleeping.promise;
    sleeping = deferred();
    expect(work.syncs).toHaveLength(1);
    const signal = work.syncs[0].signal;
    expect(signal.aborted).toBe(false);

    daemon.stop();
    expect(signal.aborted).toBe(true);
    let ended = false;
    void loop.then(() => (ended = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ended).toBe(false);

    slow.resolve();
    await loop;
    expect(work.syncs).toHaveLength(1);
    expect(logger.entries.map((e) => e.message)).toEqual(expect.arrayContaining(['stop requested', 'stopping: finishing the documents in flight', 'daemon stopped']));
    expect(logger.entries.find((e) => e.message.startsWith('sync finished'))?.fields).toMatchObject({ stopped: true });
  });
});
