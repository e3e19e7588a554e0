/**
 * The first steps of a new user, through the real `koppelwerk` process against the simulators over
 * loopback: a config with many mistakes, a dry run, wrong usage, missing documents, retry by class,
 * a date range a source cannot read, times and amounts as people read them, and every example in
 * every command's --help.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { startWerkbonappSimulator, type RunningWerkbonappSimulator } from '@koppelwerk/werkbonapp/simulator';
import { stringify } from 'yaml';
import { hashPassword } from '@koppelwerk/dashboard';
import { cli, startCli } from './testing/cli-process';
import { freePort, scratchDir } from '@koppelwerk/runtime/testing';

/** Amsterdam wall-clock time of an instant, computed here independently of the runner's formatter. */
function amsterdam(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** A strict mapping: only 21% has a VAT rule, so every order with another rate is parked (class record). */
const STRICT = { vat: { builtInDefaults: false, sales: [{ rate: 21, code: 'HOOG_VERK_21' }] } };

// Every step is a real process; on a busy machine one takes a few seconds.
jest.setTimeout(180_000);

describe('the first steps, through the real CLI', () => {
  let bookkeeping: EboekhoudenSimulator;
  let shop: RunningMijnwebwinkelSimulator;
  let werkbon: RunningWerkbonappSimulator;
  let dir: string;

  beforeAll(async () => {
    bookkeeping = await startEboekhoudenSimulator({ port: 0 });
    shop = await startMijnwebwinkelSimulator({ port: 0 });
    werkbon = await startWerkbonappSimulator({ port: 0 });
  });

  afterAll(async () => {
    await Promise.all([bookkeeping?.close(), shop?.close(), werkbon?.close()]);
  });

  beforeEach(() => {
    dir = scratchDir('first-steps');
  });

  const env = () => ({ SHOP_TOKEN: shop.credentials.token });

  /** A Mijnwebwinkel tenant booking into the e-Boekhouden simulator; its invoice numbers start with a prefix of its own. */
  function writeShop(file: string, tenant: string, mapping: Record<string, unknown> = {}): string {
    const prefix = tenant.replace(/[^a-z]/gi, '').slice(0, 4).toUpperCase();
    writeFileSync(
      file,
      stringify({
        tenant,
        source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: { token: '${env:SHOP_TOKEN}', partner_token: shop.credentials.partner_token } },
        sink: { connector: 'eboekhouden', endpoint: bookkeeping.endpoint, settings: bookkeeping.credentials },
        mapping: { ...mapping, relations: { codePrefix: prefix }, texts: { invoiceNumber: `${prefix}-{number}` } },
      }),
    );
    return file;
  }

  function writeWerkbon(file: string, tenant: string): string {
    writeFileSync(
      file,
      stringify({
        tenant,
        source: { connector: 'werkbonapp', endpoint: werkbon.url, settings: werkbon.credentials },
        sink: { connector: 'eboekhouden', endpoint: bookkeeping.endpoint, settings: bookkeeping.credentials },
        mapping: { texts: { invoiceNumber: 'WBX{number}' } },
      }),
    );
    return file;
  }

  it('lists every problem of a config in one pass: schema, typos with the nearest key, placeholders, ledger codes, each missing variable once', async () => {
    const file = join(dir, 'typos.yaml');
    writeFileSync(
      file,
      [
        'tenent: typo-shop',
        'tenant: typo-shop',
        'source:',
        '  connector: mijnwebwinkel',
        '  settings:',
        '    token: ${env:KW_FIRST_STEPS_UNSET}',
        '    partner_token: ${env:KW_FIRST_STEPS_UNSET}',
        '    tokn: abc',
        'sink:',
        '  connector: eboekhouden',
        '  settings:',
        '    username: ${env:KW_FIRST_STEPS_UNSET}',
        '    securityCode1: canary-code-one',
        `    securityCode2: ${bookkeeping.credentials.securityCode2}`,
        'mapping:',
        '  ledgers:',
        '    debtors: "13000000000"',
        '  relatons: {}',
        '  texts:',
        '    description: "Order {numbr} {relation.name}"',
        'schedule:',
        '  everyMinutes: 0',
        '  enabeld: true',
      ].join('\n'),
    );
    const callsBefore = bookkeeping.calls().OpenSession ?? 0;
    const result = await cli(['check', file], {});
    expect(result.code).toBe(2);
    const text = result.stderr;
    expect(text).toContain('unknown key `tenent` at top level — did you mean `tenant`?');
    expect(text).toContain('- schedule: unknown key `enabeld` — did you mean `enabled`?');
    expect(text).toContain('- mapping: unknown key `relatons` — did you mean `relations`?');
    expect(text).toContain('- source.settings: unknown key `tokn` — did you mean `token`?');
    expect(text).toMatch(/- schedule\.everyMinutes: /);
    expect(text).toMatch(/- mapping\.ledgers\.debtors: a ledger code has at most 10 characters/);
    expect(text).toMatch(/- mapping\.texts\.description: unknown placeholder \{numbr\}/);
    expect(text).toMatch(/- sink\.settings\.securityCode1: /);
    // One variable, used three times: reported once, naming every use, with no "is required" after it.
    expect(text.match(/environment variable KW_FIRST_STEPS_UNSET is not set/g)).toHaveLength(1);
    expect(text).toContain('also used by source.settings.partner_token, sink.settings.username');
    expect(text).not.toMatch(/source\.settings\.(token|partner_token): the .*token is required/);
    expect(text).not.toMatch(/sink\.settings\.username: .*at least 6 characters/);
    expect(text).not.toContain('canary-code-one');
    expect(text).not.toContain('undefined');
    expect(bookkeeping.calls().OpenSession ?? 0).toBe(callsBefore);
  });

  it('a dry run prints a table of what would be booked and what would be parked, writes nothing, and --json keeps the payloads', async () => {
    const file = writeShop(join(dir, 'dry.yaml'), 'dryrun-table', STRICT);
    const mutationsBefore = bookkeeping.state().administraties[0].mutaties.length;
    const result = await cli(['sync', file, '--dry-run'], env());
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    const header = lines.findIndex((line) => /^\s+document\s+relation\s+VAT code\s+ledger\s+excl\s+VAT\s+incl$/.test(line));
    expect(header).toBeGreaterThan(0);
    expect(lines[header - 1]).toMatch(/^would book \d+ document\(s\):$/);
    const rows = lines.slice(header + 1).filter((line) => /^ {2}.*HOOG_VERK_21/.test(line));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const amounts = row.trim().split(/\s+/).slice(-3);
      for (const amount of amounts) expect(amount).toMatch(/^-?\d+\.\d{2}$/);
      const [excl, vat, incl] = amounts.map((a) => Math.round(Number(a) * 100));
      expect(excl + vat).toBe(incl);
    }
    expect(result.stdout).toMatch(/^would park \S+: no VAT rule in mapping\.vat\.sales matches/m);
    expect(result.stdout).toMatch(/^dry run done: read \d+, would book \d+, would park \d+, already booked 0; nothing was written anywhere$/m);
    expect(result.stdout + result.stderr).not.toMatch(/parked in the error queue|koppelwerk errors/);
    expect(result.stdout).not.toContain('undefined');

    const errors = await cli(['errors', file, '--json'], env());
    expect(JSON.parse(errors.stdout).errors).toEqual([]);
    expect(bookkeeping.state().administraties[0].mutaties.length).toBe(mutationsBefore);

    const json = JSON.parse((await cli(['sync', file, '--dry-run', '--json'], env())).stdout);
    expect(json.dryRun.wouldSend[0].booking.entry.rows[0]).toEqual(expect.objectContaining({ vatCode: 'HOOG_VERK_21', amountExcl: expect.any(String) }));
    expect(json.dryRun.gaps.length).toBeGreaterThan(0);
    expect(json.message).toMatch(/would be parked; nothing was written/);
  });

  it('answers wrong usage and missing documents with exit code 64 and says what is wrong', async () => {
    const file = writeShop(join(dir, 'usage.yaml'), 'usage-shop');
    expect((await cli(['sync', file], env())).code).toBe(0);

    const noIds = await cli(['retry', file], env());
    expect(noIds.code).toBe(64);
    expect(noIds.stderr).toMatch(/say which parked documents to retry: error ids .*--all, or --class <class>/);
    const unknownOption = await cli(['sync', file, '--dry-runn'], env());
    expect(unknownOption.code).toBe(64);
    expect(unknownOption.stderr).toMatch(/unknown option '--dry-runn'/);
    expect((await cli(['synk', file], env())).code).toBe(64);
    expect((await cli(['log', file, '--limit', 'many'], env())).code).toBe(64);
    expect((await cli(['retry', file, '--class', 'nonsense'], env())).code).toBe(64);

    const noDocument = await cli(['log', file, '--document', 'sales-order:9999'], env());
    expect(noDocument.code).toBe(64);
    expect(noDocument.stderr).toContain("no document sales-order:9999 in this tenant's state");
    const noError = await cli(['retry', file, '9999'], env());
    expect(noError.code).toBe(64);
    expect(noError.stderr).toContain("no error #9999 in this tenant's error queue");
    const noExplain = await cli(['explain', file, '9999'], env());
    expect(noExplain.code).toBe(64);
    expect(noExplain.stderr).toMatch(/no document 9999 in this tenant's state, and Mijnwebwinkel has none under that key either/);

    const found = await cli(['log', file, '--document', 'sales-order:1001'], env());
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/booked\s+1001\s+\d+/);
    for (const result of [noIds, noDocument, noError, noExplain]) expect(result.stderr).not.toMatch(/internal error|undefined/);
  });

  it('refuses a port that is in use with what to do, not as an internal error', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const result = await cli(['simulate', 'eboekhouden', '--port', String(port)]);
      expect(result.code).toBe(64);
      expect(result.stderr).toContain(`port ${port} is in use; choose another with --port`);
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });

  it('retry --class retries the open entries of that class, and only those', async () => {
    const file = writeShop(join(dir, 'classes.yaml'), 'class-retry', STRICT);
    expect((await cli(['sync', file], env())).code).toBe(1);
    const parked = JSON.parse((await cli(['errors', file, '--json'], env())).stdout).errors as { errorClass: string }[];
    expect(parked.length).toBeGreaterThan(1);
    expect(parked.every((entry) => entry.errorClass === 'record')).toBe(true);

    writeShop(file, 'class-retry', {});
    const otherClass = await cli(['retry', file, '--class', 'rejected', '--json'], env());
    expect(otherClass.code).toBe(0);
    expect(JSON.parse(otherClass.stdout).counts.read).toBe(0);
    expect(JSON.parse((await cli(['errors', file, '--json'], env())).stdout).errors).toHaveLength(parked.length);

    const retried = await cli(['retry', file, '--class', 'record', '--json'], env());
    expect(retried.code).toBe(0);
    expect(JSON.parse(retried.stdout).counts).toMatchObject({ read: parked.length, booked: parked.length, parked: 0 });
    expect(JSON.parse((await cli(['errors', file, '--json'], env())).stdout).errors).toEqual([]);
  });

  it('refuses --from/--to for a source that cannot read a date range, before any call', async () => {
    const file = writeWerkbon(join(dir, 'werkbon.yaml'), 'range-werkbon');
    const callsBefore = werkbon.server.calls.count();
    const sinkCallsBefore = bookkeeping.calls().OpenSession ?? 0;
    const result = await cli(['sync', file, '--from', '2025-01-01', '--to', '2025-01-31']);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('WerkbonApp cannot read a date range, so --from/--to cannot be used with this tenant');
    expect(result.stdout).not.toMatch(/export ok/);
    expect(werkbon.server.calls.count()).toBe(callsBefore);
    expect(bookkeeping.calls().OpenSession ?? 0).toBe(sinkCallsBefore);
  });

  it('shows times in Amsterdam local time, with column headers', async () => {
    const file = writeShop(join(dir, 'times.yaml'), 'times-shop', STRICT);
    expect((await cli(['check', file], env())).code).toBe(0);
    expect((await cli(['sync', file], env())).code).toBe(1);

    const status = JSON.parse((await cli(['status', file, '--json'], env())).stdout);
    const statusText = (await cli(['status', file], env())).stdout;
    const sinkCheck = (status.checks as { side: string; checkedAt: string }[]).find((check) => check.side === 'sink')!;
    expect(statusText).toContain(`(checked ${amsterdam(sinkCheck.checkedAt)})`);
    expect(statusText).toContain(`last run ${amsterdam(status.lastRun.startedAt)}: parked`);
    expect(statusText).toContain(`next scheduled run ${amsterdam(status.nextRun)} (every 60 minutes`);
    expect(statusText).not.toMatch(/\d{2}:\d{2}:\d{2}(\.\d+)?Z/);

    const activity = JSON.parse((await cli(['log', file, '--limit', '3', '--json'], env())).stdout).activity as { at: string; action: string }[];
    const logLines = (await cli(['log', file, '--limit', '3'], env())).stdout.trim().split('\n');
    expect(logLines[0]).toMatch(/^time \(Amsterdam\)\s+action\s+document \/ relation\s+booked as\s+details$/);
    // The listing is oldest first; the JSON newest first.
    expect(logLines.slice(1, -1).map((line) => line.slice(0, 19))).toEqual(activity.map((entry) => amsterdam(entry.at)).reverse());
    // There is more than the three shown: the last line says so, and how to see more.
    expect(logLines.at(-1)).toBe(`older entries are not shown (the newest 3 are); see more with \`koppelwerk log ${file} --limit 200\``);

    const errors = (await cli(['errors', file], env())).stdout.split('\n');
    expect(errors[0]).toMatch(/^id\s+document\s+class\s+attempts\s+first parked\s+age\s+reason$/);
    expect(errors[1]).toMatch(/^#\d+\s+\S+\s+record( \S+)?\s+1\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s+\d+m\s+no VAT rule/);
  });

  it('runs every example of every command help', async () => {
    // A prepared tenant `shop.yaml`: parked documents (error ids 1 and 2 among them), then the mapping fixed.
    writeShop(join(dir, 'shop.yaml'), 'help-shop', STRICT);
    expect((await cli(['sync', 'shop.yaml'], env(), undefined, dir)).code).toBe(1);
    writeShop(join(dir, 'shop.yaml'), 'help-shop', {});
    writeWerkbon(join(dir, 'werkbon.yaml'), 'help-werkbon');
    mkdirSync(join(dir, 'tenants'));
    writeShop(join(dir, 'tenants', 'daemon-shop.yaml'), 'daemon-shop', {});
    // The dashboard's users, next to the tenant files as `serve` looks for them.
    const users = stringify({ users: [{ name: 'beheer', role: 'operator', passwordHash: await hashPassword('first-steps-password') }] });
    for (const folder of [dir, join(dir, 'tenants')]) writeFileSync(join(folder, 'dashboard.yaml'), users);

    const commands = [...(await cli(['--help'])).stdout.matchAll(/^ {2}([a-z][\w-]*)\b/gm)].map((match) => match[1]).filter((name) => name !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['sync', 'retry', 'log', 'explain', 'simulate', 'daemon']));
    const examples: { command: string; line: string }[] = [];
    for (const command of commands) {
      const help = (await cli([command, '--help'])).stdout;
      const section = help.split(/^Examples:$/m)[1] ?? '';
      for (const match of section.matchAll(/^ {2}koppelwerk (.+)$/gm)) examples.push({ command, line: match[1] });
    }
    expect(examples.map((e) => e.line.split(/\s+#/)[0].trim())).toEqual(expect.arrayContaining(['log shop.yaml --document sales-order:1001', 'retry shop.yaml 1 2']));
    expect(examples.filter((example) => example.command === 'serve').length).toBeGreaterThan(0);

    const failures: string[] = [];
    for (const { line } of examples) {
      const [commandLine, comment = ''] = line.split(/\s+#\s*/, 2);
      const args = commandLine.trim().split(/\s+/);
      const expected = Number(/exit (\d+)/.exec(comment)?.[1] ?? 0);
      // Ports in examples are replaced by free ones: this machine may use 8080 for something else.
      for (let i = 0; i < args.length - 1; i++) if (args[i] === '--port') args[i + 1] = String(await freePort());
      let code: number | null;
      let output: string;
      if (args[0] === 'simulate' || args[0] === 'daemon' || args[0] === 'serve') {
        // Serves until stopped: wait until it is ready, then stop it as a user would.
        const running = startCli(args, env(), undefined, [], dir);
        const ready = args[0] === 'daemon' ? /tenant added/ : /listening on http:\/\/127\.0\.0\.1:\d+/;
        await running.waitFor(ready).catch(() => undefined);
        running.child.kill('SIGTERM');
        const result = await running.done;
        code = result.code;
        output = result.stdout + result.stderr;
        if (!ready.test(result.stdout)) failures.push(`${line}: never printed ${ready}`);
      } else {
        const result = await cli(args, env(), undefined, dir);
        code = result.code;
        output = result.stdout + result.stderr;
        if (args[0] === 'demo') expect(result.stdout).toMatch(/mutation\s+date\s+invoice\s+relation\s+incl VAT\s+VAT code\/ledger/);
      }
      if (code !== expected) failures.push(`${line}: exit ${code}, expected ${expected}\n${output.slice(0, 600)}`);
      if (/undefined|internal error/.test(output)) failures.push(`${line}: printed ${/undefined/.test(output) ? 'undefined' : 'an internal error'}`);
    }
    expect(failures).toEqual([]);
    expect(examples.length).toBeGreaterThanOrEqual(20);
    // The init example wrote its file where the user stood; the retries booked every parked document.
    const errors = await cli(['errors', 'shop.yaml', '--json'], env(), undefined, dir);
    expect(JSON.parse(errors.stdout).errors).toEqual([]);
    expect(existsSync(join(dir, 'my-shop.yaml'))).toBe(true);
  }, 600_000);
});
