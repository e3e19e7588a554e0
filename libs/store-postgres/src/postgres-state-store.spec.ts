import { Pool } from 'pg';
import { MemoryLogger, Redactor } from '@koppelwerk/core';
import { createTestDatabase, describeWithPostgres, TEST_DATABASE_URL_VARIABLE } from '@koppelwerk/testing';
import { SyncEngine } from '@koppelwerk/engine';
import { contractIntent as intent, describeStateStoreContract, FakeBookkeeping, FakeMapper, FakeShop, FakeSink, FakeSource, FixedClock } from '@koppelwerk/engine/testing';
import { PostgresStateStore } from './postgres-state-store';
import { POSTGRES_STATE_MIGRATIONS } from './postgres-state-migrations';

const DAY = 24 * 60 * 60 * 1000;

describeWithPostgres('PostgresStateStore', (database) => {
  let pool: Pool;
  beforeAll(() => {
    pool = new Pool({ connectionString: database().url, max: 6 });
    pool.on('error', () => undefined); // the database is dropped under idle connections at the end
  });
  afterAll(() => pool.end());

  describeStateStoreContract('PostgresStateStore', (tenant, options) => PostgresStateStore.open({ pool, tenant, ...options }));

  it("never shows or changes one tenant's cursors, ledger, errors, activity, runs, dots or lock to another", async () => {
    const clock = new FixedClock();
    const a = await PostgresStateStore.open({ pool, tenant: 'bakkerij-a', clock, retainDays: 1, isProcessAlive: () => true });
    const b = await PostgresStateStore.open({ pool, tenant: 'bakkerij-b', clock, retainDays: 1, isProcessAlive: () => true });
    await a.saveCursor('orders', 'page-9');
    await a.recordIntent({ ...intent, bookingJson: '{"name":"Anneke"}' });
    await a.recordBooked({ ...intent, sinkId: 'M-1', acknowledgeRequired: true });
    const parked = await a.recordParked({ documentKey: 'order:2', kind: 'sales-order', raw: { name: 'Bram' }, recordJson: null, error: { errorClass: 'record', message: 'no VAT' }, runId: 'run-a' });
    await a.logActivity({ subject: 'relation', action: 'created', relationCode: 'K1', message: 'Anneke' });
    await a.saveCheck('sink', { ok: false, reason: 'credentials refused' });
    await a.startRun({ runId: 'run-a', mode: 'sync' });
    expect((await a.acquireLock({ runId: 'run-a', pid: 1, host: 'box' }, 60_000)).acquired).toBe(true);

    // B sees nothing of A's...
    expect(await b.getCursor('orders')).toBeNull();
    expect(await b.listCursors()).toEqual([]);
    expect(await b.getLedgerEntry(intent)).toBeNull();
    expect(await b.listLedger()).toEqual([]);
    expect(await b.listAwaitingAcknowledge()).toEqual([]);
    expect(await b.listErrors({ includeResolved: true })).toEqual([]);
    expect(await b.listErrors({ ids: [parked] })).toEqual([]);
    expect(await b.countOpenErrors()).toBe(0);
    expect(await b.listActivity()).toEqual([]);
    expect(await b.getChecks()).toEqual([]);
    expect(await b.listRuns()).toEqual([]);
    expect(await b.getLock()).toBeNull();
    // ...changes nothing of A's...
    expect(await b.resolveError(parked)).toBe(false);
    expect(await b.forgetCursors()).toBe(0);
    expect(await b.forgetCheck('sink')).toBe(false);
    await b.releaseLock('run-a');
    expect(await b.renewLock('run-a', 60_000)).toBe(false);
    await b.startRun({ runId: 'run-a', mode: 'sync' }); // the same run id is B's own
    clock.advance(3 * DAY);
    await b.finishRun('run-a', { counts: { read: 0, booked: 0, skipped: 0, parked: 0, stillParked: 0, pending: 0, settled: 0, acknowledged: 0, relationsCreated: 0 }, outcome: 'ok', exitCode: 0 });
    // ...and keeps its own rows for the same document keys and lock.
    expect((await b.acquireLock({ runId: 'run-b', pid: 2, host: 'box' }, 60_000)).acquired).toBe(true);
    await b.recordIntent(intent);
    expect(await b.recordParked({ documentKey: 'order:2', kind: 'sales-order', raw: {}, recordJson: null, error: { errorClass: 'record', message: 'x' }, runId: 'run-b' })).not.toBe(parked);

    expect(await a.getCursor('orders')).toBe('page-9');
    expect(await a.getLedgerEntry(intent)).toMatchObject({ state: 'booked', sinkId: 'M-1', bookingJson: '{"name":"Anneke"}', awaitingAcknowledge: true });
    expect(await b.getLedgerEntry(intent)).toMatchObject({ state: 'in-doubt', sinkId: null });
    expect((await a.listErrors()).map((e) => [e.id, e.rawJson, e.attempts])).toEqual([[parked, '{"name":"Bram"}', 1]]);
    expect((await a.listActivity({ relationCode: 'K1' }))[0].message).toBe('Anneke');
    expect((await a.getChecks()).map((c) => c.side)).toEqual(['sink']);
    expect((await a.listRuns()).map((r) => [r.runId, r.endedAt])).toEqual([['run-a', null]]);
    expect(await a.getLock()).toMatchObject({ runId: 'run-a' });
    await a.close();
    await b.close();
  });

  it('books every order once through the engine, with the intents of concurrent documents grouped', async () => {
    const shop = new FakeShop();
    shop.addOrders(9);
    const books = new FakeBookkeeping();
    const store = await PostgresStateStore.open({ pool, tenant: 'engine-shop' });
    const run = () =>
      new SyncEngine(
        { source: new FakeSource(shop, { pageSize: 3 }), sink: new FakeSink(books), mapper: new FakeMapper(), store, logger: new MemoryLogger(), redactor: new Redactor() },
        { concurrency: 4, retry: { attempts: 2, sleep: async () => undefined, random: () => 0.5 } },
      ).sync();
    expect((await run()).counts).toMatchObject({ read: 9, booked: 9, parked: 0, pending: 0 });
    expect((await run()).counts).toMatchObject({ booked: 0 });
    expect(books.bookings.size).toBe(9);
    expect(await store.listLedger({ state: 'booked' })).toHaveLength(9);
    expect((await store.listRuns()).map((r) => r.outcome)).toEqual(['ok', 'ok']);
    expect(await store.getLock()).toBeNull();
    await store.close();
  });

  it('refuses a tenant without a name and a store without a database', async () => {
    await expect(PostgresStateStore.open({ pool, tenant: '' })).rejects.toThrow(/tenant name/);
    await expect(PostgresStateStore.open({ tenant: 'x' })).rejects.toThrow(/pool or a connectionString/);
  });

  describe('schema migrations', () => {
    it('migrates a new database once while many stores open it at once, from a URL and a tenant name', async () => {
      const fresh = await createTestDatabase(process.env[TEST_DATABASE_URL_VARIABLE]!);
      try {
        const stores = await Promise.all([1, 2, 3, 4, 5].map((n) => PostgresStateStore.open({ connectionString: fresh.url, tenant: `t${n}` })));
        expect(await stores[0].schemaVersion()).toBe(POSTGRES_STATE_MIGRATIONS.length);
        await stores[0].saveCursor('orders', 'c-1');
        for (const store of stores) await store.close();
        const check = new Pool({ connectionString: fresh.url });
        const applied = await check.query('SELECT version FROM koppelwerk_schema_migrations ORDER BY version');
        expect(applied.rows.map((row) => row.version)).toEqual(POSTGRES_STATE_MIGRATIONS.map((m) => m.version));

        // An upgrade keeps the data; an older version of Koppelwerk then refuses the database.
        const next = { version: 99, description: 'test column', sql: 'ALTER TABLE ledger ADD COLUMN note text' };
        const upgraded = await PostgresStateStore.open({ connectionString: fresh.url, tenant: 't1', migrations: [...POSTGRES_STATE_MIGRATIONS, next] });
        expect(await upgraded.schemaVersion()).toBe(99);
        expect(await upgraded.getCursor('orders')).toBe('c-1');
        await upgraded.close();
        await expect(PostgresStateStore.open({ pool: check, tenant: 't1' })).rejects.toThrow(/schema version 99, newer than this version of Koppelwerk knows/);
        await check.end();
      } finally {
        await fresh.drop();
      }
    });
  });
});
