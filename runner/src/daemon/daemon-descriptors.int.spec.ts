/**
 * A daemon process that runs out of file descriptors (its limit lowered while it runs, as a
 * thousand tenants would exhaust it): the failures are reported as the daemon's problem, with the
 * system code, and no tenant's dot turns red for it; the daemon keeps running and stops cleanly.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { SqliteStateStore } from '@koppelwerk/store-sqlite';
import { startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { stringify } from 'yaml';
import { startCli } from '../testing/cli-process';
import { scratchDir } from '@koppelwerk/runtime/testing';

const TENANTS = 12;
// prlimit (util-linux, on every Debian machine) lowers the running daemon's limit.
describe('koppelwerk daemon out of file descriptors', () => {
  let sink: EboekhoudenSimulator;
  let shop: RunningMijnwebwinkelSimulator;
  beforeAll(async () => {
    expect(spawnSync('prlimit', ['--version']).status).toBe(0);
    sink = await startEboekhoudenSimulator({ port: 0, faults: { latencyMs: 20 } });
    shop = await startMijnwebwinkelSimulator({ port: 0 });
  });
  afterAll(async () => {
    await Promise.all([sink?.close(), shop?.close()]);
  });

  it('reports EMFILE as its own problem, turns no dot red, and stops cleanly', async () => {
    const dir = scratchDir('daemon-emfile');
    for (let i = 0; i < TENANTS; i++) {
      writeFileSync(
        join(dir, `t${i}.yaml`),
        stringify({
          tenant: `t${i}`,
          source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: shop.credentials },
          sink: { connector: 'eboekhouden', endpoint: sink.endpoint, settings: sink.credentials },
          mapping: { relations: { codePrefix: `E${i}` }, texts: { invoiceNumber: `E${i}-{number}` } },
        }),
      );
    }
    const daemon = startCli(['daemon', dir, '--run-at-start', '--max-parallel', String(TENANTS), '--stop-within', '10']);
    await daemon.waitFor(/"msg":"daemon started"/);
    // A dozen runs at once need far more than 40 descriptors: each holds a log file, a database with its WAL, connections.
    expect(spawnSync('prlimit', ['--pid', String(daemon.child.pid), '--nofile=40:40']).status).toBe(0);
    await daemon.waitFor(/"problem":"resources"[^\n]*"code":"EMFILE"/);
    daemon.child.kill('SIGTERM');
    const result = await daemon.done;
    expect(result.code).toBe(0);

    const lines = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    const problems = lines.filter((line) => line.problem === 'resources');
    expect(problems.length).toBeGreaterThan(0);
    for (const line of problems) {
      expect(line.level).toBe('error');
      expect(String(line.msg)).toMatch(/^the daemon ran out of file descriptors \((EMFILE|ENFILE)\)/);
      if (line.tenant) expect(line.hint).toMatch(/raise the limit on open files/);
    }
    // Not a tenant's failure, not a red dot for the connection.
    expect(lines.filter((line) => line.msg === 'sync failed' || line.msg === 'check failed')).toEqual([]);
    expect(result.stdout).not.toMatch(/connection failed/);
    for (let i = 0; i < TENANTS; i++) {
      const store = new SqliteStateStore({ path: join(dir, 'state', `t${i}.sqlite`) });
      try {
        const red = (await store.getChecks()).filter((check) => !check.ok);
        expect(red.map((check) => check.reason)).toEqual([]);
      } finally {
        await store.close();
      }
    }
    expect(result.stdout).not.toMatch(/undefined/);
  }, 120_000);
});
