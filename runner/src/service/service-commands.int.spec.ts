/**
 * The service CLI at parity with the embedded one, as processes against a real PostgreSQL: a
 * tenant in the database whose mapping parks some orders; `errors`, `log` and `explain` read it
 * from the database (the first two without any of its secrets, `explain` with only the source's),
 * `retry` of chosen ids travels to a worker and retries exactly those, `check` names both
 * connectors, `status` shows the next scheduled run at the tenant's own minute.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithPostgres, simControl } from '@koppelwerk/testing';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { PostgresStateStore } from '@koppelwerk/store-postgres';
import { generateBookableOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { stringify } from 'yaml';
import { cli, startCli, type CliProcess } from '../testing/cli-process';
import { scratchDir } from '@koppelwerk/runtime/testing';
import { nextCadenceRun } from '@koppelwerk/service';

const LIMIT_MS = 240_000;
const TENANT = 'winkel';
/** Only a 21 % rule and no built-in table: the orders with other rates are parked. */
const STRICT = { vat: { builtInDefaults: false, sales: [{ rate: 21, code: 'HOOG_VERK_21' }] }, texts: { invoiceNumber: 'SVC-{number}' }, relations: { codePrefix: 'SVC' } };
/** The fix: the built-in table books the other rates, foreign currency is booked as euros. */
const FIXED = { ...STRICT, vat: { sales: STRICT.vat.sales }, currency: { foreign: 'book-as-euro' } };

interface ErrorRow {
  id: number;
  documentKey: string;
  errorClass: string;
  code?: string | null;
  message: string;
}

