/**
 * `koppelwerk demo`: starts the simulators with realistic data, writes a demo tenant, checks it,
 * syncs it (twice, to show that nothing is booked twice) and shows what landed in e-Boekhouden.
 * Works on a fresh machine with nothing configured.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { Decimal, makePrivateFile, type ConnectorRegistry, type RunningSimulator, type SimulatorOptions } from '@koppelwerk/core';
import { stringify } from 'yaml';
import { DASHBOARD_USERS_FILE, money, Output, table } from '@koppelwerk/runtime';
import { hashPassword } from '@koppelwerk/dashboard';
import { checkCommand } from './check-command';
import { syncCommand } from './sync-command';

interface BookedMutation {
  MutatieNr?: string;
  Soort?: string;
  Datum?: string;
  Factuurnummer?: string;
  RelatieCode?: string;
  Omschrijving?: string;
  MutatieRegels?: { cMutatieListRegel?: { BedragInclBTW?: string; BTWCode?: string; TegenrekeningCode?: string }[] };
}

interface SinkState {
  administraties?: { relaties?: unknown[]; mutaties?: BookedMutation[] }[];
  /** Calls per SOAP operation (`AddMutatie`) or REST route (`POST /v1/mutation`). */
  calls?: Record<string, number>;
}

const API_NAME = { soap: 'SOAP API', rest: 'REST API' } as const;

