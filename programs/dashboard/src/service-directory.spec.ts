/**
 * The service directory's reads (and dismiss, which needs no worker) against a real PostgreSQL:
 * tenants from the tenants table, state through the PostgreSQL store, one tenant never in
 * another's answers. Its queued actions run through real worker processes (the service's
 * process tests), since pg-boss does not load in Jest.
 */
import { PostgresStateStore } from '@koppelwerk/store-postgres';
import { describeWithPostgres } from '@koppelwerk/testing';
import { stringify } from 'yaml';
import { createRegistry, UnknownTenantError } from '@koppelwerk/runtime';
import { nextCadenceRun, TenantTable } from '@koppelwerk/service';
import { openServiceDirectory, type ServiceDirectory } from './service-directory';

const tenantYaml = (tenant: string) =>
  stringify({
    tenant,
    source: { connector: 'mijnwebwinkel', settings: { token: '${env:SHOP_TOKEN}', partner_token: '${env:SHOP_PARTNER}' } },
    sink: { connector: 'eboekhouden', settings: { username: 'demo-user', securityCode1: '${env:EB_CODE1}', securityCode2: '${env:EB_CODE2}' } },
  });

describeWithPostgres('the service tenant directory', (database) => {
  let table: TenantTable;
  let directory: ServiceDirectory;
  let worker: PostgresStateStore;
  const parked: number[] = [];

  beforeAll(async () => {
    table = await TenantTable.open(database().url);
    await table.upsert('bakkerij', tenantYaml('bakkerij'), 15, true);
    await table.upsert('slagerij', tenantYaml('slagerij'), 60, false);
    await table.upsert('kapot', stringify({ tenant: 'kapot', source: { connector: 'no-such-shop' } }), 60, true);
    const store = await PostgresStateStore.open({ pool: table.pool, tenant: 'bakkerij' });
    for (let n = 1; n <= 5; n++) {
      parked.push(
        await store.recordParked({
          documentKey: `order:${n}`,
          kind: 'sales-order',
          raw: { number: n },
          recordJson: null,
          error: n === 5 ? { errorClass: 'rejected', code: 'EB_CLOSED_PERIOD', message: 'the period is closed' } : { errorClass: 'record', code: 'MAP_UNMAPPED_VAT', message: `no VAT rule for 9% on order ${n}` },
          runId: 'run-1',
        }),
      );
    }
    await store.saveCheck('source', { ok: true });
    await store.saveCheck('sink', { ok: false, reason: 'security codes refused', hint: 'save the new security codes', errorClass: 'authentication' });
    await store.startRun({ runId: 'run-1', mode: 'sync' });
    await store.finishRun('run-1', { counts: { read: 9, booked: 4, skipped: 0, parked: 5, stillParked: 0, pending: 0, settled: 0, acknowledged: 0, relationsCreated: 1 }, outcome: 'parked', exitCode: 1 });
    await store.close();
    // A worker's run holds the tenant's lock while the overview is read.
    worker = await PostgresStateStore.open({ pool: table.pool, tenant: 'bakkerij' });
    expect((await worker.acquireLock({ runId: 'run-2', pid: 4242, host: 'worker-1' }, 600_000)).acquired).toBe(true);
    directory = await openServiceDirectory(database().url, createRegistry(), { env: {}, overviewMaxAgeMs: 0 });
  });

  afterAll(async () => {
    await worker?.close();
    await directory?.close();
    await table?.close();
  });

  it("lists the table's tenants and shows each one's dots, runs, open errors and lock in one overview", async () => {
    expect(await directory.tenants()).toEqual(['bakkerij', 'kapot', 'slagerij']);
    const [slagerij, bakkerij, kapot] = await directory.overview(['slagerij', 'bakkerij', 'kapot']);
    expect(bakkerij).toMatchObject({
      tenant: 'bakkerij',
      dots: {
        source: { state: 'green', title: 'Mijnwebwinkel' },
        sink: { state: 'red', title: 'e-Boekhouden.nl', reason: 'security codes refused', hint: 'save the new security codes', errorClass: 'authentication' },
      },
      lastRun: { runId: 'run-1', outcome: 'parked', counts: { parked: 5 } },
      openErrors: 5,
      running: { runId: 'run-2', pid: 4242, host: 'worker-1' },
      everyMinutes: 15,
    });
    expect(bakkerij.dots.sink.checkedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(bakkerij.lastRun?.startedAt).toMatch(/Z$/);
    // The queue's schedule for the tenant: every 15 minutes, at the tenant's own minute (as the daemon spreads them).
    expect(bakkerij.nextRunAt).toBe(nextCadenceRun('bakkerij', 15, new Date(bakkerij.readAt!)).toISOString());
    expect(Date.parse(bakkerij.nextRunAt!)).toBeGreaterThan(Date.parse(bakkerij.readAt!));
    expect(slagerij).toMatchObject({ tenant: 'slagerij', dots: { source: { state: 'grey' }, sink: { state: 'grey' } }, lastRun: null, openErrors: 0, running: null, nextRunAt: null });
    expect(kapot.configProblem).toMatch(/no-such-shop/);
    await worker.releaseLock('run-2');
    expect((await directory.overview(['bakkerij']))[0].running).toBeNull();
    await expect(directory.overview(['bakkerij', 'nobody'])).rejects.toThrow(UnknownTenantError);
  });

  it('pages through the errors by id with class and text filters, and shows one entry with its record', async () => {
    const all = await directory.errors('bakkerij', { page: 1, pageSize: 50 });
    expect(all.entries.map((e) => e.id)).toEqual(parked);
    expect(all.entries[0]).not.toHaveProperty('rawJson');
    expect(await directory.errors('bakkerij', { page: 2, pageSize: 2 })).toMatchObject({ total: 5, page: 2, pageSize: 2, entries: [{ id: parked[2] }, { id: parked[3] }] });
    expect((await directory.errors('bakkerij', { page: 1, pageSize: 50, errorClass: 'rejected' })).entries.map((e) => e.documentKey)).toEqual(['order:5']);
    expect((await directory.errors('bakkerij', { page: 1, pageSize: 50, text: 'Order 3' })).entries.map((e) => e.id)).toEqual([parked[2]]);
    expect((await directory.errors('bakkerij', { page: 1, pageSize: 50, text: 'eb_closed' })).total).toBe(1);
    expect(await directory.error('bakkerij', parked[0])).toMatchObject({ documentKey: 'order:1', rawJson: '{"number":1}' });
    expect(await directory.error('slagerij', parked[0])).toBeNull();
    expect(await directory.errors('slagerij', { page: 1, pageSize: 50 })).toEqual({ entries: [], total: 0, page: 1, pageSize: 50 });
  });

  it('shows the activity log with search and paging back, and the run history', async () => {
    const failed = await directory.activity('bakkerij', { search: 'order:2', limit: 10 });
    expect(failed.map((a) => [a.action, a.documentKey])).toEqual([['failed', 'order:2']]);
    const newest = await directory.activity('bakkerij', { limit: 2 });
    expect(newest.map((a) => a.documentKey)).toEqual(['order:5', 'order:4']);
    expect((await directory.activity('bakkerij', { limit: 2, beforeId: newest[1].id })).map((a) => a.documentKey)).toEqual(['order:3', 'order:2']);
    expect((await directory.runs('bakkerij', 10)).map((r) => r.runId)).toEqual(['run-1']);
    expect(await directory.activity('slagerij', { limit: 10 })).toEqual([]);
  });

  it("dismisses on the store, never another tenant's entry", async () => {
    expect(await directory.dismiss('slagerij', [parked[4]])).toMatchObject({ ok: false, lines: [`no error #${parked[4]} in this tenant's error queue`] });
    expect(await directory.dismiss('bakkerij', [parked[4]])).toMatchObject({ ok: true, message: '1 of 1 dismissed' });
    expect(await directory.error('bakkerij', parked[4])).toMatchObject({ resolution: 'dismissed' });
    const [bakkerij] = await directory.overview(['bakkerij']);
    expect(bakkerij.openErrors).toBe(4);
    expect(await directory.reprocess('bakkerij', { ids: [parked[4]] })).toMatchObject({ ok: false, message: expect.stringMatching(/^nothing to reprocess/) });
  });

  it('answers overviews from one reading for a while, and reads again after an action of its own', async () => {
    const cached = await openServiceDirectory(database().url, createRegistry(), { env: {}, overviewMaxAgeMs: 3_600_000 });
    try {
      const [before] = await cached.overview(['bakkerij']);
      const open = before.openErrors;
      // Another process (a worker) resolves an entry: the reading stays as it was...
      expect(await directory.dismiss('bakkerij', [parked[3]])).toMatchObject({ ok: true });
      const [same] = await cached.overview(['bakkerij']);
      expect({ openErrors: same.openErrors, readAt: same.readAt }).toEqual({ openErrors: open, readAt: before.readAt });
      // ...until an action through this directory, whose result then shows at once.
      expect(await cached.dismiss('bakkerij', [parked[2]])).toMatchObject({ ok: true });
      expect((await cached.overview(['bakkerij']))[0].openErrors).toBe(open - 2);
    } finally {
      await cached.close();
    }
  });

  it('throws UnknownTenantError for every page and action of a tenant it does not have', async () => {
    for (const call of [
      () => directory.errors('nobody', { page: 1, pageSize: 10 }),
      () => directory.error('nobody', 1),
      () => directory.activity('nobody', { limit: 10 }),
      () => directory.runs('nobody', 10),
      () => directory.explain('nobody', '1001'),
      () => directory.reprocess('nobody', { all: true }),
      () => directory.dismiss('nobody', [1]),
      () => directory.checkNow('nobody'),
      () => directory.syncNow('nobody'),
    ]) {
      await expect(call()).rejects.toThrow(UnknownTenantError);
    }
  });
});