describeWithPostgres('the service CLI reads and retries a tenant in the database', (database) => {
  let dir: string;
  let shop: RunningMijnwebwinkelSimulator;
  let sink: EboekhoudenSimulator;
  let worker: CliProcess;
  /** The tenant's secrets: the worker has them, the database and the reading commands do not. */
  const secrets: NodeJS.ProcessEnv = {};
  const url = () => database().url;
  /** A CLI process in the scratch folder (where a service `explain` writes its log), without the tenant's secrets unless asked. */
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => cli(args, env, LIMIT_MS, dir);

  /**
   * The tenant file, its secrets as references. Its schedule is off until the last test, which is
   * about the schedule: a scheduled run taken by the worker meanwhile would race the runs the tests ask for.
   */
  const tenantFile = (mapping: unknown, scheduled: boolean) => ({
    tenant: TENANT,
    source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: { token: '${env:WINKEL_TOKEN}', partner_token: '${env:WINKEL_PARTNER}' } },
    sink: {
      connector: 'eboekhouden',
      endpoint: sink.endpoint,
      settings: { username: sink.credentials.username, securityCode1: '${env:WINKEL_CODE1}', securityCode2: '${env:WINKEL_CODE2}' },
    },
    mapping,
    schedule: { everyMinutes: 60, enabled: scheduled },
  });
  const writeTenant = (mapping: unknown, scheduled = false): string => {
    const file = join(dir, `${TENANT}.yaml`);
    writeFileSync(file, stringify(tenantFile(mapping, scheduled)));
    return file;
  };
  /** What the tenant's state in the database holds. */
  const inState = async <T>(read: (store: PostgresStateStore) => Promise<T>): Promise<T> => {
    const store = await PostgresStateStore.open({ connectionString: url(), tenant: TENANT });
    try {
      return await read(store);
    } finally {
      await store.close();
    }
  };
  const openErrors = (): Promise<ErrorRow[]> => inState((store) => store.listErrors());
  const booked = () => sink.state().administraties[0].mutaties.map((m) => String(m.Factuurnummer));

  beforeAll(async () => {
    dir = scratchDir('service-commands');
    [shop, sink] = await Promise.all([
      startMijnwebwinkelSimulator({ port: 0, seed: generateBookableOrders(16, 7) as unknown as Record<string, unknown> }),
      startEboekhoudenSimulator({ port: 0 }),
    ]);
    Object.assign(secrets, {
      WINKEL_TOKEN: shop.credentials.token,
      WINKEL_PARTNER: shop.credentials.partner_token,
      WINKEL_CODE1: sink.credentials.securityCode1,
      WINKEL_CODE2: sink.credentials.securityCode2,
    });
    const added = await run(['tenants', 'add', writeTenant(STRICT), '--database', url()]);
    expect(added.stderr).toBe('');
    worker = startCli(['worker', '--database', url(), '--log-dir', join(dir, 'logs')], secrets, LIMIT_MS * 2, [], dir);
    await worker.waitFor(/^worker ready/m);
  }, LIMIT_MS);

  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    await worker?.done;
    await Promise.all([shop?.close(), sink?.close()]);
  });

  it('runs a dry run and a sync through a worker, then lists the parked orders from the database without any secret', async () => {
    const dry = await run(['sync', TENANT, '--database', url(), '--dry-run']);
    expect(dry.stdout).toMatch(/dry run for winkel: nothing was written anywhere/);
    expect(dry.stdout).toMatch(/^would book \d+ document\(s\):/m);
    expect(dry.stdout).toMatch(/^would park \S+: (no VAT rule|the document is in)/m);
    expect(booked()).toEqual([]);

    const sync = await run(['sync', TENANT, '--database', url()]);
    expect(sync.code).toBe(1); // parked
    const parked = await openErrors();
    expect(parked.length).toBeGreaterThan(1);
    expect(sync.stdout).toMatch(new RegExp(`parked ${parked.length}`));

    const errors = await run(['errors', TENANT, '--database', url()]);
    expect(errors.code).toBe(0);
    const lines = errors.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^id\s+document\s+class\s+attempts\s+first parked\s+age\s+reason$/);
    for (const entry of parked) expect(errors.stdout).toMatch(new RegExp(`^#${entry.id}\\s+${entry.documentKey}\\s+record ${entry.code}\\s+1\\s+\\d{4}-\\d\\d-\\d\\d .*${entry.message.slice(0, 20)}`, 'm'));
    expect(lines.at(-1)).toBe('reprocess with `koppelwerk retry winkel --database <url> <id...>`, `--all` or `--class <class>`');

    // The database from the environment instead of --database; the listing as JSON.
    const json = await run(['errors', TENANT, '--json', '--class', 'record'], { KOPPELWERK_DATABASE_URL: url() });
    expect(json.code).toBe(0);
    const listed = JSON.parse(json.stdout) as { tenant: string; errors: ErrorRow[] };
    expect(listed.tenant).toBe(TENANT);
    expect(listed.errors.map((e) => [e.id, e.documentKey, e.errorClass])).toEqual(parked.map((e) => [e.id, e.documentKey, 'record']));
    expect(JSON.parse((await run(['errors', TENANT, '--json', '--class', 'rejected', '--database', url()])).stdout).errors).toEqual([]);

    const unknown = await run(['errors', 'no-such-shop', '--database', url()]);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/no tenant no-such-shop in the database/);
    for (const text of [dry.stdout, sync.stdout, errors.stdout, json.stdout]) for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
  }, LIMIT_MS);

  it("shows one document's activity log from the database, and refuses a document it does not know", async () => {
    const [first] = await openErrors();
    const log = await run(['log', TENANT, '--database', url(), '--document', first.documentKey, '--limit', '3']);
    expect(log.code).toBe(0);
    const rows = log.stdout.trim().split('\n').filter((line) => !line.startsWith('older entries'));
    expect(rows[0]).toMatch(/^time \(Amsterdam\)\s+action\s+document \/ relation\s+booked as\s+details$/);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.length).toBeLessThanOrEqual(4);
    expect(log.stdout).toMatch(new RegExp(`^\\S+ \\S+\\s+failed\\s+${first.documentKey}\\s+record ${first.code}: ${first.message.slice(0, 20)}`, 'm'));

    const json = JSON.parse((await run(['log', TENANT, '--json', '--database', url(), '--limit', '2'])).stdout) as { tenant: string; activity: unknown[]; older: boolean };
    expect(json.tenant).toBe(TENANT);
    expect(json.activity).toHaveLength(2);
    expect(json.older).toBe(true);

    // More entries than shown: said, with the option that shows more; all of them: nothing said.
    const newest = await run(['log', TENANT, '--database', url(), '--limit', '3']);
    expect(newest.stdout.trim().split('\n')).toHaveLength(1 + 3 + 1);
    expect(newest.stdout.trim().split('\n').at(-1)).toBe('older entries are not shown (the newest 3 are); see more with `koppelwerk log winkel --database <url> --limit 200`');
    const all = await run(['log', TENANT, '--database', url(), '--limit', '100000']);
    expect(all.stdout).not.toMatch(/older entries/);
    expect(JSON.parse((await run(['log', TENANT, '--json', '--database', url(), '--limit', '100000'])).stdout).older).toBe(false);

    const missing = await run(['log', TENANT, '--database', url(), '--document', 'sales-order:nope']);
    expect(missing.code).toBe(64);
    expect(missing.stderr).toMatch(/no document sales-order:nope in this tenant's state/);
  }, LIMIT_MS);

  it('explains a document of the service tenant exactly as the embedded command explains it, with only the source its secrets', async () => {
    const [refused] = await openErrors();
    const [{ documentKey: bookedKey }] = await inState((store) => store.listLedger({ state: 'booked' }));
    // The same tenant as an embedded file, with a state of its own.
    mkdirSync(join(dir, 'embedded'));
    const embeddedFile = join(dir, 'embedded', `${TENANT}.yaml`);
    writeFileSync(embeddedFile, stringify({ ...tenantFile(STRICT, false), state: { path: join(dir, 'embedded', 'state.sqlite') } }));

    // explain asks only the source: the sink's secrets need not be set here.
    const sourceSecrets = { WINKEL_TOKEN: secrets.WINKEL_TOKEN, WINKEL_PARTNER: secrets.WINKEL_PARTNER };
    for (const [key, code] of [
      [bookedKey, 0],
      [refused.documentKey, 1],
    ] as const) {
      const service = await run(['explain', TENANT, key, '--database', url()], sourceSecrets);
      const embedded = await run(['explain', embeddedFile, key], secrets);
      expect([service.code, embedded.code]).toEqual([code, code]);
      // The service's state booked it (the embedded copy's did not): it says when and as what, then the same rules.
      const asBooked = /^ {2}booked .*\n {2}the rules make exactly the booking that was sent:\n/m;
      expect(asBooked.test(service.stdout)).toBe(code === 0);
      expect(service.stdout.replace(asBooked, '')).toBe(embedded.stdout);
      expect(service.stdout.replace(asBooked, '')).toMatch(code === 0 ? new RegExp(`^${key} with mapping \\S+:\\n  lines\\[0\\]\\.vatCode`) : new RegExp(`cannot be booked: ${refused.message.slice(0, 20)}`));
      const [serviceJson, embeddedJson] = await Promise.all([
        run(['explain', TENANT, key, '--json', '--database', url()], sourceSecrets),
        run(['explain', embeddedFile, key, '--json'], secrets),
      ]);
      const { booked, ...explained } = JSON.parse(serviceJson.stdout) as { booked?: { sinkId: string } };
      expect(booked !== undefined).toBe(code === 0);
      expect(explained).toEqual(JSON.parse(embeddedJson.stdout));
    }
    const unknown = await run(['explain', TENANT, '999999', '--database', url()], sourceSecrets);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/no document 999999 in this tenant's state/);
    // Without the source's secrets on this machine it says which ones are missing (and only those).
    const noSecrets = await run(['explain', TENANT, bookedKey, '--database', url()], { WINKEL_PARTNER: secrets.WINKEL_PARTNER });
    expect(noSecrets.code).toBe(2);
    expect(noSecrets.stderr).toBe('configuration has 1 problem:\n  - source.settings.token: environment variable WINKEL_TOKEN is not set\n');
  }, LIMIT_MS);

  it('retries exactly the chosen ids through a worker, and refuses ids the tenant does not have before queueing', async () => {
    const parked = await openErrors();
    const retriesSoFar = () => (worker.stdout().match(/ winkel retry job /g) ?? []).length;
    const before = retriesSoFar();
    const unknown = await run(['retry', TENANT, String(parked[0].id), '999999', '--database', url()]);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toMatch(/no error #999999 in this tenant's error queue/);
    expect(retriesSoFar()).toBe(before); // nothing was queued

    // The mapping fixed in the database; one order retried by its id.
    expect((await run(['tenants', 'add', writeTenant(FIXED), '--database', url()])).code).toBe(0);
    const [chosen, ...rest] = parked;
    const one = await run(['retry', TENANT, `#${chosen.id}`, '--database', url()]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^retry ok: read 1, booked 1, skipped 0 \(already booked\), parked 0, pending 0/m);
    const bookedNow = booked().length;
    expect((await openErrors()).map((e) => e.id)).toEqual(rest.map((e) => e.id));
    expect(await inState((store) => store.getLedgerEntry({ documentKey: chosen.documentKey, kind: 'sales-order' }))).toMatchObject({ state: 'booked' });

    // An id no longer parked is said so, and the rest by class.
    const again = await run(['retry', TENANT, String(chosen.id), '--database', url()]);
    expect(again.stdout).toMatch(new RegExp(`^#${chosen.id} \\(${chosen.documentKey}\\) is no longer parked`, 'm'));
    const byClass = await run(['retry', TENANT, '--class', 'record', '--database', url(), '--json']);
    expect(byClass.code).toBe(0);
    expect(JSON.parse(byClass.stdout)).toMatchObject({ state: 'completed', summary: { mode: 'retry', counts: { read: rest.length, booked: rest.length } } });
    expect(await openErrors()).toEqual([]);
    const numbers = booked();
    expect(numbers).toHaveLength(bookedNow + rest.length);
    expect(new Set(numbers).size).toBe(numbers.length);
  }, LIMIT_MS);

  it('checks both connections through a worker and names each connector, as the embedded check does', async () => {
    const check = await run(['check', TENANT, '--database', url()]);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^tenant winkel\ngreen {2}source Mijnwebwinkel\n(.*\n)*green {2}sink {3}e-Boekhouden\.nl$/m);
    const json = JSON.parse((await run(['check', TENANT, '--json', '--database', url()])).stdout) as Record<string, { connector?: string; ok?: boolean }>;
    expect(json.source).toMatchObject({ connector: 'mijnwebwinkel', ok: true });
    expect(json.sink).toMatchObject({ connector: 'eboekhouden', ok: true });
  }, LIMIT_MS);

  it('reconciles a period through a worker, and books a document deleted from the books again once', async () => {
    const period = ['--from', '2000-01-01', '--to', '2049-12-31'];
    const clean = await run(['reconcile', TENANT, ...period, '--database', url(), '--json']);
    expect([clean.code, JSON.parse(clean.stdout).differences]).toEqual([0, []]);

    const [invoiceNumber] = booked();
    expect((await simControl(new URL(sink.url).origin, 'POST /manual/delete', { invoiceNumber })).status).toBe(200);
    const differ = await run(['reconcile', TENANT, ...period, '--database', url()]);
    expect(differ.code).toBe(1);
    const line = differ.stdout.split('\n').find((text) => text.includes('deleted-in-books'));
    expect(line).toContain(invoiceNumber);
    const document = line!.trim().split(/\s+/)[1];

    const rebooked = await run(['reconcile', TENANT, '--rebook', document, '--yes', '--database', url()]);
    expect(rebooked.code).toBe(0);
    expect(rebooked.stdout).toMatch(/^rebook ok: read 1, booked 1/m);
    expect(booked().filter((number) => number === invoiceNumber)).toHaveLength(1);
    const again = await run(['reconcile', TENANT, '--rebook', document, '--yes', '--database', url()]);
    expect(again.code).toBe(64);
    expect(again.stderr).toContain(`not booked again: document ${document} (${invoiceNumber}) is still in the books`);
    expect(booked().filter((number) => number === invoiceNumber)).toHaveLength(1);
  }, LIMIT_MS);

  it('shows the next scheduled run of every tenant', async () => {
    expect((await run(['tenants', 'add', writeTenant(FIXED, true), '--database', url()])).code).toBe(0);
    const status = await run(['status', '--database', url()]);
    expect(status.code).toBe(0);
    const [header, row] = status.stdout.split('\n');
    expect(header).toMatch(/\s+running\s+next run \(Amsterdam\)\s+schedule$/);
    expect(row).toMatch(/^winkel\s.*\s+no\s+\d{4}-\d\d-\d\d \d\d:\d\d:00\s+every 60 min$/);
    const asked = new Date();
    const json = JSON.parse((await run(['status', '--json', '--database', url()])).stdout) as { tenants: { tenant: string; nextRun: string }[] };
    const [tenant] = json.tenants;
    // The hourly schedule's next tick: at the tenant's own minute past the hour, as the daemon would start it.
    expect(tenant.tenant).toBe(TENANT);
    expect([nextCadenceRun(TENANT, 60, asked), nextCadenceRun(TENANT, 60, new Date())].map((d) => d.toISOString())).toContain(tenant.nextRun);
  }, LIMIT_MS);
});