/** How many calls the e-Boekhouden simulator answered on each API: a REST route starts with its method. */
export function callsPerApi(calls: Record<string, number> = {}): { soap: number; rest: number } {
  const counted = { soap: 0, rest: 0 };
  for (const [key, count] of Object.entries(calls)) counted[/^[A-Z]+ \//.test(key) ? 'rest' : 'soap'] += count;
  return counted;
}

const DEMO_MAPPING = {
  // The Mijnwebwinkel table of the seed: 0% -> VERL_VERK, 21% revenue on 8010, the rest on 8000.
  vat: { sales: [{ rate: 0, treatment: 'normal', code: 'VERL_VERK' }] },
  ledgers: { sales: { rules: [{ incomeType: 'revenue', vatCode: 'HOOG_VERK_21', ledger: '8010' }], default: '8000' } },
  relations: { codePrefix: 'MWW' },
  texts: { description: 'Order {number} {relation.name}' },
};

export async function demoCommand(registry: ConnectorRegistry, options: { dir?: string; api?: 'soap' | 'rest' }, output: Output): Promise<number> {
  const simulators: RunningSimulator[] = [];
  try {
    const sink = registry.get('eboekhouden', 'sink');
    const source = registry.get('mijnwebwinkel', 'source');
    // `api` picks the transport: the e-Boekhouden simulator serves SOAP and REST on the same administration.
    const api = options.api ?? 'soap';
    const startOptions: SimulatorOptions & { api: string } = { port: 0, api };
    const bookkeeping = (await sink.simulator!.start(startOptions)) as RunningSimulator & { endpoint?: string };
    simulators.push(bookkeeping);
    const shop = await source.simulator!.start({ port: 0 });
    simulators.push(shop);
    output.line(`e-Boekhouden simulator (${API_NAME[api]}) on ${bookkeeping.url}, Mijnwebwinkel simulator on ${shop.url}`);

    const dir = options.dir ? resolve(options.dir) : mkdtempSync(join(tmpdir(), 'koppelwerk-demo-'));
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'demo-webshop.yaml');
    const tenant = {
      tenant: 'demo-webshop',
      source: { connector: source.id, endpoint: shop.url, settings: shop.credentials },
      sink: {
        connector: sink.id,
        endpoint: bookkeeping.endpoint ?? `${bookkeeping.url}/soap.asmx`,
        settings: api === 'rest' ? { api, ...bookkeeping.credentials } : bookkeeping.credentials,
      },
      mapping: DEMO_MAPPING,
      state: { path: 'state/demo-webshop.sqlite' },
    };
    // It holds the simulators' logins: the owner's alone, like the demo's state, log and password file.
    makePrivateFile(file);
    writeFileSync(file, `# Demo tenant written by \`koppelwerk demo\`; the simulators are gone when the demo ends.\n${stringify(tenant)}`);
    output.redactor.add(Object.values(shop.credentials).concat(Object.values(bookkeeping.credentials).filter((v) => v !== bookkeeping.credentials.username)));
    output.line(`tenant file ${file}`);

    // With --json the steps stay quiet and the demo prints one JSON document at the end.
    const steps = output.json ? new Output(true, output.redactor, new PassThrough(), new PassThrough()) : output;
    output.line('\n1. check: both connections');
    const checked = await checkCommand(registry, file, steps);
    if (checked !== 0) return checked;

    output.line(`\n2. sync: every paid, shipped or collected order into e-Boekhouden, through its ${API_NAME[api]}`);
    const synced = await syncCommand(registry, file, {}, steps);

    output.line('\n3. sync again: nothing is booked twice');
    const again = await syncCommand(registry, file, {}, steps);

    const state = (await (await fetch(`${bookkeeping.url}/_sim/state`)).json()) as SinkState;
    const administration = state.administraties?.[0] ?? {};
    const mutations = administration.mutaties ?? [];
    // What the simulator saw, not what was asked for: the calls it answered on each API.
    const calls = callsPerApi(state.calls);
    const dashboard = await writeDemoDashboardUser(dir);
    output.result({ tenantFile: file, api, calls, dashboard, exitCodes: { check: checked, sync: synced, secondSync: again }, relations: administration.relaties?.length ?? 0, mutations: mutations.length, booked: mutations });
    const other = api === 'rest' ? 'soap' : 'rest';
    output.line(
      `\n4. what e-Boekhouden now holds: ${mutations.length} mutations, ${administration.relaties?.length ?? 0} relations, booked through its ${API_NAME[api]} ` +
        `(${calls[api]} ${api.toUpperCase()} calls, ${calls[other] || 'no'} ${other.toUpperCase()} calls)`,
    );
    const rows = mutations.slice(0, 12).map((m) => {
      const lines = m.MutatieRegels?.cMutatieListRegel ?? [];
      const total = Decimal.sum(lines.map((r) => Decimal.tryParse(String(r.BedragInclBTW ?? '0')) ?? Decimal.ZERO));
      const codes = [...new Set(lines.map((r) => `${r.BTWCode ?? '-'}/${r.TegenrekeningCode ?? '-'}`))].join(' ');
      return [`#${m.MutatieNr ?? '-'}`, String(m.Datum ?? '-').slice(0, 10), String(m.Factuurnummer ?? '-'), String(m.RelatieCode ?? '-'), money(total), codes];
    });
    for (const line of table(['mutation', 'date', 'invoice', 'relation', 'incl VAT', 'VAT code/ledger'], rows, [4])) output.line(`   ${line}`);
    if (mutations.length > 12) output.line(`   ... and ${mutations.length - 12} more`);
    output.line(`\n5. the dashboard on this tenant: \`koppelwerk serve ${dir}\`, then open the address it prints`);
    output.line(`   log in as ${dashboard.user} with the password in ${dashboard.passwordFile} (the simulators are gone, so a check there turns the dots red)`);
    output.line(`\nnext: \`koppelwerk init --source mijnwebwinkel\` writes a tenant file for your own shop`);
    return synced;
  } finally {
    await Promise.all(simulators.map((s) => s.close()));
  }
}

/**
 * A dashboard user for the demo folder: a random password in a private file (never printed) and
 * its hash in the folder's dashboard.yaml, so `koppelwerk serve <folder>` lets the demo's user in.
 */
async function writeDemoDashboardUser(dir: string): Promise<{ user: string; passwordFile: string; usersFile: string }> {
  const user = 'demo';
  const password = randomBytes(15).toString('base64url');
  const passwordFile = join(dir, 'dashboard-password.txt');
  makePrivateFile(passwordFile);
  writeFileSync(passwordFile, `${password}\n`);
  const usersFile = join(dir, DASHBOARD_USERS_FILE);
  makePrivateFile(usersFile);
  writeFileSync(usersFile, stringify({ users: [{ name: user, role: 'operator', passwordHash: await hashPassword(password) }] }));
  return { user, passwordFile, usersFile };
}
