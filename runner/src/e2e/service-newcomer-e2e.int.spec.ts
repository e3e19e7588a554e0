/**
 * The newcomer to the service mode: the service CLI before and without a worker, as processes against a real PostgreSQL: `tenants
 * add` checks what it can and records the dots, each tenant's schedule is spread as the daemon
 * spreads it, and `sync|check --database` with no worker says so at once, gives up after `--wait`
 * (cancelling the job no worker took), or has its job taken by a worker started meanwhile.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithPostgres } from '@koppelwerk/testing';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { generateBookableOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { stringify } from 'yaml';
import { cli, startCli, type CliProcess } from '../testing/cli-process';
import { scratchDir } from '@koppelwerk/runtime/testing';
import { cadence, nextCadenceRun } from '@koppelwerk/service';

const LIMIT_MS = 240_000;
/** The tenants: every cadence form (cron minute, cron hours, RRULE); only winkel's secrets are set where it is added. */
const TENANTS = [
  { name: 'winkel', everyMinutes: 60 },
  { name: 'bakkerij', everyMinutes: 120 },
  { name: 'fietsen', everyMinutes: 45 },
] as const;
const NO_WORKER = /no worker is running on this database, so nobody takes the (\w+) of (\w+): start one \(here or on any host\) with `(.*)`; waiting up to (.+) for one/;

