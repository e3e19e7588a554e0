/**
 * The service under fire: 50 tenants (each its own webshop and its own administration and login in
 * one of five e-Boekhouden simulators) added with `tenants add`, scheduled every minute, worked by
 * four `koppelwerk worker` processes while one in five sink calls fails (503, dropped connection,
 * 429), a random worker is SIGKILLed every few seconds (preferably one with a run in hand) and
 * replaced, and PostgreSQL itself is restarted once while runs are going on.
 *
 * Then the faults stop and the workers drain, and: every document is booked exactly once in its own
 * tenant's administration or parked with a reason; nothing is pending or in doubt; no tenant's
 * bookings or relations are in another's administration; no tenant's rows are visible through
 * another tenant's PostgresStateStore; no worker crashed, and each stops cleanly on SIGTERM.
 *
 * The server is a private one (tools/scripts/postgres.sh with a folder of its own): restarting the
 * shared test server would break the suites using it at the same time.
 * RELIABILITY_SEED=<n> repeats the random choices (kills, pauses, faults) of a run.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { stringify } from 'yaml';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { PostgresStateStore } from '@koppelwerk/store-postgres';
import { generateBookableOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { reportFigures, seededRandom, suiteSeed } from '../reliability/reliability-support';
import { ArrivingOrders, scratchDir } from '@koppelwerk/runtime/testing';
import { cli, everyFileText } from '../testing/cli-process';
import { describeWithPrivatePostgres } from '../testing/private-postgres';
import { WorkerFleet, runCliBatch, runningJobs } from '../testing/service-fleet';

const TENANTS = 50;
const TENANTS_PER_SINK = 10;
const ORDERS_PER_TENANT = 6;
const WORKERS = 4;
/** The chaos lasts at least this long from the first run a worker takes... */
const CHAOS_MS = 60_000;
/** ...and until this many kills hit a worker with a run in hand (and the restart is done). */
const KILLS_IN_A_RUN = 4;
/** New orders (in shops picked at random) at each step of the chaos. */
const ARRIVING_PER_STEP = 8;
/** One sink call in five: 503, a dropped connection, 429 with Retry-After; and a slow administration, so that runs are still going when a kill comes. */
const SINK_FAULTS = { errorRate: 0.1, dropRate: 0.05, rateLimitRate: 0.05, retryAfterSeconds: 1, latencyMs: 50 };
const SEED = suiteSeed();
const LIMIT_MS = 480_000;

