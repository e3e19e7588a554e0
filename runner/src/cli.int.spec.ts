/**
 * Drives the real `koppelwerk` command as a process against the simulators over loopback.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { stringify } from 'yaml';
import { cli, everyFileText } from './testing/cli-process';
import { scratchDir } from '@koppelwerk/runtime/testing';

describe('koppelwerk CLI', () => {
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
    dir = scratchDir('cli');
  });

  function writeTenant(name: string, overrides: { sink?: Record<string, unknown>; mapping?: unknown; log?: unknown } = {}): string {
    const file = join(dir, `${name}.yaml`);
    const tenant = {
      tenant: name,
      source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: { token: '${env:SHOP_TOKEN}', partner_token: shop.credentials.partner_token } },
      sink: { connector: 'eboekhouden', endpoint: bookkeeping.endpoint, settings: { ...bookkeeping.credentials, ...overrides.sink } },
      mapping: overrides.mapping ?? { relations: { codePrefix: name.slice(0, 3).toUpperCase() }, texts: { invoiceNumber: `${name.slice(0, 3).toUpperCase()}-{number}` } },
      ...(overrides.log ? { log: overrides.log } : {}),
    };
    writeFileSync(file, stringify(tenant));
    return file;
  }

  const env = () => ({ SHOP_TOKEN: shop.credentials.token });

  it('lists connectors and describes one, with a JSON Schema that marks secrets', async () => {
    const list = await cli(['describe']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/mijnwebwinkel\s+source/);
    expect(list.stdout).toMatch(/eboekhouden\s+sink/);
    const schema = await cli(['describe', 'eboekhouden', '--json']);
    const parsed = JSON.parse(schema.stdout);
    expect(parsed.settingsSchema.properties.securityCode1.writeOnly).toBe(true);
    expect(parsed.settingsSchema.properties.username.writeOnly).toBeUndefined();
  });

  it('refuses a config with five mistakes, listing all five, before any call, without echoing secrets', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      stringify({
        tenant: 'broken shop',
        source: { connector: 'mijnwebwinkel', settings: { token: 'canary-shop-token-0001' } },
        sink: { connector: 'eboekhouden', settings: { username: 'abc', securityCode1: 'canary-not-hex', securityCode2: bookkeeping.credentials.securityCode2 } },
        mapping: { ledgers: { debtors: '13000000000' } },
      }),
    );
    const callsBefore = bookkeeping.calls().OpenSession ?? 0;
    const result = await cli(['check', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/configuration has 5 problems/);
    for (const path of ['tenant', 'source.settings.partner_token', 'sink.settings.username', 'sink.settings.securityCode1', 'mapping.ledgers.debtors']) {
      expect(result.stderr).toContain(`- ${path}:`);
    }
    expect(result.stderr).toMatch(/at least 6 characters/);
    expect(result.stdout + result.stderr).not.toMatch(/canary/);
    expect(bookkeeping.calls().OpenSession ?? 0).toBe(callsBefore);
  });

  it('checks both dots: green, then red with what to do after a password change', async () => {
    const good = await cli(['check', writeTenant('checked'), '--json'], env());
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ source: { ok: true }, sink: { ok: true } });

    const wrong = await cli(['check', writeTenant('wrongcodes', { sink: { securityCode1: 'f'.repeat(32) } })], env());
    expect(wrong.code).toBe(3);
    expect(wrong.stdout).toMatch(/RED\s+sink/);
    expect(wrong.stdout).toMatch(/what to do: .*(security code|beveiligingscode)/i);
    expect(wrong.stdout).not.toContain('f'.repeat(32));
  });

  it('syncs exactly once, and never shows a secret in output, logs or the state database', async () => {
    const file = writeTenant('onceshop');
    const first = await cli(['sync', file, '--json'], env());
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary.counts.booked).toBeGreaterThan(10);
    const booked = bookkeeping.state().administraties[0].mutaties.filter((m) => String(m.Factuurnummer).startsWith('ONC-'));
    expect(booked).toHaveLength(summary.counts.booked);

    const second = await cli(['sync', file], env());
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/booked 0/);
    expect(bookkeeping.state().administraties[0].mutaties.filter((m) => String(m.Factuurnummer).startsWith('ONC-'))).toHaveLength(booked.length);

    const status = await cli(['status', file, '--json'], env());
    expect(JSON.parse(status.stdout)).toMatchObject({ tenant: 'onceshop', openErrors: 0, lastRun: { outcome: 'ok' } });
    const log = await cli(['log', file, '--limit', '5'], env());
    expect(log.stdout).toMatch(/booked/);

    const secrets = [shop.credentials.token, shop.credentials.partner_token, bookkeeping.credentials.securityCode1, bookkeeping.credentials.securityCode2];
    const everything = first.stdout + first.stderr + second.stdout + status.stdout + log.stdout + everyFileText(join(dir, 'state'));
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });

  it('keeps runs in the tenant log file, and every booking too at log level debug', async () => {
    const logLines = (tenant: string) =>
      readFileSync(join(dir, 'state', 'logs', `${tenant}.log`), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { level: string; msg: string });
    const quiet = await cli(['sync', writeTenant('quietlog'), '--json'], env());
    const chatty = await cli(['sync', writeTenant('chattylog', { log: { level: 'debug' } }), '--json'], env());
    expect([quiet.code, chatty.code]).toEqual([0, 0]);

    const quietLines = logLines('quietlog');
    expect(quietLines.map((line) => line.msg)).toContain('sync finished: ok');
    expect(quietLines.filter((line) => line.level === 'debug')).toEqual([]);
    const booked = logLines('chattylog').filter((line) => line.msg === 'mutation booked in e-Boekhouden');
    expect(booked).toHaveLength(JSON.parse(chatty.stdout).counts.booked);
    expect(booked[0]).toMatchObject({ level: 'debug', tenant: 'chattylog' });
  });

  it('dry run shows what would be sent and writes nothing anywhere', async () => {
    const file = writeTenant('dryshop');
    const before = bookkeeping.state().administraties[0].mutaties.length;
    const result = await cli(['sync', file, '--dry-run', '--json'], env());
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.dryRun.wouldSend.length).toBeGreaterThan(10);
    expect(summary.dryRun.wouldSend[0].booking.entry.invoiceNumber).toMatch(/^DRY-/);
    expect(bookkeeping.state().administraties[0].mutaties.length).toBe(before);
  });

  it('parks what the mapping cannot book, lists it in the errors tab, and books it after a mapping fix', async () => {
    // No rule and no built-in table: every line is a mapping gap.
    const strict = { vat: { builtInDefaults: false, sales: [{ rate: 21, code: 'HOOG_VERK_21' }] }, texts: { invoiceNumber: 'PRK-{number}' }, relations: { codePrefix: 'PRK' } };
    const file = writeTenant('parkshop', { mapping: strict });
    // In Dutch when asked: why the run ended, and each parked document's reason.
    const run = await cli(['sync', file, '--language', 'nl'], env());
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\d+ documenten in de foutenlijst gezet/);
    const dutch = await cli(['errors', file], { ...env(), LC_ALL: '', LANG: 'nl_NL.UTF-8' });
    expect(dutch.stdout).toContain('geen btw-regel in mapping.vat.sales past bij');
    const english = await cli(['errors', file], { ...env(), LC_ALL: '', LANG: 'C.UTF-8' });
    expect(english.stdout).toContain('no VAT rule in mapping.vat.sales matches');
    const errors = await cli(['errors', file, '--json'], env());
    const queue = JSON.parse(errors.stdout).errors as { id: number; errorClass: string; message: string; field?: string }[];
    expect(queue.length).toBeGreaterThan(0);
    expect(queue[0]).toMatchObject({ errorClass: 'record' });
    expect(queue[0].message).toMatch(/no VAT rule in mapping\.vat\.sales matches/);

    writeTenant('parkshop', { mapping: { ...strict, vat: { sales: strict.vat.sales } } });
    const retried = await cli(['retry', file, '--all'], env());
    expect(retried.code).toBe(0);
    const after = await cli(['errors', file, '--json'], env());
    expect(JSON.parse(after.stdout).errors).toHaveLength(0);
  });

  it('says every problem of a broken tenant file in Dutch when asked, in English otherwise and in --json', async () => {
    const file = writeTenant('brokenshop');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^tenant: .*$/m, 'tenant: "broken shop!"\ntennant: x\nstate:\n  retainDays: 0'));
    const dutch = await cli(['check', file, '--language', 'nl'], env());
    expect(dutch.code).toBe(2);
    expect(dutch.stderr).toContain('de instellingen hebben 3 problemen:');
    expect(dutch.stderr).toContain('tenant: alleen letters, cijfers, - en _');
    expect(dutch.stderr).toContain('onbekende sleutel `tennant` op het hoogste niveau — bedoelt u `tenant`?');
    expect(dutch.stderr).toContain('state.retainDays: een heel aantal dagen van 1 tot 36500');
    const english = await cli(['check', file], { ...env(), LC_ALL: '', LANG: 'C.UTF-8' });
    expect(english.stderr).toContain("unknown key `tennant` at top level — did you mean `tenant`?");
    const json = JSON.parse((await cli(['check', file, '--json', '--language', 'nl'], env())).stderr) as { error: string; problems: { code: string }[] };
    expect(json.error).toMatch(/^configuration has 3 problems/);
    expect(json.problems.map((problem) => problem.code)).toEqual(['CONFIG_OWN', 'CONFIG_OWN', 'CONFIG_UNKNOWN_KEY']);
  });

  it('two syncs of one tenant started at once book nothing twice', async () => {
    const file = writeTenant('twinshop');
    const [a, b] = await Promise.all([cli(['sync', file, '--json'], env()), cli(['sync', file, '--json'], env())]);
    const codes = [a.code, b.code].sort();
    // One books everything; the other either waited and found nothing new, or refused with the lock code.
    expect([[0, 0], [0, 5]]).toContainEqual(codes);
    const numbers = bookkeeping.state().administraties[0].mutaties.map((m) => String(m.Factuurnummer)).filter((n) => n.startsWith('TWI-'));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.length).toBeGreaterThan(10);
  });

  it('explains which rule produced each part of one booking', async () => {
    const result = await cli(['explain', writeTenant('explainshop'), '1002', '--json'], env());
    expect(result.code).toBe(0);
    const steps = JSON.parse(result.stdout).booking.explain as { target: string; rule: string }[];
    expect(steps.find((s) => s.target === 'lines[0].vatCode')?.rule).toMatch(/vat\.sales\[\d+\]/);
    expect(steps.find((s) => s.target === 'accountLedger')?.rule).toBe('mapping.ledgers.debtors');
  });

  it('writes a commented template with init', async () => {
    const file = join(dir, 'new.yaml');
    const result = await cli(['init', '--source', 'mijnwebwinkel', '--tenant', 'new-shop', '--file', file]);
    expect(result.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/connector: mijnwebwinkel/);
    expect(text).toMatch(/token: \$\{env:MIJNWEBWINKEL_TOKEN\}/);
    expect(text).toMatch(/securityCode1: \$\{env:EBOEKHOUDEN_SECURITYCODE1\}/);
    const again = await cli(['init', '--source', 'mijnwebwinkel', '--file', file]);
    expect(again.code).toBe(2);
  });

  it('runs the demo on a fresh directory: a webshop booked into e-Boekhouden, nothing twice', async () => {
    const result = await cli(['demo', '--dir', join(dir, 'demo'), '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.exitCodes).toEqual({ check: 0, sync: 0, secondSync: 0 });
    expect(report.mutations).toBeGreaterThan(10);
    expect(report.relations).toBeGreaterThan(5);
    const numbers = (report.booked as { Factuurnummer: string }[]).map((m) => m.Factuurnummer);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('answers wrong usage with exit code 64', async () => {
    expect((await cli(['sync'])).code).toBe(64);
    expect((await cli(['no-such-command'])).code).toBe(64);
    // --wait is the service's (how long to wait for a worker): on a tenant file it would do nothing.
    const wait = await cli(['sync', 'shop.yaml', '--wait', '5'], { KOPPELWERK_DATABASE_URL: '' });
    expect(wait.code).toBe(64);
    expect(wait.stderr).toContain("--wait is how long a service tenant's command waits for a worker: give --database <url> (or KOPPELWERK_DATABASE_URL) with it, or leave it out");
  });
});
