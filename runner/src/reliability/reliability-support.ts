/**
 * Shared support for the reliability suites in this folder: they drive the real `koppelwerk` CLI
 * as a child process against the Mijnwebwinkel and e-Boekhouden simulators over loopback.
 *
 * - Size: `KOPPELWERK_SOAK=1` (the root `npm run soak`) runs the full size; otherwise the reduced
 *   CI size that runs inside `npm test`.
 * - Randomness is seeded (`RELIABILITY_SEED`, default: from the clock; the seed is in every suite's
 *   title), so a failing run can be repeated exactly as far as the seed decides it.
 * - A scenario: both simulators with canary-looking credentials, a tenant file, and what a clean
 *   run would book and park (from a dry run). Every CLI output of the scenario is kept, so the
 *   suite can check that no secret reached stdout, stderr, the log file or the state database.
 * - The exactly-once check counts each document in the e-Boekhouden simulator's own state.
 * - The sink side speaks either of e-Boekhouden's APIs (`api` of a scenario: `soap`, the default,
 *   or `rest`); the simulator keeps one state for both, so every check reads the same records.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator, type EboekhoudenSimulatorOptions } from '@koppelwerk/eboekhouden/simulator';
import { SqliteStateStore } from '@koppelwerk/store-sqlite';
import { generateOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import type { FaultSettings } from '@koppelwerk/testing';
import { stringify } from 'yaml';
import { everyFileText, startCli, type CliResult } from '../testing/cli-process';
import { scratchDir } from '../testing/scratch-dir';

/** True under `npm run soak`: the full size. */
export const SOAK = process.env.KOPPELWERK_SOAK === '1';

/** The CI size or the soak size of a knob. */
export function sized<T>(ci: T, soak: T): T {
  return SOAK ? soak : ci;
}

/** The seed of a suite run; `RELIABILITY_SEED` (or the older `CRASH_SEED`) repeats one. */
export function suiteSeed(): number {
  const given = process.env.RELIABILITY_SEED ?? process.env.CRASH_SEED;
  return given !== undefined ? Number(given) : Date.now() % 1_000_000;
}

/** A small seeded generator (mulberry32): numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** One operation the e-Boekhouden simulator handled (its `onCall` hook): name, write or not, in-band error code. */
export type EboekhoudenSimCall = Parameters<NonNullable<EboekhoudenSimulatorOptions['onCall']>>[0];

export const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 1));

/** Generous per-test timeouts: every scenario spawns many processes on a loaded 2-core machine. */
export const SCENARIO_TIMEOUT_MS = sized(240_000, 3_600_000);

export interface EboekhoudenLogin {
  username: string;
  securityCode1: string;
  securityCode2: string;
}

/** e-Boekhouden's two APIs, as a tenant picks one with `sink.settings.api`. */
export type Transport = 'soap' | 'rest';
export const TRANSPORTS: readonly Transport[] = ['soap', 'rest'];

/** The login a tenant file gives the sink: SOAP's username and codes, or a REST API token. */
export type SinkLogin = EboekhoudenLogin | { accessToken: string };

/** The operation that stores a booking, as the simulator names the calls it handles. */
export const MUTATION_WRITE: Record<Transport, string> = { soap: 'AddMutatie', rest: 'POST /v1/mutation' };

/** A session call (opening or closing one) of either API: `OpenSession`, `CloseSession`, `POST /v1/session`, ... */
export function isSessionCall(operation: string): boolean {
  return /session/i.test(operation);
}

/** Credentials that look like canaries (unique per call), so a leak is easy to find. */
export function canaryCredentials(): { sink: EboekhoudenLogin; accessToken: string; shop: { token: string; partner_token: string } } {
  const hex = (bytes: number) => randomBytes(bytes).toString('hex');
  const guid = `CA4A41E5-${hex(2)}-4${hex(2).slice(1)}-8${hex(2).slice(1)}-${hex(6)}`.toUpperCase();
  return {
    sink: { username: `canary.user.${hex(3)}`, securityCode1: `ca4a41e5${hex(12)}`, securityCode2: guid },
    accessToken: `ca4a41e5ac${hex(20)}`,
    shop: { token: `canary-shop-token-${hex(12)}`, partner_token: `canary-partner-token-${hex(12)}` },
  };
}

