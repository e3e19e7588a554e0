/**
 * The newcomer's path, for every source connector the registry knows (a new one joins without an
 * edit here), through the real `koppelwerk` process: `init --source <id>`, then the simulators
 * started with `koppelwerk simulate` and their printed lines copied into the file the way the
 * file's comments say, then `check`, `sync --dry-run`, `sync`, `sync` again, `status`, `log` and
 * `errors`. Each source gets an e-Boekhouden simulator of its own, so what lands there is its own.
 * Then the newcomer who presses Ctrl-C in the middle of the first sync, and never ran `check`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, simulatorEndpoint, type ConnectorManifest } from '@koppelwerk/core';
import { createRegistry } from '@koppelwerk/runtime';
import { checkCommand } from '../commands/check-command';
import { runCommand, scratchDir } from '@koppelwerk/runtime/testing';
import { cli, startCli, type CliProcess, type CliResult } from '../testing/cli-process';

const registry = createRegistry();
const sources = registry.list().filter((manifest) => manifest.kind === 'source');
/** Simulators serve until stopped; the guard only ends one a failed run forgot. */
const SIMULATOR_LIMIT_MS = 15 * 60_000;
const STEP_TIMEOUT_MS = 120_000;
/** A whole walk: nine processes, on a machine whose cores other work may hold. */
const WALK_TIMEOUT_MS = 8 * 60_000;

/** What `koppelwerk simulate <id>` printed, read the way a person copies it. */
interface Simulator {
  process: CliProcess;
  listening: string;
  endpoint: string;
  credentials: [string, string][];
}

async function simulate(id: string): Promise<Simulator> {
  const child = startCli(['simulate', id, '--port', '0'], {}, SIMULATOR_LIMIT_MS);
  await child.waitFor(/^endpoint \S+\n/m);
  const printed = child.stdout();
  const line = (name: string) => new RegExp(`^${name} (.*)\\n`, 'm').exec(printed)?.[1] ?? '';
  const credentials = line('credentials')
    .split(' ')
    .filter(Boolean)
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as [string, string]);
  return { process: child, listening: line('listening on'), endpoint: line('endpoint'), credentials };
}

async function stop(simulator: Simulator | undefined): Promise<void> {
  if (!simulator) return;
  simulator.process.child.kill('SIGTERM');
  await simulator.process.done;
}

/** The e-Boekhouden simulator's bookkeeping, over its control API. */
async function bookkeeping(simulator: Simulator): Promise<{ mutaties: number; facturen: number; relaties: number }> {
  const response = await fetch(`${simulator.listening}/_sim/state`);
  const state = (await response.json()) as { administraties: { mutaties: unknown[]; facturen: unknown[]; relaties: unknown[] }[] };
  const [administration] = state.administraties;
  return { mutaties: administration.mutaties.length, facturen: administration.facturen.length, relaties: administration.relaties.length };
}

/**
 * What the file's comments tell a newcomer to do for one section: remove the `#` of its `endpoint`
 * line and write the simulator's `endpoint` there; put each `credentials` value into the
 * environment variable its setting names (or, for a setting written out, in the file).
 */
