/**
 * The service mode as processes: a real PostgreSQL, real simulators, real `koppelwerk worker`
 * processes. Three tenants (each its own shop and its own administration) are added with their
 * secrets as references; two workers share them; every order is booked exactly once per tenant.
 * A worker killed in the middle of a run has it taken over by the other after its lease.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithPostgres } from '@koppelwerk/testing';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { PostgresStateStore } from '@koppelwerk/store-postgres';
import { generateBookableOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { stringify } from 'yaml';
import { ArrivingOrders, scratchDir } from '@koppelwerk/runtime/testing';
import { cli, startCli, type CliProcess } from '../testing/cli-process';

const LIMIT_MS = 240_000;

/** The jobs of a tenant a worker has started and not yet finished, from its output lines. */
function runningJobs(stdout: string, tenant: string): string[] {
  const started = [...stdout.matchAll(new RegExp(` ${tenant} \\w+ job (\\S+) started`, 'g'))].map((m) => m[1]);
  return started.filter((id) => !stdout.includes(`job ${id}: `) && !stdout.includes(`job ${id} failed`));
}

interface Tenant {
  name: string;
  orders: number;
  shop: RunningMijnwebwinkelSimulator;
  sink: EboekhoudenSimulator;
}

describeWithPostgres('koppelwerk worker (service mode)', (database) => {
  const tenants: Tenant[] = [];
  const workers: CliProcess[] = [];
  let dir: string;
  /** The workers' environment: every tenant's secrets, which the database never holds. */
  const secrets: NodeJS.ProcessEnv = {};

  const envName = (tenant: string, key: string) => `${tenant.toUpperCase().replace(/-/g, '_')}_${key.toUpperCase()}`;

  beforeAll(async () => {
    dir = scratchDir('service');
    for (const [name, orders] of [['bakkerij', 12], ['fietsen', 20], ['boeken', 250]] as const) {
      const [shop, sink] = await Promise.all([
        startMijnwebwinkelSimulator({ port: 0, seed: generateBookableOrders(orders, orders) as unknown as Record<string, unknown> }),
        startEboekhoudenSimulator({ port: 0 }),
      ]);
      tenants.push({ name, orders, shop, sink });
      const reference = (key: string, value: string) => {
        secrets[envName(name, key)] = value;
        return `\${env:${envName(name, key)}}`;
      };
      writeFileSync(
        join(dir, `${name}.yaml`),
        stringify({
          tenant: name,
          source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: { token: reference('token', shop.credentials.token), partner_token: reference('partner', shop.credentials.partner_token) } },
          sink: {
            connector: 'eboekhouden',
            endpoint: sink.endpoint,
            settings: {
              username: sink.credentials.username,
              securityCode1: reference('code1', sink.credentials.securityCode1),
              securityCode2: reference('code2', sink.credentials.securityCode2),
            },
          },
          schedule: { everyMinutes: 60 },
        }),
      );
    }
  }, LIMIT_MS);

  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.done));
    await Promise.all(tenants.flatMap((t) => [t.shop.close(), t.sink.close()]));
  });

  const url = () => database().url;
  const booked = (tenant: Tenant) => tenant.sink.state().administraties[0].mutaties.map((m) => String(m.Factuurnummer));
  const startWorker = async () => {
    const worker = startCli(['worker', '--database', url(), '--log-dir', join(dir, 'logs')], secrets, LIMIT_MS * 2);
    workers.push(worker);
    await worker.waitFor(/^worker ready/m);
    return worker;
  };
  const ledgerStates = async (tenant: string) => {
    const store = await PostgresStateStore.open({ connectionString: url(), tenant });
    try {
      const ledger = await store.listLedger();
      return {
        booked: ledger.filter((e) => e.state === 'booked').length,
        parked: await store.countOpenErrors(),
        unsettled: ledger.filter((e) => e.state === 'pending' || e.state === 'in-doubt').length,
      };
    } finally {
      await store.close();
    }
  };

  /** Every order booked once or parked: the administration holds each booked one once, the ledger agrees, nothing unsettled. */
  async function expectExactlyOnce(tenant: Tenant, orders: number): Promise<void> {
    const numbers = booked(tenant);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.length).toBeGreaterThan(orders / 2);
    const state = await ledgerStates(tenant.name);
    expect(state).toEqual({ booked: numbers.length, parked: orders - numbers.length, unsettled: 0 });
  }

  it('refuses a written-out secret and a missing database, and stores the tenants with their references', async () => {
    const literal = join(dir, 'literal.yaml');
    writeFileSync(literal, stringify({ ...tenantFile('bakkerij'), sink: { ...tenantFile('bakkerij').sink, settings: { ...tenants[0].sink.credentials } } }));
    const refused = await cli(['tenants', 'add', literal, '--database', url()]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/sink\.settings\.securityCode1: a secret must be a reference/);
    expect(refused.stderr).not.toContain(tenants[0].sink.credentials.securityCode1);

    const noDatabase = await cli(['tenants', 'list'], { KOPPELWERK_DATABASE_URL: '' });
    expect(noDatabase.code).toBe(64);
    expect(noDatabase.stderr).toMatch(/--database .* or KOPPELWERK_DATABASE_URL/);

    for (const tenant of tenants) {
      // The secrets are not set here: the workers resolve them.
      const added = await cli(['tenants', 'add', join(dir, `${tenant.name}.yaml`), '--database', url()]);
      expect(added.stderr).toBe('');
      expect(added.stdout).toMatch(new RegExp(`tenant ${tenant.name} added: runs every 60 minutes`));
    }
    const listed = await cli(['tenants', 'list', '--database', url()]);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(/^tenant\s+schedule\s+added \(Amsterdam\)/);
    for (const tenant of tenants) expect(listed.stdout).toMatch(new RegExp(`^${tenant.name}\\s+every 60 min`, 'm'));
    const json = JSON.parse((await cli(['tenants', 'list', '--json', '--database', url()])).stdout) as { tenants: { tenant: string }[] };
    expect(json.tenants.map((t) => t.tenant)).toEqual(['bakkerij', 'boeken', 'fietsen']);
    for (const value of Object.values(secrets)) expect(listed.stdout).not.toContain(value);
  }, LIMIT_MS);

  function tenantFile(name: string): { tenant: string; source: unknown; sink: { connector: string; endpoint: string; settings: unknown } } {
    const tenant = tenants.find((t) => t.name === name)!;
    return {
      tenant: name,
      source: { connector: 'mijnwebwinkel', endpoint: tenant.shop.url, settings: tenant.shop.credentials },
      sink: { connector: 'eboekhouden', endpoint: tenant.sink.endpoint, settings: tenant.sink.credentials },
    };
  }

  it('two workers book every tenant exactly once, and status lists every tenant green', async () => {
    await Promise.all([startWorker(), startWorker()]);
    const beforeSyncs = new Date().toISOString();
    // Every tenant synced twice at once: the queue runs one at a time per tenant, on either worker.
    const runs = await Promise.all(tenants.flatMap((t) => [0, 1].map(() => cli(['sync', t.name, '--database', url()], {}, LIMIT_MS))));
    for (const run of runs) {
      expect(run.stderr).toBe('');
      // Parked (1): an order the default mapping cannot book (a foreign VAT case) waits in the errors tab.
      expect([0, 1]).toContain(run.code);
      expect(run.stdout).toMatch(/^sync (ok|parked): read \d+, booked \d+/m);
    }
    for (const tenant of tenants) await expectExactlyOnce(tenant, tenant.orders);
    const byWorker = workers.map((w) => (w.stdout().match(/ sync job [0-9a-f-]+: sync (ok|parked)/g) ?? []).length);
    expect(byWorker.reduce((a, b) => a + b, 0)).toBe(runs.length);

    // The dots follow the runs: before anyone checks, both sides are green as of the workers' runs.
    const afterRuns = JSON.parse((await cli(['status', '--json', '--database', url()])).stdout) as { tenants: { tenant: string; checks: { side: string; ok: boolean; checkedAt: string }[] }[] };
    for (const { tenant, checks } of afterRuns.tenants) {
      expect({ tenant, dots: checks.map((dot) => [dot.side, dot.ok, dot.checkedAt >= beforeSyncs]).sort() }).toEqual({
        tenant,
        dots: [
          ['sink', true, true],
          ['source', true, true],
        ],
      });
    }

    for (const tenant of tenants) {
      const checked = await cli(['check', tenant.name, '--database', url()], {}, LIMIT_MS);
      expect(checked.code).toBe(0);
      expect(checked.stdout).toMatch(/^green\s+sink/m);
    }
    const status = await cli(['status', '--database', url()]);
    expect(status.code).toBe(0);
    expect(status.stdout.split('\n')[0]).toMatch(/^tenant\s+source \(checked\)\s+sink \(checked\)\s+last run \(Amsterdam\)\s+outcome/);
    const time = '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d';
    for (const tenant of tenants) expect(status.stdout).toMatch(new RegExp(`^${tenant.name}\\s+green ${time}\\s+green ${time}\\s+${time}\\s+(ok|parked)`, 'm'));
    expect(status.stdout).not.toMatch(/undefined/);
    const json = JSON.parse((await cli(['status', '--json', '--database', url()])).stdout) as { tenants: { tenant: string; openErrors: number }[] };
    expect(json.tenants.map((t) => t.tenant)).toEqual(['bakkerij', 'boeken', 'fietsen']);
    for (const entry of json.tenants) {
      const tenant = tenants.find((t) => t.name === entry.tenant)!;
      expect(entry.openErrors).toBe(tenant.orders - booked(tenant).length);
    }
  }, LIMIT_MS);

  it('a worker killed in the middle of a run has it finished by the other after its lease, nothing booked twice', async () => {
    const tenant = tenants.find((t) => t.name === 'boeken')!;
    // More orders, and a slow administration, so that the run is still going when its worker dies.
    new ArrivingOrders(tenant.shop, { firstNumber: 90_001 }).add(150);
    tenant.sink.faults.set({ latencyMs: 40 });
    const before = booked(tenant).length;
    const sync = startCli(['sync', tenant.name, '--database', url()], {}, LIMIT_MS);
    await sync.waitFor(/queued/);
    const holder = await new Promise<CliProcess>((resolve) => {
      const look = () => {
        const found = workers.find((w) => w.child.exitCode === null && runningJobs(w.stdout(), 'boeken').length > 0);
        if (found && booked(tenant).length >= before + 10) resolve(found);
        else setTimeout(look, 50);
      };
      look();
    });
    const [jobId] = runningJobs(holder.stdout(), 'boeken');
    holder.child.kill('SIGKILL');
    tenant.sink.faults.reset();
    const result = await sync.done;
    expect(result.stderr).toBe('');
    expect([0, 1]).toContain(result.code);
    await expectExactlyOnce(tenant, tenant.orders + 150);
    const survivor = workers.find((w) => w !== holder && w.child.exitCode === null)!;
    // The same job, taken over: started again and finished by the surviving worker.
    expect(survivor.stdout()).toContain(`boeken sync job ${jobId} started`);
    expect(survivor.stdout()).toMatch(new RegExp(`boeken sync job ${jobId}: sync (ok|parked)`));
  }, LIMIT_MS);

  it('removes a tenant with its schedule, keeps its state unless --purge, and stops a worker cleanly on SIGTERM', async () => {
    const removed = await cli(['tenants', 'remove', 'bakkerij', '--database', url()]);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/tenant bakkerij removed; its state stays/);
    expect((await ledgerStates('bakkerij')).booked).toBe(booked(tenants[0]).length);
    const purged = await cli(['tenants', 'remove', 'fietsen', '--purge', '--database', url()]);
    expect(purged.code).toBe(0);
    expect((await ledgerStates('fietsen')).booked).toBe(0);
    const listed = await cli(['tenants', 'list', '--database', url()]);
    expect(listed.stdout).not.toMatch(/^bakkerij|^fietsen/m);
    const unknown = await cli(['tenants', 'remove', 'bakkerij', '--database', url()]);
    expect(unknown.code).toBe(64);

    const running = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
    expect(running.length).toBeGreaterThan(0);
    for (const worker of running) worker.child.kill('SIGTERM');
    for (const worker of running) {
      const result = await worker.done;
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/worker stopped/);
      for (const value of Object.values(secrets)) expect(result.stdout + result.stderr).not.toContain(value);
    }
  }, LIMIT_MS);
});