export interface ScenarioOptions {
  /** Tenant name; also names the temporary directory. */
  tenant: string;
  /** Relation-code and invoice-number prefix of this tenant's bookings. */
  prefix: string;
  orders: number;
  /** Seed of the generated orders. */
  orderSeed: number;
  /** Seed of the simulators' random faults. */
  faultSeed?: number;
  /** Called by the e-Boekhouden simulator for every handled operation, after storing it and before answering. */
  onSinkCall?: (call: EboekhoudenSimCall) => void;
  /** Engine concurrency for `sync` (the CLI's `--concurrency`); default the engine's. */
  concurrency?: number;
  /** Extra Mijnwebwinkel settings for the tenant file (e.g. `pageSize`). */
  sourceSettings?: Record<string, unknown>;
  /** Which e-Boekhouden API the tenant books through; default soap. */
  api?: Transport;
}

export interface Scenario {
  api: Transport;
  sink: EboekhoudenSimulator;
  shop: RunningMijnwebwinkelSimulator;
  dir: string;
  file: string;
  tenant: string;
  prefix: string;
  statePath: string;
  /** What a clean run books (invoice numbers) and parks (document keys), from a dry run. */
  expectedBooked: string[];
  expectedParked: string[];
  /** Every secret this scenario ever configured (the first codes and any rotated ones). */
  secrets: Set<string>;
  /** Every CLI result of this scenario, for the secrets check. */
  outputs: CliResult[];
  /** Runs `koppelwerk <args>` to the end (its output kept). */
  run(args: string[]): Promise<CliResult & { code: number }>;
  /** Starts `koppelwerk <args>` (its output kept once it ends). */
  start(args: string[]): RunningCli;
  /** Writes the tenant file with this e-Boekhouden login (codes for SOAP, a token for REST). */
  writeTenant(login: SinkLogin): void;
  /** A password change (SOAP) or a new API token (REST) in e-Boekhouden: the old login stops working; answers the new one. */
  rotateLogin(): SinkLogin;
  /** API access withdrawn in e-Boekhouden (SOAP's login, or REST's token): refused from now on, its sessions end. */
  revokeLogin(): void;
  /** The `sync` arguments for this scenario (with `--concurrency` when set). */
  syncArgs(...extra: string[]): string[];
  close(): Promise<void>;
}

/** A `koppelwerk` process: the child and its end. */
export interface RunningCli {
  child: ChildProcess;
  done: Promise<CliResult>;
}

/** The longest one CLI process may run before it is killed: the CLI helper's 90 s, longer at soak size. */
export const PROCESS_LIMIT_MS = sized(90_000, 45 * 60_000);

/** Starts `koppelwerk <args>` with the limit of the suite's size. */
export function startKoppelwerk(args: string[]): RunningCli {
  return startCli(args, {}, PROCESS_LIMIT_MS);
}

