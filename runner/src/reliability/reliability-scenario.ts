/**
 * A reliability scenario: both simulators with canary-looking credentials, a tenant file, and what
 * a clean run would book and park (from a dry run). Every CLI output of the scenario is kept, so the
 * suite can check that no secret reached stdout, stderr, the log file or the state database
 * (scenario-checks.ts). The sink side speaks either of e-Boekhouden's APIs (`api` of a scenario:
 * `soap`, the default, or `rest`); the simulator keeps one state for both, so every check reads the
 * same records. Also: `sync` killed after a number of sink calls, and `sync` rerun to the end.
 */
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { generateOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { stringify } from 'yaml';
import { startCli, type CliResult } from '../testing/cli-process';
import { scratchDir } from '@koppelwerk/runtime/testing';
import { PROCESS_LIMIT_MS, canaryCredentials, nextTurn, type EboekhoudenSimCall, type SinkLogin, type Transport } from './reliability-support';

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
