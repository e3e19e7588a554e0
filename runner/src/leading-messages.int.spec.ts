/**
 * Messages that lead somewhere, through the real `koppelwerk` process against the simulators over
 * loopback: a connection that is refused names the URL and what to do, a tenant file that is not
 * there says where it was looked for, `init` with a connector it does not have is wrong usage that
 * lists the ones it has, the four `init` templates run at once on their simulators, the demo says
 * which e-Boekhouden API it booked through and keeps its logins private, and a tenant log line
 * carries each key once.
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { stringify } from 'yaml';
import { cli, startCli, type CliProcess } from './testing/cli-process';
import { freePort, scratchDir, writeConnectorPackage } from '@koppelwerk/runtime/testing';

// Every step is a real process; on a busy machine one takes a few seconds, and a refused call is retried with backoff.
jest.setTimeout(180_000);

/** The keys that appear more than once at the top level of one JSON line (a JSON parser keeps only the last). */
function repeatedKeys(line: string): string[] {
  const seen = new Map<string, number>();
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"') {
      let end = i + 1;
      while (line[end] !== '"') end += line[end] === '\\' ? 2 : 1;
      const text = line.slice(i + 1, end);
      let next = end + 1;
      while (line[next] === ' ') next++;
      if (depth === 1 && line[next] === ':') seen.set(text, (seen.get(text) ?? 0) + 1);
      i = end;
    } else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') depth--;
  }
  return [...seen].filter(([, count]) => count > 1).map(([key]) => key);
}

