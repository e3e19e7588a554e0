/**
 * The embedded directory against the real simulators over loopback and real tenant files: what
 * the dashboard reads, and its actions through the same engine paths as the CLI.
 */
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { SqliteStateStore } from '@koppelwerk/store-sqlite';
import { startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { stringify } from 'yaml';
import { renderMessage, type LocalDate } from '@koppelwerk/core';
import { simControl } from '@koppelwerk/testing';
import { createRegistry, UnknownTenantError } from '@koppelwerk/runtime';
import { scratchDir } from '@koppelwerk/runtime/testing';
import { openEmbeddedDirectory, type EmbeddedDirectory } from './embedded-directory';

jest.setTimeout(120_000);

/** Only the 21 % rate has a VAT code and nothing is built in: every order with another rate is parked. */
const STRICT_VAT = { builtInDefaults: false, sales: [{ rate: 21, code: 'HOOG_VERK_21' }] };

describe('the embedded tenant directory', () => {
  let bookkeeping: EboekhoudenSimulator;
  let shop: RunningMijnwebwinkelSimulator;
  let dir: string;
  let directory: EmbeddedDirectory;

  beforeAll(async () => {
    bookkeeping = await startEboekhoudenSimulator({ port: 0 });
    shop = await startMijnwebwinkelSimulator({ port: 0 });
    dir = scratchDir('dashboard');
    writeTenant('bakkerij', { vat: STRICT_VAT });
    writeTenant('slagerij');
    writeTenant('wrongcodes', {}, { securityCode1: 'f'.repeat(32) });
    writeFileSync(join(dir, 'kapot.yaml'), stringify({ tenant: 'kapot', source: { connector: 'no-such-shop' } }));
    directory = await openEmbeddedDirectory(dir, createRegistry(), { env: { SHOP_TOKEN: shop.credentials.token }, snapshot: { minPauseMs: 3_600_000 } });
  });

  afterAll(async () => {
    await directory?.close();
    await Promise.all([bookkeeping?.close(), shop?.close()]);
  });

  function writeTenant(name: string, mapping: Record<string, unknown> = {}, sink: Record<string, unknown> = {}): void {
    const prefix = name.slice(0, 3).toUpperCase();
    const tenant = {
      tenant: name,
      source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: { token: '${env:SHOP_TOKEN}', partner_token: shop.credentials.partner_token } },
      sink: { connector: 'eboekhouden', endpoint: bookkeeping.endpoint, settings: { ...bookkeeping.credentials, ...sink } },
      mapping: { relations: { codePrefix: prefix }, texts: { invoiceNumber: `${prefix}-{number}` }, ...mapping },
    };
    writeFileSync(join(dir, `${name}.yaml`), stringify(tenant));
  }

  const booked = (prefix: string) => bookkeeping.state().administraties[0].mutaties.map((m) => String(m.Factuurnummer)).filter((n) => n.startsWith(`${prefix}-`));

  it('shows every tenant with grey dots before any check, and a file that does not load with its problem', async () => {
    expect(await directory.tenants()).toEqual(['bakkerij', 'kapot', 'slagerij', 'wrongcodes']);
    const [bakkerij, kapot] = await directory.overview(['bakkerij', 'kapot']);
    expect(bakkerij).toMatchObject({
      tenant: 'bakkerij',
      dots: { source: { state: 'grey', title: 'Mijnwebwinkel' }, sink: { state: 'grey', title: 'e-Boekhouden.nl' } },
      lastRun: null,
      openErrors: 0,
      running: null,
      everyMinutes: 60,
    });
    expect(Date.parse(bakkerij.nextRunAt!)).toBeGreaterThan(Date.parse(bakkerij.readAt!));
    expect(bakkerij.configProblem).toBeUndefined();
    expect(kapot.configProblem).toMatch(/no-such-shop/);
    expect(kapot.lastRun).toBeNull();
    await expect(directory.overview(['bakkerij', 'nobody'])).rejects.toThrow(UnknownTenantError);
  });

  it('checks both connections now: green, or red with the reason and what to do, and the overview shows it', async () => {
    const green = await directory.checkNow('slagerij');
    expect(green).toMatchObject({ ok: true, message: 'both connections are green', checks: { source: { ok: true }, sink: { ok: true } } });
    expect(green.lines.join('\n')).toMatch(/green\s+sink\s+e-Boekhouden/);

    const red = await directory.checkNow('wrongcodes');
    expect(red.ok).toBe(false);
    expect(red.lines.join('\n')).toMatch(/what to do: .*(security code|beveiligingscode)/i);
    expect(JSON.stringify(red)).not.toContain('f'.repeat(32));
    const [slagerij, wrong] = await directory.overview(['slagerij', 'wrongcodes']);
    expect(slagerij.dots.sink).toMatchObject({ state: 'green' });
    expect(wrong.dots.sink).toMatchObject({ state: 'red', reason: expect.any(String), hint: expect.stringMatching(/security code|beveiligingscode/i) });
    expect(wrong.dots.sink.reason).not.toMatch(/undefined/);
  });

  it('syncs now, parks what the mapping cannot book, and pages through the errors with filters', async () => {
    const sync = await directory.syncNow('bakkerij');
    expect(sync.summary?.counts.parked).toBeGreaterThan(3);
    expect(sync).toMatchObject({ ok: false, message: expect.stringMatching(/^done, with documents parked: booked \d+/) });
    expect(sync.lines[0]).toMatch(/^sync parked: read \d+, booked \d+/);

    const [overview] = await directory.overview(['bakkerij']);
    expect(overview.openErrors).toBe(sync.summary!.counts.parked);
    expect(overview.lastRun).toMatchObject({ outcome: 'parked', mode: 'sync' });

    const all = await directory.errors('bakkerij', { page: 1, pageSize: 100 });
    expect(all.total).toBe(sync.summary!.counts.parked);
    expect(all.entries).toHaveLength(all.total);
    expect(all.entries[0]).not.toHaveProperty('rawJson');
    const ids = all.entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    const second = await directory.errors('bakkerij', { page: 2, pageSize: 2 });
    expect(second).toMatchObject({ total: all.total, page: 2, pageSize: 2 });
    expect(second.entries.map((e) => e.id)).toEqual(ids.slice(2, 4));
    const one = all.entries[1];
    expect((await directory.errors('bakkerij', { page: 1, pageSize: 10, text: ` ${one.documentKey.toUpperCase()} ` })).entries.map((e) => e.id)).toEqual([one.id]);
    expect((await directory.errors('bakkerij', { page: 1, pageSize: 10, text: 'NO VAT RULE' })).total).toBe(all.total);
    expect((await directory.errors('bakkerij', { page: 1, pageSize: 10, errorClass: 'rejected' })).total).toBe(0);

    const entry = await directory.error('bakkerij', one.id);
    expect(entry).toMatchObject({ id: one.id, documentKey: one.documentKey });
    expect(entry?.rawJson).toEqual(expect.any(String));
    expect(await directory.error('bakkerij', 999_999)).toBeNull();

    const activity = await directory.activity('bakkerij', { search: one.documentKey, limit: 50 });
    expect(activity.map((a) => a.action)).toContain('failed');
    expect(activity.every((a) => a.documentKey === one.documentKey || a.message?.includes(one.documentKey))).toBe(true);
    const page = await directory.activity('bakkerij', { limit: 3 });
    const older = await directory.activity('bakkerij', { limit: 3, beforeId: page[2].id });
    expect(older[0].id).toBeLessThan(page[2].id);
    expect((await directory.runs('bakkerij', 5)).map((r) => r.outcome)).toEqual(['parked']);
    await expect(directory.errors('nobody', { page: 1, pageSize: 10 })).rejects.toThrow(UnknownTenantError);
  });

  it('refuses every action while another run holds the tenant, saying it is busy, and runs nothing', async () => {
    const [statePath] = [join(dir, 'state', 'bakkerij.sqlite')];
    const daemon = new SqliteStateStore({ path: statePath });
    expect((await daemon.acquireLock({ runId: 'daemon-run', pid: process.pid, host: hostname() }, 600_000)).acquired).toBe(true);
    try {
      const before = booked('BAK').length;
      const open = (await directory.errors('bakkerij', { page: 1, pageSize: 500 })).entries;
      const results = [
        await directory.syncNow('bakkerij'),
        await directory.reprocess('bakkerij', { all: true }),
        await directory.checkNow('bakkerij'),
        await directory.dismiss('bakkerij', [open[0].id]),
      ];
      for (const result of results) {
        expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/^busy: .*try again/) });
        expect(result.lines.join('\n')).toMatch(/run daemon-run/);
      }
      expect(booked('BAK')).toHaveLength(before);
      expect((await directory.errors('bakkerij', { page: 1, pageSize: 500 })).total).toBe(open.length);
      const [overview] = await directory.overview(['bakkerij']);
      expect(overview.running).toMatchObject({ runId: 'daemon-run' });
    } finally {
      await daemon.releaseLock('daemon-run');
      await daemon.close();
    }
  });

  it('dismisses a parked document once, and says so when it is no longer parked', async () => {
    const [first, second] = (await directory.errors('bakkerij', { page: 1, pageSize: 2 })).entries;
    const dismissed = await directory.dismiss('bakkerij', [first.id, 999_999]);
    expect(dismissed).toMatchObject({ ok: false, message: '1 of 2 dismissed' });
    expect(dismissed.lines).toEqual([`#${first.id} (${first.documentKey}) dismissed`, "no error #999999 in this tenant's error queue"]);
    expect(await directory.error('bakkerij', first.id)).toMatchObject({ resolution: 'dismissed', resolvedAt: expect.any(String) });
    const again = await directory.dismiss('bakkerij', [first.id]);
    expect(again.lines[0]).toMatch(new RegExp(`#${first.id} .* is no longer parked: dismissed`));
    expect((await directory.errors('bakkerij', { page: 1, pageSize: 1 })).entries[0].id).toBe(second.id);
    expect((await directory.errors('bakkerij', { page: 1, pageSize: 500, includeResolved: true })).entries.map((e) => e.id)).toContain(first.id);
  });

  it('reprocesses the selected parked documents after a mapping fix: each booked exactly once, unknown and resolved ids reported', async () => {
    writeTenant('bakkerij', { vat: { sales: STRICT_VAT.sales } }); // the built-in table back
    await directory.refresh();
    const before = booked('BAK');
    const open = (await directory.errors('bakkerij', { page: 1, pageSize: 500 })).entries;
    const dismissed = (await directory.errors('bakkerij', { page: 1, pageSize: 500, includeResolved: true })).entries.find((e) => e.resolution === 'dismissed')!;

    const some = await directory.reprocess('bakkerij', { ids: [open[0].id, dismissed.id, 424_242] });
    expect(some).toMatchObject({ ok: true, summary: { mode: 'retry', counts: { booked: 1, parked: 0 } } });
    expect(some.lines).toEqual(
      expect.arrayContaining([
        "no error #424242 in this tenant's error queue",
        expect.stringMatching(new RegExp(`^#${dismissed.id} \\(.*\\) is no longer parked: dismissed`)),
        expect.stringMatching(/^retry ok: read \d+, booked 1/),
      ]),
    );
    const rest = await directory.reprocess('bakkerij', { all: true });
    expect(rest.summary?.counts).toMatchObject({ booked: open.length - 1, parked: 0 });
    const after = booked('BAK');
    expect(after).toHaveLength(before.length + open.length);
    expect(new Set(after).size).toBe(after.length);

    expect(await directory.reprocess('bakkerij', { all: true })).toMatchObject({ ok: false, lines: ['no parked documents'] });
    const again = await directory.reprocess('bakkerij', { ids: [open[0].id] });
    expect(again).toMatchObject({ ok: false, message: expect.stringMatching(/^nothing to reprocess/) });
    expect(again.lines[0]).toMatch(/is no longer parked: booked/);
    expect(booked('BAK')).toHaveLength(after.length);
    const [overview] = await directory.overview(['bakkerij']);
    expect(overview).toMatchObject({ openErrors: 0, lastRun: { mode: 'retry', outcome: 'ok' } });
    await expect(directory.reprocess('nobody', { all: true })).rejects.toThrow(UnknownTenantError);
  });

  it('explains one document, and answers actions on a tenant file that does not load with its problem', async () => {
    const explained = await directory.explain('slagerij', '1002');
    expect(explained).toMatchObject({ document: '1002', mappingVersion: expect.any(String) });
    if (!('steps' in explained)) throw new Error('expected the booking to be explained');
    expect(explained.steps.find((s) => s.target === 'accountLedger')?.rule).toBe('mapping.ledgers.debtors');

    const broken = await directory.syncNow('kapot');
    expect(broken).toMatchObject({ ok: false, message: expect.stringMatching(/^the tenant file kapot\.yaml cannot be used: [\s\S]*no-such-shop/) });
    expect(await directory.errors('kapot', { page: 1, pageSize: 10 })).toEqual({ entries: [], total: 0, page: 1, pageSize: 10 });
  });

  it('reconciles a period and books a document deleted from the books again, once', async () => {
    const period = { from: '2000-01-01' as LocalDate, to: '2049-12-31' as LocalDate };
    expect(await directory.syncNow('slagerij')).toMatchObject({ ok: true });
    const clean = await directory.reconcile('slagerij', period);
    if (!('view' in clean)) throw new Error(`no report: ${clean.failed.message}`);
    expect(clean.view.differences).toEqual([]);
    expect(clean.view.counted.books).toBe(booked('SLA').length);

    const [invoiceNumber] = booked('SLA');
    expect((await simControl(new URL(bookkeeping.url).origin, 'POST /manual/delete', { invoiceNumber })).status).toBe(200);
    const differ = await directory.reconcile('slagerij', period);
    if (!('view' in differ)) throw new Error(`no report: ${differ.failed.message}`);
    expect(differ.view.differences).toEqual([{ kind: 'deleted-in-books', document: expect.any(String), invoiceNumber }]);

    const rebooked = await directory.rebook('slagerij', [differ.view.differences[0].document]);
    expect(rebooked).toMatchObject({ ok: true, text: { code: 'ACTION_DONE', params: { booked: 1 } } });
    expect(booked('SLA').filter((number) => number === invoiceNumber)).toHaveLength(1);
    const again = await directory.rebook('slagerij', [differ.view.differences[0].document]);
    expect(again).toMatchObject({ ok: false, text: { code: 'ACTION_NOTHING_TO_REBOOK' }, notes: [{ code: 'RECONCILE_REBOOK_NOT_DELETED' }] });
    expect(booked('SLA').filter((number) => number === invoiceNumber)).toHaveLength(1);
  });

  it('words the problems of a tenant file that does not load in Dutch: the file schema, a reference, a connector setting, YAML', async () => {
    const other = scratchDir('dashboard-problems');
    writeFileSync(
      join(other, 'verkeerd.yaml'),
      stringify({
        tenant: 'verkeerd',
        tennant: 'x',
        source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: { token: '${env:NOT_SET_HERE}', partner_token: 'p', pageSize: 900 } },
        sink: { connector: 'eboekhouden', endpoint: bookkeeping.endpoint, settings: bookkeeping.credentials },
        state: { retainDays: 0 },
        log: { level: 'loud' },
      }),
    );
    writeFileSync(join(other, 'yaml.yaml'), 'tenant: yaml\n  source: [\n');
    const problems = await openEmbeddedDirectory(other, createRegistry(), { env: {}, snapshot: { minPauseMs: 3_600_000 } });
    try {
      const shown = (await problems.overview(await problems.tenants())).map((t) => renderMessage(t.configProblemText?.code, t.configProblemText?.params, 'nl', t.configProblem ?? ''));
      expect(shown.every((text) => text.translated)).toBe(true);
      const [verkeerd, yaml] = shown.map((text) => text.text);
      expect(verkeerd).toContain('source.settings.token: de omgevingsvariabele NOT_SET_HERE is niet gezet');
      expect(verkeerd).toContain('state.retainDays: een heel aantal dagen van 1 tot 36500, of `forever` om ze te bewaren');
      expect(verkeerd).toContain('log.level: moet een van deze zijn: debug, info, warn, error');
      expect(verkeerd).toContain('onbekende sleutel `tennant` op het hoogste niveau — bedoelt u `tenant`?');
      expect(verkeerd).toContain('source.settings.pageSize: mag hoogstens 100 zijn');
      expect(verkeerd).not.toMatch(/\b(must|unknown|required|environment)\b/);
      expect(yaml).toMatch(/YAML regel \d+: de inspringing klopt niet/);
    } finally {
      await problems.close();
    }
  });
});