describeWithPostgres('the service CLI without a worker', (database) => {
  let dir: string;
  let shop: RunningMijnwebwinkelSimulator;
  let sink: EboekhoudenSimulator;
  let worker: CliProcess | undefined;
  const secrets: NodeJS.ProcessEnv = {};
  const url = () => database().url;
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => cli(args, env, LIMIT_MS, dir);
  const variable = (tenant: string, key: string) => `${tenant.toUpperCase()}_${key}`;

  /** A tenant file with its secrets as references, and those secrets' values by variable. */
  const writeTenant = (tenant: string, everyMinutes: number): { file: string; env: NodeJS.ProcessEnv } => {
    const env = {
      [variable(tenant, 'TOKEN')]: shop.credentials.token,
      [variable(tenant, 'PARTNER')]: shop.credentials.partner_token,
      [variable(tenant, 'CODE1')]: sink.credentials.securityCode1,
      [variable(tenant, 'CODE2')]: sink.credentials.securityCode2,
    };
    const ref = (key: string) => `\${env:${variable(tenant, key)}}`;
    const file = join(dir, `${tenant}.yaml`);
    writeFileSync(
      file,
      stringify({
        tenant,
        source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: { token: ref('TOKEN'), partner_token: ref('PARTNER') } },
        sink: { connector: 'eboekhouden', endpoint: sink.endpoint, settings: { username: sink.credentials.username, securityCode1: ref('CODE1'), securityCode2: ref('CODE2') } },
        schedule: { everyMinutes },
      }),
    );
    Object.assign(secrets, env);
    return { file, env };
  };

  beforeAll(async () => {
    dir = scratchDir('service-no-worker');
    [shop, sink] = await Promise.all([
      startMijnwebwinkelSimulator({ port: 0, seed: generateBookableOrders(4, 3) as unknown as Record<string, unknown> }),
      startEboekhoudenSimulator({ port: 0 }),
    ]);
  }, LIMIT_MS);

  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    await worker?.done;
    await Promise.all([shop?.close(), sink?.close()]);
  });

  it('adds tenants on their own minute, and records the check it can make as the dots `status` shows', async () => {
    for (const { name, everyMinutes } of TENANTS) {
      const { file, env } = writeTenant(name, everyMinutes);
      // Only winkel's secrets are set here: its connections are checked; the others' wait for the worker.
      const added = await run(['tenants', 'add', file, '--database', url()], name === 'winkel' ? env : {});
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      const schedule = cadence(name, everyMinutes).replace('\n', ';');
      expect(added.stdout).toContain(`tenant ${name} added: runs every ${everyMinutes} minutes (schedule ${schedule}, UTC), next run `);
      if (name === 'winkel') {
        expect(added.stdout).toMatch(/^green {2}source Mijnwebwinkel$/m);
        expect(added.stdout).toMatch(/^green {2}sink {3}e-Boekhouden\.nl$/m);
      } else expect(added.stdout).toMatch(new RegExp(`^connections not checked here .*\`koppelwerk check ${name} --database <url>\``, 'm'));
      for (const secret of Object.values(env)) expect(added.stdout).not.toContain(secret);
    }
    // Hourly: not on the hour, but at the tenant's own minute (the daemon's).
    expect(cadence('winkel', 60)).toMatch(/^\d+ \* \* \* \*$/);

    const asked = new Date();
    const json = JSON.parse((await run(['status', '--json', '--database', url()])).stdout) as { tenants: { tenant: string; nextRun: string; checks: { side: string; ok: boolean }[] }[] };
    const answered = new Date();
    for (const { name, everyMinutes } of TENANTS) {
      const entry = json.tenants.find((t) => t.tenant === name)!;
      // The queue fires the schedule where the daemon's grid puts the tenant.
      expect([nextCadenceRun(name, everyMinutes, asked), nextCadenceRun(name, everyMinutes, answered)].map((d) => d.toISOString())).toContain(entry.nextRun);
      expect(entry.checks.map((c) => `${c.side} ${c.ok}`).sort()).toEqual(name === 'winkel' ? ['sink true', 'source true'] : []);
    }
    const status = await run(['status', '--database', url()]);
    expect(status.stdout.split('\n')[0]).toMatch(/^tenant\s+source \(checked\)\s+sink \(checked\)\s+last run/);
    expect(status.stdout).toMatch(/^winkel\s+green \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+green \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+no runs yet/m);
    expect(status.stdout).toMatch(/^bakkerij\s+grey\s+grey\s+no runs yet/m);
  }, LIMIT_MS);

  it('says at once that no worker runs and how to start one, and gives up after --wait, cancelling the job', async () => {
    const sync = await run(['sync', 'winkel', '--database', url(), '--wait', '3']);
    expect(sync.code).toBe(4);
    const [told, gaveUp] = sync.stderr.trim().split('\n');
    expect(told).toMatch(NO_WORKER);
    const [, command, tenant, line, wait] = NO_WORKER.exec(told)!;
    expect([command, tenant, wait]).toEqual(['sync', 'winkel', '3 seconds']);
    expect(line).toBe('WINKEL_TOKEN=... WINKEL_PARTNER=... WINKEL_CODE1=... WINKEL_CODE2=... koppelwerk worker --database <url>');
    expect(gaveUp).toMatch(/^no result after 3 seconds: no worker is running on this database; the sync of winkel was not taken, so its job was cancelled and nothing was done\. Start a worker and run the command again/);
    expect(sync.stdout).toMatch(/^sync for winkel queued; waiting for a worker \(up to 3 seconds, --wait <seconds>\)$/m);

    const check = await run(['check', 'bakkerij', '--json', '--database', url(), '--wait', '2']);
    expect(check.code).toBe(4);
    expect(JSON.parse(check.stdout)).toMatchObject({ tenant: 'bakkerij', command: 'check', state: 'timeout', jobState: 'created', cancelled: true });
    expect(check.stderr.split('\n').map((l) => l && JSON.parse(l).code)).toEqual(['NO_WORKER', 'NO_RESULT', '']);
  }, LIMIT_MS);

  it('keeps waiting: a worker started meanwhile takes the job, and the check names both connectors', async () => {
    const check = startCli(['check', 'winkel', '--database', url(), '--wait', '600'], {}, LIMIT_MS, [], dir);
    await check.waitFor(NO_WORKER, 'stderr');
    worker = startCli(['worker', '--database', url(), '--log-dir', join(dir, 'logs')], secrets, LIMIT_MS, [], dir);
    const result = await check.done;
    expect(result.stderr).toMatch(NO_WORKER);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^a worker took the check of winkel$/m);
    expect(result.stdout).toMatch(/^tenant winkel\ngreen {2}source Mijnwebwinkel\n(.*\n)*green {2}sink {3}e-Boekhouden\.nl$/m);
    // The jobs given up on were cancelled: the worker never ran them.
    expect(worker.stdout()).toMatch(/ winkel check job \S+ started/);
    expect(worker.stdout()).not.toMatch(/ winkel sync job | bakkerij check job /);

    worker.child.kill('SIGTERM');
    expect((await worker.done).code).toBe(0);
    worker = undefined;
  }, LIMIT_MS);

  it('stops waiting on Ctrl-C: the job no worker took is cancelled, exit 130', async () => {
    expect(worker).toBeUndefined(); // stopped by the test before
    const sync = startCli(['sync', 'winkel', '--database', url()], {}, LIMIT_MS, [], dir);
    await sync.waitFor(NO_WORKER, 'stderr');
    expect(sync.stderr()).toMatch(/waiting up to 15 minutes for one \(--wait <seconds>; Ctrl-C stops and cancels the job\)/);
    sync.child.kill('SIGINT');
    const result = await sync.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/^interrupted: no worker is running on this database; the sync of winkel was not taken, so its job was cancelled and nothing was done/m);
    // Nothing stays queued: the next command is queued at once.
    const again = await run(['sync', 'winkel', '--database', url(), '--wait', '1', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ state: 'timeout', jobState: 'created', cancelled: true });
  }, LIMIT_MS);
});