/** Starts both simulators with canary credentials, writes the tenant file and dry-runs it. */
export async function startScenario(options: ScenarioOptions): Promise<Scenario> {
  const canary = canaryCredentials();
  const api = options.api ?? 'soap';
  let accessToken = canary.accessToken;
  const sink = await startEboekhoudenSimulator({
    port: 0,
    api,
    seed: {
      users: [{ Username: canary.sink.username, SecurityCode1: canary.sink.securityCode1, SecurityCode2: canary.sink.securityCode2 }],
      apiTokens: [{ accessToken }],
    },
    randomSeed: options.faultSeed,
    onCall: (call) => options.onSinkCall?.(call),
  });
  const shop = await startMijnwebwinkelSimulator({
    port: 0,
    credentials: canary.shop,
    randomSeed: options.faultSeed === undefined ? undefined : options.faultSeed + 1,
    seed: generateOrders({ count: options.orders, randomSeed: options.orderSeed }) as unknown as Record<string, unknown>,
  });
  const dir = scratchDir(`reliability-${options.tenant}`);
  const outputs: CliResult[] = [];
  const keep = <T extends CliResult>(result: T): T => {
    outputs.push(result);
    return result;
  };
  const s: Scenario = {
    api,
    sink,
    shop,
    dir,
    file: join(dir, `${options.tenant}.yaml`),
    tenant: options.tenant,
    prefix: options.prefix,
    statePath: join(dir, 'state', `${options.tenant}.sqlite`),
    expectedBooked: [],
    expectedParked: [],
    secrets: new Set([canary.sink.securityCode1, canary.sink.securityCode2, canary.accessToken, canary.shop.token, canary.shop.partner_token]),
    outputs,
    run: async (args) => {
      const result = keep(await startKoppelwerk(args).done);
      return { ...result, code: result.code ?? -1 };
    },
    start: (args) => {
      const process = startKoppelwerk(args);
      void process.done.then(keep);
      return process;
    },
    writeTenant: (login) => {
      const settings =
        'accessToken' in login
          ? { api: 'rest', accessToken: login.accessToken }
          : { username: login.username, securityCode1: login.securityCode1, securityCode2: login.securityCode2 };
      for (const [key, value] of Object.entries(settings)) if (key !== 'api' && key !== 'username') s.secrets.add(value);
      const tenant = {
        tenant: options.tenant,
        source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: { ...shop.credentials, ...options.sourceSettings } },
        sink: { connector: 'eboekhouden', endpoint: sink.endpoint, settings },
        mapping: { relations: { codePrefix: options.prefix }, texts: { invoiceNumber: `${options.prefix}-{number}` } },
      };
      writeFileSync(s.file, stringify(tenant));
    },
    revokeLogin: () => {
      if (api === 'soap') sink.revokeCredentials(canary.sink.username);
      else sink.revokeAccessToken(accessToken);
    },
    rotateLogin: () => {
      if (api === 'soap') return sink.rotateCredentials(canary.sink.username);
      accessToken = sink.rotateAccessToken(accessToken);
      return { accessToken };
    },
    syncArgs: (...extra) => ['sync', s.file, ...(options.concurrency ? ['--concurrency', String(options.concurrency)] : []), ...extra],
    close: async () => {
      await Promise.all([sink.close(), shop.close()]);
    },
  };
  try {
    s.writeTenant(api === 'rest' ? { accessToken } : canary.sink);
    // A dry run says what a clean run books and parks (exit 1: some documents would be parked).
    const dry = await s.run(['sync', s.file, '--dry-run', '--json']);
    expect([0, 1]).toContain(dry.code);
    const report = JSON.parse(dry.stdout).dryRun as { wouldSend: { booking: { entry: { invoiceNumber: string } } }[]; gaps: { documentKey: string }[] };
    s.expectedBooked = report.wouldSend.map((w) => w.booking.entry.invoiceNumber).sort();
    s.expectedParked = report.gaps.map((g) => g.documentKey).sort();
    expect(s.expectedBooked.length).toBeGreaterThan(options.orders * 0.6);
    return s;
  } catch (error) {
    await s.close();
    throw error;
  }
}

/** Operations the e-Boekhouden simulator has handled so far. */
export function sinkCalls(sink: EboekhoudenSimulator): number {
  return Object.values(sink.calls()).reduce((sum, n) => sum + n, 0);
}

/** Starts `sync` and kills it with SIGKILL once the sink has handled `after` more calls (or it ends first). */
export async function syncKilledAfter(s: Scenario, after: number): Promise<CliResult> {
  const target = sinkCalls(s.sink) + after;
  const run = s.start(s.syncArgs());
  let ended = false;
  void run.done.then(() => (ended = true));
  while (!ended && sinkCalls(s.sink) < target) await nextTurn();
  if (!ended) run.child.kill('SIGKILL');
  return run.done;
}

export interface RunReport {
  code: number;
  counts: { read: number; booked: number; skipped: number; parked: number; stillParked: number; pending: number; settled: number; relationsCreated: number };
}

/** Reruns `sync --json` until it ends with everything handled (0, or 1 when some documents are parked). */
export async function syncToTheEnd(s: Scenario, maxRuns = 6): Promise<RunReport[]> {
  const reports: RunReport[] = [];
  for (let attempt = 0; attempt < maxRuns; attempt++) {
    const result = await s.run(s.syncArgs('--json'));
    const summary = parseJson(result.stdout) as { counts?: RunReport['counts'] } | null;
    reports.push({ code: result.code, counts: { ...emptyCounts(), ...summary?.counts } });
    if (result.code === 0 || result.code === 1) break;
  }
  return reports;
}