interface Tenant {
  name: string;
  /** Relation-code prefix and invoice-number prefix: `S07`. */
  prefix: string;
  shop: RunningMijnwebwinkelSimulator;
  sink: EboekhoudenSimulator;
  /** Index of its administration in its sink's state. */
  administration: number;
  /** Its order numbers (the document keys), those that arrive during the chaos too. */
  orders: string[];
  arrivals: ArrivingOrders;
  /** Its secrets (references in the tenant file, values in the workers' environment). */
  secrets: Record<string, string>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
/** Tenant n's own e-Boekhouden login. */
const login = (n: number) => ({ username: `kw.tenant${n}`, code1: `${hex(n, 4)}${'c0de'.repeat(7)}`, code2: `${hex(n, 8)}-5EC2-4000-8000-${hex(n, 12)}`.toUpperCase() });
/** Tenant n's administration, when it is not its simulator's main one. */
const administrationGuid = (n: number) => `${hex(n, 8)}-AD01-4000-8000-${hex(n, 12)}`.toUpperCase();

describeWithPrivatePostgres(`the service with 50 tenants, 4 workers killed at random, PostgreSQL restarted, 20% sink faults (RELIABILITY_SEED=${SEED})`, (server) => {
  const random = seededRandom(SEED);
  const tenants: Tenant[] = [];
  const sinks: EboekhoudenSimulator[] = [];
  let dir: string;
  let fleet: WorkerFleet | undefined;
  let pool: Pool | undefined;

  beforeAll(async () => {
    dir = scratchDir('service-reliability');
    for (let s = 0; s < TENANTS / TENANTS_PER_SINK; s++) {
      const slots = Array.from({ length: TENANTS_PER_SINK }, (_, a) => s * TENANTS_PER_SINK + a + 1);
      sinks.push(
        await startEboekhoudenSimulator({
          port: 0,
          randomSeed: SEED + s,
          // One login per tenant; the first administration is the simulator's main one, the others by GUID.
          seed: {
            users: slots.map(login).map((l) => ({ Username: l.username, SecurityCode1: l.code1, SecurityCode2: l.code2 })),
            administraties: slots.slice(1).map((n) => ({ Bedrijf: `Winkel ${n} B.V.`, Guid: administrationGuid(n) })),
          },
        }),
      );
    }
    for (let n = 1; n <= TENANTS; n++) {
      const prefix = `S${String(n).padStart(2, '0')}`;
      const name = `shop-${String(n).padStart(2, '0')}`;
      const seed = generateBookableOrders(ORDERS_PER_TENANT, SEED + n);
      // Order numbers of its own (10101.. for the first tenant): a document key names one tenant's order.
      seed.orders = seed.orders.map((order, k) => ({ ...order, number: 10_000 + n * 100 + k + 1 }));
      const credentials = { token: `shop-token-${n}-${hex(SEED, 8)}`, partner_token: `partner-token-${n}-${hex(SEED, 8)}` };
      const shop = await startMijnwebwinkelSimulator({ port: 0, credentials, seed: seed as unknown as Record<string, unknown> });
      const sink = sinks[Math.floor((n - 1) / TENANTS_PER_SINK)];
      const administration = (n - 1) % TENANTS_PER_SINK;
      const user = login(n);
      const secrets = { TOKEN: credentials.token, PARTNER: credentials.partner_token, CODE1: user.code1, CODE2: user.code2 };
      const ref = (key: string) => `\${env:${prefix}_${key}}`;
      writeFileSync(
        join(dir, `${name}.yaml`),
        stringify({
          tenant: name,
          source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: { token: ref('TOKEN'), partner_token: ref('PARTNER') } },
          sink: {
            connector: 'eboekhouden',
            endpoint: sink.endpoint,
            settings: {
              username: user.username,
              securityCode1: ref('CODE1'),
              securityCode2: ref('CODE2'),
              ...(administration > 0 ? { administration: administrationGuid(n) } : {}),
            },
          },
          mapping: { relations: { codePrefix: prefix }, texts: { invoiceNumber: `${prefix}-{number}` } },
          schedule: { everyMinutes: 1 },
        }),
      );
      const arrivals = new ArrivingOrders(shop, { firstNumber: 1_000_000 + n * 10_000 });
      tenants.push({ name, prefix, shop, sink, administration, orders: seed.orders.map((o) => String(o.number)), arrivals, secrets });
    }
  }, LIMIT_MS);

  afterAll(async () => {
    await fleet?.killAll();
    await pool?.end();
    await Promise.all([...sinks.map((s) => s.close()), ...tenants.map((t) => t.shop.close())]);
  }, LIMIT_MS);

  const url = () => server().url;
  const workerEnv = () => Object.fromEntries(tenants.flatMap((t) => Object.entries(t.secrets).map(([key, value]) => [`${t.prefix}_${key}`, value])));
  const administrationOf = (t: Tenant) => t.sink.state().administraties[t.administration];
  const bookedNumbers = (t: Tenant) => administrationOf(t).mutaties.map((m) => String(m.Factuurnummer));
  const bookedTotal = () => tenants.reduce((sum, t) => sum + bookedNumbers(t).length, 0);

  /** A tenant's state as its own store shows it. */
  async function stateOf(t: Tenant) {
    const store = await PostgresStateStore.open({ pool: pool!, tenant: t.name });
    try {
      const [ledger, errors, runs, activity] = await Promise.all([store.listLedger(), store.listErrors(), store.listRuns(1000), store.listActivity({ limit: 100_000 })]);
      return { ledger, errors, runs, activity };
    } finally {
      await store.close();
    }
  }

  /** What keeps a tenant from being done: orders neither booked nor parked, rows pending or in doubt. */
  async function unfinished(t: Tenant): Promise<string[]> {
    const { ledger, errors } = await stateOf(t);
    const booked = new Set(ledger.filter((e) => e.state === 'booked').map((e) => e.documentKey));
    const parked = new Set(errors.map((e) => e.documentKey));
    return [
      ...t.orders.filter((key) => !booked.has(key) && !parked.has(key)).map((key) => `order ${key} neither booked nor parked`),
      ...ledger.filter((e) => e.state === 'pending' || e.state === 'in-doubt').map((e) => `order ${e.documentKey} ${e.state}`),
    ];
  }

  it(
    'books every document exactly once in its own administration or parks it, through kills, a database restart and sink faults; tenants stay apart',
    async () => {
      const started = Date.now();
      /** Seconds from the start to the end of each phase (in the figures, and on stdout as it goes, for a slow CI run). */
      const phases: Record<string, number> = {};
      const phase = (name: string) => {
        phases[name] = Math.round((Date.now() - started) / 1000);
        process.stdout.write(`[reliability] service: ${name} after ${phases[name]} s\n`);
      };
      pool = new Pool({ connectionString: url(), max: 4 });
      pool.on('error', () => undefined);

      // Fifty tenants, each added by `tenants add` (in one process: a process start per tenant costs more than the suite's budget).
      const added = await runCliBatch(tenants.map((t) => ['tenants', 'add', join(dir, `${t.name}.yaml`), '--database', url()]));
      expect(added.stderr).toBe('');
      expect(added.ok).toBe(true);
      for (const t of tenants) expect(added.stdout).toContain(`tenant ${t.name} added: runs every 1 minutes`);
      phase('tenants added');

      fleet = new WorkerFleet(['worker', '--database', url(), '--log-dir', join(dir, 'logs')], workerEnv(), LIMIT_MS * 2);
      const workers = fleet;
      await Promise.all(Array.from({ length: WORKERS }, () => workers.start()));
      for (const sink of sinks) sink.faults.set(SINK_FAULTS);
      phase('workers ready');

      // The chaos starts with the first scheduled run a worker takes.
      const anyBusy = () => workers.live().some((w) => runningJobs(w.process).length > 0);
      await waitUntil(anyBusy, 150_000, () => `no worker took a scheduled run within 150 s:\n${workers.output().slice(-4000)}`);
      phase('first scheduled run taken');
      const chaosStarted = Date.now();
      const elapsed = () => Date.now() - chaosStarted;
      const kills: { worker: number; jobs: number }[] = [];
      const starting: Promise<unknown>[] = [];
      const startFailures: string[] = [];
      let restart: { atSecond: number; bookedBefore: number; busyWorkers: number } | undefined;
      let arrived = 0;
      const hits = () => kills.filter((k) => k.jobs > 0).length;
      while (elapsed() < CHAOS_MS || hits() < KILLS_IN_A_RUN || !restart) {
        if (elapsed() > 4 * CHAOS_MS) throw new Error(`the chaos did not get ${KILLS_IN_A_RUN} kills of a worker with a run in hand and a restart during runs: ${JSON.stringify({ kills, restart })}`);
        // The scenario's pace: every few seconds new orders in some shops, then a kill (once, the restart instead).
        await pause(3000 + Math.floor(random() * 5000));
        for (let i = 0; i < ARRIVING_PER_STEP; i++) {
          const t = tenants[Math.floor(random() * tenants.length)];
          t.orders.push(...t.arrivals.add(1));
          arrived++;
        }
        const busy = workers.live().filter((w) => runningJobs(w.process).length > 0);
        if (!restart && elapsed() >= CHAOS_MS / 3 && busy.length > 0) {
          // The restart hits running workers (a worker still starting would just fail to connect).
          await Promise.all(starting.splice(0));
          restart = { atSecond: Math.round(elapsed() / 1000), bookedBefore: bookedTotal(), busyWorkers: busy.length };
          await server().restart();
          phase('PostgreSQL restarted');
          continue;
        }
        const candidates = busy.length ? busy : workers.live();
        const victim = candidates[Math.floor(random() * candidates.length)];
        const jobs = runningJobs(victim.process).length;
        await workers.kill(victim);
        kills.push({ worker: victim.number, jobs });
        starting.push(workers.start().catch((error: unknown) => startFailures.push(String(error))));
      }
      await Promise.all(starting.splice(0));
      expect(startFailures).toEqual([]);
      const chaosMs = Date.now() - chaosStarted;
      const injected = sinks.map((s) => s.faults.injected());
      for (const sink of sinks) sink.faults.reset();
      phase('chaos over');

      // The workers drain: each tenant's next runs book or park what is left and settle what is in doubt.
      const drainStarted = Date.now();
      let left: string[] = [];
      await waitUntil(
        async () => {
          left = (await Promise.all(tenants.map(async (t) => (await unfinished(t)).map((problem) => `${t.name}: ${problem}`)))).flat();
          return left.length === 0;
        },
        180_000,
        () => `the workers did not finish within 180 s after the faults stopped; left:\n${left.slice(0, 40).join('\n')}\nworkers:\n${workers.output().slice(-6000)}`,
      );
      const drainMs = Date.now() - drainStarted;
      phase('drained');
      // No worker died but the ones killed on purpose: neither the kills nor the restart crashed one.
      expect(workers.crashed()).toEqual([]);
      expect(workers.live()).toHaveLength(WORKERS);
      const stopped = await workers.stop();
      for (const result of stopped) {
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/worker stopped/);
      }

      // Exactly once, in its own administration; parked for its content otherwise (the default mapping refuses
      // an order in a foreign currency, and nothing else of these orders); nothing pending or in doubt.
      const problems: string[] = [];
      const tenantOfPrefix = (code: string) => tenants.find((t) => code.startsWith(t.prefix))?.name ?? 'no tenant';
      let parkedTotal = 0;
      let settledTotal = 0;
      for (const t of tenants) {
        const numbers = bookedNumbers(t);
        const { ledger, errors, activity } = await stateOf(t);
        const ledgerBooked = ledger.filter((e) => e.state === 'booked');
        for (const n of numbers.filter((n, i) => numbers.indexOf(n) !== i)) problems.push(`${t.name}: ${n} booked twice`);
        for (const n of numbers.filter((n) => !n.startsWith(`${t.prefix}-`))) problems.push(`${t.name}: the administration holds ${n} of ${tenantOfPrefix(n)}`);
        const relations = administrationOf(t).relaties.map((r) => String(r.Code));
        for (const code of relations.filter((c) => /^S\d\d/.test(c) && !c.startsWith(t.prefix))) problems.push(`${t.name}: the administration holds relation ${code} of ${tenantOfPrefix(code)}`);
        for (const code of relations.filter((c, i) => relations.indexOf(c) !== i)) problems.push(`${t.name}: relation ${code} created twice`);
        const ledgerNumbers = ledgerBooked.map((e) => e.invoiceNumber ?? `(none for ${e.documentKey})`).sort();
        if (JSON.stringify(ledgerNumbers) !== JSON.stringify([...numbers].sort())) problems.push(`${t.name}: the ledger books ${ledgerNumbers.join(' ')}, the administration holds ${[...numbers].sort().join(' ')}`);
        problems.push(...(await unfinished(t)).map((p) => `${t.name}: ${p}`));
        const foreign = new Set(t.shop.orders().filter((o) => o.currency !== 'EUR').map((o) => String(o.number)));
        for (const key of t.orders) {
          const parked = errors.find((e) => e.documentKey === key);
          const booked = ledgerBooked.some((e) => e.documentKey === key);
          const outcome = [booked ? 'booked' : '', parked ? `parked (${parked.errorClass} ${parked.code ?? ''}: ${parked.message})` : ''].filter(Boolean).join(' and ') || 'neither booked nor parked';
          const expected = foreign.has(key) ? !booked && parked?.code === 'MAP_FOREIGN_CURRENCY' : booked && !parked;
          if (!expected) problems.push(`${t.name}: order ${key} in ${foreign.has(key) ? 'a foreign currency' : 'euros'} is ${outcome}`);
        }
        parkedTotal += errors.length;
        settledTotal += activity.filter((a) => /settled/.test(a.message ?? '')).length;
      }
      expect(problems).toEqual([]);
      expect(bookedTotal()).toBeGreaterThan(TENANTS * ORDERS_PER_TENANT * 0.6);
      // Bookings before the restart and after it (the orders that arrived later).
      expect(restart!.bookedBefore).toBeGreaterThan(0);
      expect(bookedTotal()).toBeGreaterThan(restart!.bookedBefore);
      expect(injected.reduce((sum, i) => sum + i.failed + i.dropped + i.rateLimited, 0)).toBeGreaterThan(0);

      // Through its own store each tenant sees only its own rows, and every row is some tenant's.
      const isolation: string[] = [];
      const seen = { ledger: 0, error_queue: 0, runs: 0, activity: 0 };
      const runIds = new Map<string, string>();
      for (const t of tenants) {
        const { ledger, errors, runs, activity } = await stateOf(t);
        const own = new Set(t.orders);
        for (const e of ledger) if (!own.has(e.documentKey) || (e.invoiceNumber !== null && !e.invoiceNumber.startsWith(`${t.prefix}-`))) isolation.push(`${t.name} sees ledger row ${e.documentKey} ${e.invoiceNumber}`);
        for (const e of errors) if (!own.has(e.documentKey)) isolation.push(`${t.name} sees parked ${e.documentKey}`);
        for (const a of activity) if (a.documentKey && !own.has(a.documentKey)) isolation.push(`${t.name} sees activity of ${a.documentKey}`);
        for (const r of runs) {
          if (runIds.has(r.runId)) isolation.push(`${t.name} sees run ${r.runId} of ${runIds.get(r.runId)}`);
          runIds.set(r.runId, t.name);
        }
        seen.ledger += ledger.length;
        seen.error_queue += errors.length;
        seen.runs += runs.length;
        seen.activity += activity.length;
      }
      expect(isolation).toEqual([]);
      const totals = Object.fromEntries(
        await Promise.all(
          Object.keys(seen).map(async (table) => [table, Number((await pool!.query(`SELECT count(*) AS n FROM ${table}${table === 'error_queue' ? ' WHERE resolved_at IS NULL' : ''}`)).rows[0].n)]),
        ),
      );
      expect(seen).toEqual(totals);

      // The operator's view agrees; no secret reached a worker's output or log.
      const status = await cli(['status', '--json', '--database', url()], {}, 120_000);
      expect(status.code).toBe(0);
      const listed = JSON.parse(status.stdout) as { tenants: { tenant: string; openErrors: number }[] };
      expect(listed.tenants.map((s) => s.tenant)).toEqual(tenants.map((t) => t.name));
      expect(listed.tenants.reduce((sum, s) => sum + s.openErrors, 0)).toBe(parkedTotal);
      const shown = workers.output() + everyFileText(join(dir, 'logs'));
      expect(tenants.flatMap((t) => Object.values(t.secrets)).filter((secret) => shown.includes(secret))).toEqual([]);
      // What the workers said about the lost database reads as words.
      expect(workers.output()).not.toMatch(/undefined|\[object Object\]/);

      reportFigures(SEED, 'service', {
        tenants: TENANTS,
        orders: tenants.reduce((sum, t) => sum + t.orders.length, 0),
        booked: bookedTotal(),
        parked: parkedTotal,
        settledAfterUnclearWrites: settledTotal,
        kills: kills.length,
        killsOfAWorkerWithRunsInHand: hits(),
        restart,
        arrivedDuringChaos: arrived,
        jobsFailed: (workers.output().match(/ job \S+ failed: /g) ?? []).length,
        queueProblems: (workers.output().match(/queue problem: /g) ?? []).length,
        sinkFaults: injected.reduce((a, i) => ({ failed: a.failed + i.failed, dropped: a.dropped + i.dropped, rateLimited: a.rateLimited + i.rateLimited }), { failed: 0, dropped: 0, rateLimited: 0 }),
        chaosSeconds: Math.round(chaosMs / 1000),
        drainSeconds: Math.round(drainMs / 1000),
        phases,
        runsEndedInternal: (workers.output().match(/ job \S+: sync internal/g) ?? []).length,
      });
      // A database away for a moment ends a run transient (run again), never as a bug.
      expect(workers.output().match(/ job \S+: sync internal.*/g) ?? []).toEqual([]);
    },
    LIMIT_MS,
  );
});

/** Polls a condition every second; fails with `why()` when it does not hold within `limitMs`. */
async function waitUntil(condition: () => boolean | Promise<boolean>, limitMs: number, why: () => string): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(why());
    await pause(1000);
  }
}
