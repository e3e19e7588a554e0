/**
 * A dry run that tells the truth (issue 24): on a fresh state, against an administration that
 * already holds some of the invoices, `koppelwerk sync --dry-run` asks e-Boekhouden which of them
 * it holds, as the sync does, and the sync that follows does exactly what the dry run said. Over
 * both transports (SOAP and REST), through the real command as a process. With codes e-Boekhouden
 * refuses, the dry run still shows what it would book, says why it could not ask, and records nothing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '@koppelwerk/core';
import type { SyncSummary } from '@koppelwerk/engine';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { generateOrders, startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { stringify } from 'yaml';
import { cli } from '../testing/cli-process';
import { scratchDir } from '@koppelwerk/runtime/testing';

jest.setTimeout(240_000);

describe.each(['soap', 'rest'] as const)('sync --dry-run against an administration that already holds the invoices (%s)', (api) => {
  let bookkeeping: EboekhoudenSimulator;
  let shop: RunningMijnwebwinkelSimulator;
  const seed = generateOrders({ count: 16, randomSeed: 11, quirks: false });
  const later = generateOrders({ count: 4, randomSeed: 12, quirks: false }).orders.map((order, i) => ({ ...order, number: 9001 + i, uuid: undefined }));

  beforeAll(async () => {
    bookkeeping = await startEboekhoudenSimulator({ port: 0, api });
    shop = await startMijnwebwinkelSimulator({ port: 0, seed: { ...seed } });
  });

  afterAll(async () => {
    await Promise.all([bookkeeping?.close(), shop?.close()]);
  });

  /** A tenant file in its own folder, so its state (next to it) starts empty. */
  function tenantFile(label: string, sinkSettings: Record<string, string> = bookkeeping.credentials): string {
    const file = join(scratchDir(`dry-run-${api}-${label}`), 'shop.yaml');
    writeFileSync(
      file,
      stringify({
        tenant: 'shop',
        source: { connector: 'mijnwebwinkel', endpoint: shop.url, settings: shop.credentials },
        sink: { connector: 'eboekhouden', endpoint: bookkeeping.endpoint, settings: { ...(api === 'rest' ? { api: 'rest' } : {}), ...sinkSettings } },
        mapping: { relations: { codePrefix: 'DRY' }, texts: { invoiceNumber: 'DRY-{number}' } },
      }),
    );
    return file;
  }

  const mutations = () => bookkeeping.state().administraties[0].mutaties.filter((m) => String(m.Factuurnummer).startsWith('DRY-'));

  it('says which documents e-Boekhouden already holds, and the sync then books and skips exactly those', async () => {
    // An earlier installation booked the shop's orders; its state is gone. The shop has new orders since.
    const earlier = await cli(['sync', tenantFile('earlier'), '--json']);
    expect([ExitCode.ok, ExitCode.parked]).toContain(earlier.code);
    const bookedEarlier = JSON.parse(earlier.stdout).counts.booked as number;
    expect(bookedEarlier).toBeGreaterThan(3);
    shop.addOrders(...later);
    const held = mutations().length;

    const file = tenantFile('fresh');
    const dry = await cli(['sync', file, '--dry-run', '--json']);
    const report = JSON.parse(dry.stdout) as SyncSummary & { dryRun: NonNullable<SyncSummary['dryRun']> };
    expect(report.dryRun.alreadyInBooks).toHaveLength(bookedEarlier);
    expect(report.dryRun.alreadyBooked).toEqual([]);
    expect(report.dryRun.sinkNotAsked).toBeUndefined();
    const wouldBook = report.dryRun.wouldSend.length;
    expect(wouldBook).toBeGreaterThan(0);
    expect(wouldBook).toBeLessThanOrEqual(later.length);
    // Each one found carries e-Boekhouden's id of it: the mutation number that holds its invoice number.
    const numberOf = new Map(mutations().map((m) => [String(m.Factuurnummer), String(m.MutatieNr)]));
    for (const found of report.dryRun.alreadyInBooks ?? []) {
      expect(numberOf.get(`DRY-${found.documentKey.replace(/^.*:/, '')}`)).toBe(found.sinkId);
    }

    const text = await cli(['sync', file, '--dry-run']);
    expect(text.code).toBe(dry.code);
    const parks = report.dryRun.gaps.length;
    expect(text.stdout).toContain(`would book ${wouldBook}, would park ${parks}, already booked ${bookedEarlier}; nothing was written anywhere`);
    expect(text.stdout).toMatch(new RegExp(`already in e-Boekhouden(\\.nl)? \\(a sync skips them and marks them booked\\): \\S+ as \\d+`));
    expect(text.stdout).toContain(`would book ${wouldBook} document(s):`);
    expect(mutations()).toHaveLength(held);

    const real = await cli(['sync', file, '--json']);
    expect(real.code).toBe(dry.code);
    expect(JSON.parse(real.stdout).counts).toMatchObject({ read: report.counts.read, booked: wouldBook, skipped: bookedEarlier, parked: parks, pending: 0 });
    expect(mutations()).toHaveLength(held + wouldBook);
    const bookedNow = mutations().slice(held).map((m) => String(m.Factuurnummer)).sort();
    expect(bookedNow).toEqual(report.dryRun.wouldSend.map((item) => item.booking.entry.invoiceNumber).sort());
  });

  it('with codes e-Boekhouden refuses: still shows what it would book, says why it could not ask, and records nothing', async () => {
    const wrong: Record<string, string> = api === 'rest' ? { accessToken: 'a'.repeat(40) } : { ...bookkeeping.credentials, securityCode1: 'f'.repeat(32) };
    const secret = Object.values(wrong).find((value) => /^(a{40}|f{32})$/.test(value))!;
    const file = tenantFile('refused', wrong);
    const before = mutations().length;

    const dry = await cli(['sync', file, '--dry-run']);
    expect(dry.code).toBe(ExitCode.authentication);
    const summary = /dry run authentication: read (\d+), would book (\d+), would park (\d+), already booked 0; nothing was written anywhere/.exec(dry.stdout);
    expect(summary).not.toBeNull();
    const [read, wouldBook, parks] = summary!.slice(1).map(Number);
    // Every document it read is listed: nothing was left pending because the bookkeeping refused.
    expect(wouldBook + parks).toBe(read);
    expect(wouldBook).toBeGreaterThan(later.length);
    expect(dry.stdout).toContain(`would book ${wouldBook} document(s):`);
    expect(dry.stdout).toMatch(/could not ask e-Boekhouden(\.nl)? which of these it already holds \(a sync skips those it finds there\): \S.*/);
    expect(dry.stdout).toMatch(/ {2}what to do: \S/);
    expect(dry.stdout + dry.stderr).not.toContain(secret);
    expect(dry.stdout + dry.stderr).not.toContain('undefined');
    expect(mutations()).toHaveLength(before);

    // Nothing recorded: no run, and no red dot from a dry run.
    const status = JSON.parse((await cli(['status', file, '--json'])).stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ checks: [], lastRun: null, openErrors: 0 });
  });
});