function emptyCounts(): RunReport['counts'] {
  return { read: 0, booked: 0, skipped: 0, parked: 0, stillParked: 0, pending: 0, settled: 0, relationsCreated: 0 };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The exit code a clean run ends with: 1 when it parks something, else 0. */
export function finishedCode(s: Scenario): number {
  return s.expectedParked.length ? 1 : 0;
}

/**
 * The runs to the end finished: every run before the last ended transient (4), and the last ended
 * with everything handled: 0, or 1 when it parked something itself. (A run's exit code says what
 * that run did: documents an earlier, killed run parked are in the error queue already, and a run
 * that reads them again counts them as still parked and ends 0.)
 */
export function expectFinished(s: Scenario, runs: RunReport[], options: { runs?: number } = {}): void {
  if (options.runs !== undefined) expect(runs).toHaveLength(options.runs);
  expect(runs.slice(0, -1).map((r) => r.code).filter((code) => code !== 4)).toEqual([]);
  expect(s.expectedParked.length ? [0, 1] : [0]).toContain(runs[runs.length - 1].code);
}

/** This tenant's invoice numbers as e-Boekhouden holds them (one per mutation). */
export function bookedNumbers(s: Scenario): string[] {
  return s.sink
    .state()
    .administraties[0].mutaties.map((m) => String(m.Factuurnummer))
    .filter((n) => n.startsWith(`${s.prefix}-`));
}

/** This tenant's relations as e-Boekhouden holds them. */
export function relationCodes(s: Scenario): string[] {
  return s.sink
    .state()
    .administraties[0].relaties.map((r) => String(r.Code))
    .filter((code) => code.startsWith(s.prefix));
}

export interface ExactlyOnceFigures {
  booked: number;
  duplicates: number;
  missing: number;
  parked: number;
}

/**
 * Each document the clean run books is in e-Boekhouden exactly once (no duplicate, none missing,
 * nothing extra); nothing is left in doubt or pending; every other document is parked with a
 * reason that is no fault of the connection (not authentication, not transient).
 */
export async function expectExactlyOnce(s: Scenario): Promise<ExactlyOnceFigures> {
  const numbers = bookedNumbers(s);
  const duplicates = numbers.filter((n, i) => numbers.indexOf(n) !== i);
  const missing = s.expectedBooked.filter((n) => !numbers.includes(n));
  expect(duplicates).toEqual([]);
  expect(missing).toEqual([]);
  expect([...numbers].sort()).toEqual(s.expectedBooked);
  const relations = relationCodes(s);
  expect(relations.filter((code, i) => relations.indexOf(code) !== i)).toEqual([]);

  const store = new SqliteStateStore({ path: s.statePath });
  try {
    expect(await store.listLedger({ state: 'in-doubt' })).toEqual([]);
    expect(await store.listLedger({ state: 'pending' })).toEqual([]);
    const parked = await store.listErrors();
    expect(parked.map((e) => e.documentKey).sort()).toEqual(s.expectedParked);
    expect(parked.filter((e) => !e.message)).toEqual([]);
    expect(parked.filter((e) => e.errorClass === 'authentication' || e.errorClass === 'transient')).toEqual([]);
    return { booked: numbers.length, duplicates: duplicates.length, missing: missing.length, parked: parked.length };
  } finally {
    await store.close();
  }
}

export interface StatusReport {
  checks: { side: string; ok: boolean; errorClass?: string }[];
  openErrors: number;
}

/** `koppelwerk status --json`. */
export async function readStatus(s: Scenario): Promise<StatusReport> {
  const result = await s.run(['status', s.file, '--json']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as StatusReport;
}

/** The sink's dot as `status` shows it: true green, false red, undefined grey. */
export async function sinkDot(s: Scenario): Promise<boolean | undefined> {
  return (await readStatus(s)).checks.find((c) => c.side === 'sink')?.ok;
}

/**
 * No secret of the scenario (security codes, shop tokens, in the spellings a leak would have)
 * appears in any stdout or stderr of its CLI runs, its log files or its state database.
 */
export function expectNoSecretsLeaked(s: Scenario): void {
  const places: [string, string][] = [
    ...s.outputs.map((o, i): [string, string] => [`output of run ${i + 1}`, o.stdout + '\n' + o.stderr]),
    ['state directory (database and logs)', everyFileText(join(s.dir, 'state'))],
  ];
  const spellings = [...s.secrets].flatMap((secret) => [secret, secret.toLowerCase(), secret.toUpperCase(), secret.replace(/[{}]/g, '')]);
  const leaks = places.flatMap(([where, text]) => spellings.filter((secret) => text.includes(secret)).map((secret) => `${where}: ${secret.slice(0, 6)}…`));
  expect(leaks).toEqual([]);
  expect(s.outputs.length).toBeGreaterThan(0);
}

/** The figures of a scenario, for the reliability report: one line on the test run's stdout. */
export function reportFigures(seed: number, scenario: string, figures: Record<string, unknown>): void {
  process.stdout.write(`[reliability] ${scenario} (seed ${seed}${SOAK ? ', soak size' : ''}): ${JSON.stringify(figures)}\n`);
}

/** A fault setting as the simulators take it (re-exported so suites need not import libs/testing). */
export type Faults = Partial<FaultSettings>;