describe('messages that lead somewhere, through the real CLI', () => {
  let bookkeeping: EboekhoudenSimulator;
  let shop: RunningMijnwebwinkelSimulator;
  let dir: string;

  beforeAll(async () => {
    bookkeeping = await startEboekhoudenSimulator({ port: 0 });
    shop = await startMijnwebwinkelSimulator({ port: 0 });
  });

  afterAll(async () => {
    await Promise.all([bookkeeping?.close(), shop?.close()]);
  });

  beforeEach(() => {
    dir = scratchDir('leading-messages');
  });

  function writeTenant(name: string, source: Record<string, unknown>, sink: Record<string, unknown>, mapping: Record<string, unknown> = {}): string {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, stringify({ tenant: name, source, sink, mapping: { ...mapping, texts: { invoiceNumber: `${name.slice(0, 4).toUpperCase()}-{number}` } } }));
    return file;
  }

  const shopSide = (endpoint = shop.url) => ({ connector: 'mijnwebwinkel', endpoint, settings: shop.credentials });
  const soapSink = (endpoint = bookkeeping.endpoint) => ({ connector: 'eboekhouden', endpoint, settings: bookkeeping.credentials });

  it('a refused connection names the URL tried, what it means and what to do, on check and on sync, for a REST source and the SOAP sink', async () => {
    const [closedSource, closedSink] = [await freePort(), await freePort()];
    const file = writeTenant('refused', shopSide(`http://127.0.0.1:${closedSource}`), soapSink(`http://127.0.0.1:${closedSink}/soap.asmx`));

    const check = await cli(['check', file]);
    expect(check.code).toBe(4);
    // The check asks for the store and its order statuses at once: whichever call is refused first is told.
    expect(check.stdout).toMatch(
      new RegExp(`RED {4}source Mijnwebwinkel: Mijnwebwinkel GET /(store|orderstatuses) got no answer from http://127\\.0\\.0\\.1:${closedSource}/v1/\\1: nothing listens there \\(ECONNREFUSED\\)`),
    );
    expect(check.stdout).toContain(
      `what to do: check source.endpoint in the tenant file and that the service there runs, e.g. the simulator: \`koppelwerk simulate mijnwebwinkel --port ${closedSource}\`; nothing was lost, the next attempt tries again`,
    );
    expect(check.stdout).toContain(`e-Boekhouden OpenSession got no answer from http://127.0.0.1:${closedSink}/soap.asmx: nothing listens there (ECONNREFUSED)`);
    expect(check.stdout).toContain(`the simulator: \`koppelwerk simulate eboekhouden --port ${closedSink}\``);

    const sync = await cli(['sync', file]);
    expect(sync.code).toBe(4);
    const said = sync.stdout + sync.stderr;
    expect(said).toMatch(new RegExp(`Mijnwebwinkel GET /\\w+ got no answer from http://127\\.0\\.0\\.1:${closedSource}/v1/\\w+: nothing listens there \\(ECONNREFUSED\\)`));
    expect(said).toContain(`\`koppelwerk simulate mijnwebwinkel --port ${closedSource}\``);
    // The tokens travel in the query: the URL is shown without it.
    for (const text of [check.stdout, check.stderr, said]) {
      expect(text).not.toContain(shop.credentials.token);
      expect(text).not.toContain('undefined');
    }
  });

  it('says the same for WerkbonApp and the e-Boekhouden REST API, naming the REST simulator', async () => {
    const [closedSource, closedSink] = [await freePort(), await freePort()];
    const file = writeTenant(
      'refused-rest',
      { connector: 'werkbonapp', endpoint: `http://127.0.0.1:${closedSource}`, settings: { token: 'werkbon-token-1234', software_token: 'software-token-1234' } },
      { connector: 'eboekhouden', endpoint: `http://127.0.0.1:${closedSink}`, settings: { api: 'rest', accessToken: 'rest-access-token-1234567890' } },
    );
    const check = await cli(['check', file]);
    expect(check.code).toBe(4);
    expect(check.stdout).toMatch(new RegExp(`RED    source WerkbonApp: WerkbonApp GET \\w+ got no answer from http://127\\.0\\.0\\.1:${closedSource}/openapi/[\\w.]+/\\w+/: nothing listens there \\(ECONNREFUSED\\)`));
    expect(check.stdout).toContain(`the simulator: \`koppelwerk simulate werkbonapp --port ${closedSource}\``);
    expect(check.stdout).toContain(`e-Boekhouden POST /v1/session got no answer from http://127.0.0.1:${closedSink}/v1/session: nothing listens there (ECONNREFUSED)`);
    expect(check.stdout).toContain(`the simulator: \`koppelwerk simulate eboekhouden --api rest --port ${closedSink}\``);
    expect(check.stdout).not.toMatch(/werkbon-token-1234|rest-access-token/);
  });

  it('a tenant file that is not there says so, with where it looked; a directory is called a directory', async () => {
    const missing = await cli(['check', 'nope.yaml'], {}, undefined, dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `- nope.yaml: cannot read the tenant file: it does not exist (looked for ${join(dir, 'nope.yaml')}); \`koppelwerk init --source <connector>\` writes a new one`,
    );
    const disconnect = await cli(['disconnect', 'nope.yaml', '--side', 'sink'], {}, undefined, dir);
    expect(disconnect.code).toBe(2);
    expect(disconnect.stderr).toContain(`cannot read the tenant file: it does not exist (looked for ${join(dir, 'nope.yaml')})`);
    mkdirSync(join(dir, 'tenants.yaml'));
    const folder = await cli(['sync', 'tenants.yaml'], {}, undefined, dir);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(`- tenants.yaml: cannot read the tenant file: ${join(dir, 'tenants.yaml')} is a directory, not a file`);
  });

  it('init with a connector it does not have is wrong usage (64) and lists the ones it can use; nothing is written', async () => {
    const result = await cli(['init', '--source', 'shopify'], {}, undefined, dir);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain(
      '--source "shopify": no source connector of that name is built in or installed here; the source connectors this koppelwerk can use: mijnwebwinkel, factuursturen, werkbonapp, stella',
    );
    const otherKind = await cli(['init', '--source', 'mijnwebwinkel', '--sink', 'stella'], {}, undefined, dir);
    expect(otherKind.code).toBe(64);
    expect(otherKind.stderr).toContain('--sink "stella": stella is a source connector, not a sink; the sink connectors this koppelwerk can use: eboekhouden');
    expect(readdirSync(dir)).toEqual([]);

    // Connector packages installed where it runs are named too; one it refuses says why.
    const withPackages = join(dir, 'with-packages');
    mkdirSync(withPackages);
    writeConnectorPackage(withPackages, { name: '@acme/koppelwerk-shop', version: '2.0.1' });
    writeConnectorPackage(withPackages, { name: 'koppelwerk-connector-old', flaw: 'other-contract' });
    const listed = await cli(['init', '--source', 'shopify'], {}, undefined, withPackages);
    expect(listed.code).toBe(64);
    expect(listed.stderr).toContain('the source connectors this koppelwerk can use: mijnwebwinkel, factuursturen, werkbonapp, stella, @acme/koppelwerk-shop (');
    const refused = await cli(['init', '--source', 'koppelwerk-connector-old'], {}, undefined, withPackages);
    expect(refused.code).toBe(64);
    expect(refused.stderr).toMatch(/--source "koppelwerk-connector-old": connector package "koppelwerk-connector-old" \(1\.2\.3\) was built for contract version 2.*; the source connectors this koppelwerk can use: /);
  });

  it('the four init templates are tried at once: each simulator as init prints it, side by side, and every template checks green', async () => {
    // The ports are the ones the templates name (8080 to 8084): this test needs them free on this machine.
    const sources = ['mijnwebwinkel', 'factuursturen', 'werkbonapp', 'stella'];
    const commands = new Set<string>();
    for (const source of sources) {
      const init = await cli(['init', '--source', source, '--tenant', `try-${source}`], {}, undefined, dir);
      expect(init.code).toBe(0);
      for (const [, command] of init.stdout.matchAll(/`koppelwerk (simulate [a-z]+ --port \d+)`/g)) commands.add(command);
    }
    expect(commands.size).toBe(sources.length + 1);
    const ports = [...commands].map((command) => command.split(' ').pop());
    expect(new Set(ports).size).toBe(commands.size);

    const running: CliProcess[] = [...commands].map((command) => startCli(command.split(' ')));
    try {
      await Promise.all(running.map((simulator) => simulator.waitFor(/^credentials .+$/m)));
      // What a newcomer does next: the credentials into the variables the file names, the endpoint lines uncommented.
      const env: NodeJS.ProcessEnv = {};
      [...commands].forEach((command, i) => {
        const id = command.split(' ')[1].toUpperCase();
        for (const [, key, value] of running[i].stdout().matchAll(/(\w+)=(\S+)/g)) env[`${id}_${key.toUpperCase()}`] = value;
      });
      for (const source of sources) {
        const file = join(dir, `try-${source}.yaml`);
        writeFileSync(file, readFileSync(file, 'utf8').replace(/^ {2}# endpoint: (\S+).*$/gm, '  endpoint: $1'));
        const check = await cli(['check', file], env);
        expect({ source, code: check.code, output: check.stdout + check.stderr }).toEqual({ source, code: 0, output: expect.stringMatching(/^green {2}source .*^green {2}sink /ms) });
      }
    } finally {
      for (const simulator of running) simulator.child.kill('SIGTERM');
      await Promise.all(running.map((simulator) => simulator.done));
    }
  });

  it('demo --api rest says it booked through the REST API, the SOAP demo says SOAP; the tenant file with the logins is 0600', async () => {
    for (const api of ['rest', 'soap'] as const) {
      const demoDir = join(dir, api);
      const result = await cli(['demo', '--dir', demoDir, ...(api === 'rest' ? ['--api', 'rest'] : [])]);
      expect(result.code).toBe(0);
      const name = api.toUpperCase();
      const other = api === 'rest' ? 'SOAP' : 'REST';
      expect(result.stdout).toContain(`e-Boekhouden simulator (${name} API) on http://127.0.0.1:`);
      expect(result.stdout).toContain(`2. sync: every paid, shipped or collected order into e-Boekhouden, through its ${name} API`);
      expect(result.stdout).toMatch(new RegExp(`^4\\. what e-Boekhouden now holds: \\d+ mutations, \\d+ relations, booked through its ${name} API \\([1-9]\\d* ${name} calls, no ${other} calls\\)$`, 'm'));
      for (const file of ['demo-webshop.yaml', 'dashboard.yaml', 'dashboard-password.txt']) expect({ file, mode: statSync(join(demoDir, file)).mode & 0o777 }).toEqual({ file, mode: 0o600 });
    }
    const json = JSON.parse((await cli(['demo', '--dir', join(dir, 'json'), '--api', 'rest', '--json'])).stdout) as { api: string; calls: { soap: number; rest: number } };
    expect(json).toMatchObject({ api: 'rest', calls: { soap: 0, rest: expect.any(Number) } });
    expect(json.calls.rest).toBeGreaterThan(0);
  });

  it('every line of a tenant log carries each key once, runId too, after a CLI sync that parks documents', async () => {
    // Only 21% has a VAT rule: orders with another rate are parked, and the parked lines name their run.
    const file = writeTenant('log-keys', shopSide(), soapSink(), { vat: { builtInDefaults: false, sales: [{ rate: 21, code: 'HOOG_VERK_21' }] } });
    const sync = await cli(['sync', file]);
    expect(sync.code).toBe(1);
    const log = /^log: (.+)$/m.exec(sync.stdout)?.[1];
    expect(log).toBeDefined();
    // The check itself finds a key written twice (JSON.parse would keep only the last).
    expect(repeatedKeys('{"level":"warn","runId":"a","counts":{"runId":1},"runId":"b","msg":"x"}')).toEqual(['runId']);
    const lines = readFileSync(log!, 'utf8').trim().split('\n');
    expect(lines.filter((line) => line.includes('"msg":"parked ')).length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.includes('"runId"')).length).toBeGreaterThan(lines.length / 2);
    expect(lines.map((line) => repeatedKeys(line)).filter((keys) => keys.length > 0)).toEqual([]);
  });
});