function fillIn(text: string, side: 'source' | 'sink', simulator: Simulator, env: NodeJS.ProcessEnv): string {
  const lines = text.split('\n');
  const start = lines.indexOf(`${side}:`);
  const end = lines.findIndex((line, i) => i > start && /^\S/.test(line));
  const inSection = (i: number) => i > start && (end === -1 || i < end);
  const endpointLine = lines.findIndex((line, i) => inSection(i) && /^ {2}# endpoint: /.test(line));
  expect({ side, endpointLine: endpointLine >= 0 }).toEqual({ side, endpointLine: true });
  lines[endpointLine] = `  endpoint: ${simulator.endpoint}`;
  for (const [key, value] of simulator.credentials) {
    const at = lines.findIndex((line, i) => inSection(i) && new RegExp(`^ {4}(# )?${key}: `).test(line));
    expect({ side, key, inTemplate: at >= 0 }).toEqual({ side, key, inTemplate: true });
    const variable = /\$\{env:([A-Z0-9_]+)\}/.exec(lines[at])?.[1];
    if (variable) env[variable] = value;
    else lines[at] = `    ${key}: ${JSON.stringify(value)}`;
  }
  return lines.join('\n');
}

function counts(text: string, label: string): number {
  const found = new RegExp(`${label} (\\d+)`).exec(text);
  expect({ label, found: Boolean(found) }).toEqual({ label, found: true });
  return Number(found![1]);
}

/** Nothing a person reads says `undefined`, and no secret of the simulators' logins shows. */
function expectReadable(result: CliResult, secrets: string[]): void {
  const text = result.stdout + result.stderr;
  expect(text).not.toMatch(/undefined/);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

it('every registered source connector has a simulator to try it on', () => {
  expect(sources.length).toBeGreaterThan(0);
  expect(sources.filter((source) => !source.simulator).map((source) => source.id)).toEqual([]);
});

/**
 * One walk. Its steps run in order; the walks of different connectors run side by side (each
 * with simulators of its own), so the whole registry takes about as long as its slowest walk.
 */
async function walk(source: ConnectorManifest): Promise<void> {
  const id = source.id;
  const tenant = `newcomer-${id}`;
  const file = join(scratchDir('newcomer'), `${tenant}.yaml`);
  const env: NodeJS.ProcessEnv = {};
  const secrets: string[] = [];
  const seen: string[] = [];
  /** Runs one command as the newcomer types it; a failing step says which, and what was printed so far. */
  const step = async (name: string, args: string[], assert: (result: CliResult) => void | Promise<void>) => {
    const result = await cli(args, env);
    seen.push(`$ koppelwerk ${args.join(' ')}   (exit code ${result.code})\n${result.stdout}${result.stderr}`);
    try {
      expectReadable(result, secrets);
      await assert(result);
    } catch (error) {
      (error as Error).message = `${id}, step "${name}":\n${(error as Error).message}\n\nwhat the newcomer saw:\n${seen.join('\n')}`;
      throw error;
    }
  };
  let shop: Simulator | undefined;
  let books: Simulator | undefined;
  try {
    [shop, books] = await Promise.all([simulate(id), simulate('eboekhouden')]);
    // Each simulator prints where it listens, its login and the endpoint to write.
    for (const [simulator, manifest] of [
      [shop, source],
      [books, registry.get('eboekhouden')],
    ] as const) {
      expect(simulator.listening).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(simulator.credentials.length).toBeGreaterThan(0);
      expect(simulator.endpoint).toBe(simulatorEndpoint(manifest.simulator!, { url: simulator.listening, credentials: {}, close: async () => undefined }));
    }
    expect(books.endpoint).toBe(`${books.listening}/soap.asmx`);

    await step('init', ['init', '--source', id, '--tenant', tenant, '--file', file], (result) => {
      expect(result.code).toBe(ExitCode.ok);
      expect(result.stdout).toContain(`wrote ${file}`);
      expect(result.stdout).toContain(`koppelwerk simulate ${id}`);
      expect(readFileSync(file, 'utf8')).toContain(`connector: ${id}`);
    });

    // The file's comments: endpoints uncommented and pasted, logins in the environment.
    const text = fillIn(fillIn(readFileSync(file, 'utf8'), 'source', shop, env), 'sink', books, env);
    writeFileSync(file, text);
    secrets.push(...Object.values(env).filter((value): value is string => typeof value === 'string'));
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(text).not.toContain(secret);

    await step('check', ['check', file], (result) => {
      expect(result.code).toBe(ExitCode.ok);
      expect(result.stdout).toMatch(new RegExp(`^green\\s+source\\s+${source.title}`, 'm'));
      expect(result.stdout).toMatch(/^green\s+sink\s+e-Boekhouden\.nl/m);
    });

    const untouched = await bookkeeping(books);
    await step('sync --dry-run', ['sync', file, '--dry-run'], async (result) => {
      expect(counts(result.stdout, 'would book')).toBeGreaterThan(0);
      // Exit code 1 says some documents would be parked (demo data may hold some the default mapping refuses).
      expect(result.code).toBe(counts(result.stdout, 'would park') > 0 ? ExitCode.parked : ExitCode.ok);
      expect(result.stdout).toMatch(/nothing was written/);
      expect(await bookkeeping(books!)).toEqual(untouched);
    });

    let booked = 0;
    let parked = 0;
    await step('sync', ['sync', file], async (result) => {
      booked = counts(result.stdout, 'booked');
      parked = counts(result.stdout, 'parked');
      expect(booked).toBeGreaterThan(0);
      expect(result.code).toBe(parked > 0 ? ExitCode.parked : ExitCode.ok);
      const held = await bookkeeping(books!);
      expect(held.mutaties + held.facturen).toBeGreaterThanOrEqual(booked);
      expect(held.relaties).toBeGreaterThan(untouched.relaties);
    });

    const afterFirst = await bookkeeping(books);
    await step('sync again', ['sync', file], async (result) => {
      expect(result.code).toBe(ExitCode.ok);
      expect(counts(result.stdout, 'booked')).toBe(0);
      expect(await bookkeeping(books!)).toEqual(afterFirst);
    });

    await step('status', ['status', file, '--json'], (result) => {
      expect(result.code).toBe(ExitCode.ok);
      expect(JSON.parse(result.stdout)).toMatchObject({ tenant, lastRun: { outcome: 'ok' }, openErrors: parked });
    });

    await step('log', ['log', file, '--json', '--limit', '100000'], (result) => {
      expect(result.code).toBe(ExitCode.ok);
      const activity = (JSON.parse(result.stdout) as { activity: { action: string; documentKey?: string }[] }).activity;
      // One entry per booked document, each naming it.
      const bookedKeys = activity.filter((entry) => entry.action === 'booked').map((entry) => entry.documentKey);
      expect(bookedKeys).toHaveLength(booked);
      expect(new Set(bookedKeys).size).toBe(booked);
    });

    await step('errors', ['errors', file, '--json'], (result) => {
      expect(result.code).toBe(ExitCode.ok);
      const errors = (JSON.parse(result.stdout) as { errors: { documentKey: string; errorClass: string; message: string }[] }).errors;
      expect(errors).toHaveLength(parked);
      for (const error of errors) {
        expect(error.documentKey).toEqual(expect.any(String));
        expect(error.message.length).toBeGreaterThan(10);
      }
    });
  } finally {
    await Promise.all([stop(shop), stop(books)]);
  }
}

it.concurrent.each(sources.filter((source) => source.simulator).map((source) => [source.id, source] as const))(
  'a newcomer with %s: init, the simulators pasted in, check, sync --dry-run, sync, sync again, status, log, errors',
  (_id, source) => walk(source),
  WALK_TIMEOUT_MS,
);

/** Sets the e-Boekhouden simulator's faults (POST /_sim/faults), as a test of a slow connection does. */
async function setFaults(simulator: Simulator, faults: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${simulator.listening}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  expect(response.status).toBe(200);
}

it(
  'a newcomer presses Ctrl-C in the first sync: told it was interrupted and what is pending, the next sync finishes it, the dots follow the runs',
  async () => {
    const tenant = 'newcomer-ctrl-c';
    const file = join(scratchDir('newcomer'), `${tenant}.yaml`);
    const env: NodeJS.ProcessEnv = {};
    let shop: Simulator | undefined;
    let books: Simulator | undefined;
    try {
      [shop, books] = await Promise.all([simulate('mijnwebwinkel'), simulate('eboekhouden')]);
      expect((await cli(['init', '--source', 'mijnwebwinkel', '--tenant', tenant, '--file', file], env)).code).toBe(ExitCode.ok);
      writeFileSync(file, fillIn(fillIn(readFileSync(file, 'utf8'), 'source', shop, env), 'sink', books, env));
      // Never checked: both dots grey.
      const before = await cli(['status', file, '--json'], env);
      expect(JSON.parse(before.stdout).checks).toEqual([]);

      // A slow line to e-Boekhouden, so the sync is still busy when Ctrl-C comes after its first booking.
      await setFaults(books, { latencyMs: 250 });
      const running = startCli(['sync', file], env);
      while ((await bookkeeping(books)).mutaties < 1) await new Promise((resolve) => setTimeout(resolve, 20));
      running.child.kill('SIGINT');
      const stopped = await running.done;
      expect(stopped.code).toBe(ExitCode.interrupted);
      const line = /^sync interrupted by SIGINT \(Ctrl-C\): read \d+, booked (\d+), .*pending (\d+)/m.exec(stopped.stdout);
      expect({ printed: stopped.stdout, matched: Boolean(line) }).toEqual({ printed: stopped.stdout, matched: true });
      const [firstBooked, pending] = [Number(line![1]), Number(line![2])];
      expect(pending).toBeGreaterThan(0);
      expect(stopped.stdout).toContain(`the ${pending} pending document(s) were not sent; \`koppelwerk sync ${file}\` finishes it`);
      expect(stopped.stdout + stopped.stderr).not.toMatch(/undefined|sync ok/);

      // The run read the shop and e-Boekhouden answered it: both dots green without a `check`.
      const afterRun = JSON.parse((await cli(['status', file, '--json'], env)).stdout) as { checks: { side: string; ok: boolean }[] };
      expect(afterRun.checks.map((dot) => [dot.side, dot.ok]).sort()).toEqual([
        ['sink', true],
        ['source', true],
      ]);

      await setFaults(books, { latencyMs: 0 });
      const rest = await cli(['sync', file, '--json'], env);
      expect([ExitCode.ok, ExitCode.parked]).toContain(rest.code);
      const counts = (JSON.parse(rest.stdout) as { counts: { booked: number; pending: number } }).counts;
      expect(counts.pending).toBe(0);
      expect(firstBooked + counts.booked).toBe((await bookkeeping(books)).mutaties);
    } finally {
      await Promise.all([stop(shop), stop(books)]);
    }
  },
  WALK_TIMEOUT_MS,
);

describe('a wrong endpoint says which URL was tried and what to write', () => {
  // The built-in sources; the sink is e-Boekhouden, given its simulator's `listening on` address
  // instead of its `endpoint` (the /soap.asmx left off), the newcomer's likeliest slip.
  const builtIn = ['mijnwebwinkel', 'factuursturen', 'stella', 'werkbonapp'].map((id) => registry.get(id, 'source'));
  const running: { close(): Promise<void> }[] = [];

  afterAll(async () => {
    await Promise.all(running.map((simulator) => simulator.close()));
  });

  it.each(builtIn.map((manifest) => [manifest.id, manifest] as const))('%s', async (id, source) => {
    const eboekhouden = registry.get('eboekhouden');
    const [shop, books] = await Promise.all([source.simulator!.start({ port: 0 }), eboekhouden.simulator!.start({ port: 0 })]);
    running.push(shop, books);
    const wrongSource = `${simulatorEndpoint(source.simulator!, shop)}/nothing-here`;
    const file = join(scratchDir('wrong-endpoint'), `${id}.yaml`);
    writeFileSync(
      file,
      JSON.stringify({
        tenant: `wrong-${id}`,
        source: { connector: id, endpoint: wrongSource, settings: shop.credentials },
        sink: { connector: 'eboekhouden', endpoint: books.url, settings: books.credentials },
      }),
    );
    const result = await runCommand((output) => checkCommand(registry, file, output));
    expect(result.code).toBe(ExitCode.configuration);
    expect(result.stdout).toMatch(/^RED\s+source/m);
    expect(result.stdout).toContain(`- source.endpoint: ${source.title} answered`);
    expect(result.stdout).toContain(`for ${wrongSource}/`);
    expect(result.stdout).toMatch(/the endpoint should be the (API's address|site's address|host) without \/(v1|api\/v1|openapi)/);
    expect(result.stdout).toMatch(/^RED\s+sink/m);
    expect(result.stdout).toContain(`- sink.endpoint: e-Boekhouden (OpenSession) answered 404 (not found) for ${books.url}/: the endpoint should end in /soap.asmx`);
    expect(result.stdout).not.toMatch(/undefined/);
    const logins = [...Object.entries(shop.credentials), ...Object.entries(books.credentials)];
    for (const [key, secret] of logins.filter(([key]) => key !== 'username')) expect({ key, shown: (result.stdout + result.stderr).includes(secret) }).toEqual({ key, shown: false });
  }, STEP_TIMEOUT_MS);
});
