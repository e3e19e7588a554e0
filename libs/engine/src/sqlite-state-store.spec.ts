import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '@koppelwerk/core';
import { acquireRunLock, describeLockHolder } from './run-lock';
import { SqliteStateStore } from './sqlite-state-store';
import { STATE_MIGRATIONS, type Migration } from './state-migrations';

class FixedClock implements Clock {
  constructor(public time = Date.parse('2025-03-01T10:00:00Z')) {}
  now(): Date {
    return new Date(this.time);
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

const tmpDirs: string[] = [];
function tmpFile(name = 'tenant.sqlite'): string {
  const dir = mkdtempSync(join(tmpdir(), 'engine-store-'));
  tmpDirs.push(dir);
  return join(dir, name);
}
afterAll(() => tmpDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const intent = {
  documentKey: 'order:1',
  kind: 'sales-order',
  invoiceNumber: 'W-1',
  payloadHash: 'h1',
  bookingJson: '{}',
  mappingVersion: 'm1',
  runId: 'run-1',
};

describe('SqliteStateStore', () => {
  it('creates its schema by itself in a file per tenant, in WAL mode', async () => {
    const path = SqliteStateStore.pathFor(join(tmpFile(), '..', 'state'), 'bakkerij-de-vries');
    const store = new SqliteStateStore({ path });
    expect(store.schemaVersion).toBe(STATE_MIGRATIONS.length);
    await store.saveCursor('orders', 'c-42');
    await store.close();

    const raw = new Database(path);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    const reopened = new SqliteStateStore({ path });
    expect(await reopened.getCursor('orders')).toBe('c-42');
    await reopened.close();
  });

  it('writes activity rows with the next state of the document, in order, and the rest on close', async () => {
    const path = SqliteStateStore.pathFor(join(tmpFile(), '..', 'state'), 'activity-shop');
    const store = new SqliteStateStore({ path });
    const other = new Database(path, { readonly: true });
    const actions = () => (other.prepare('SELECT action FROM activity ORDER BY id').all() as { action: string }[]).map((row) => row.action);
    await store.logActivity({ subject: 'document', action: 'fetched', documentKey: 'order:1' });
    await store.logActivity({ subject: 'document', action: 'mapped', documentKey: 'order:1' });
    expect(actions()).toEqual([]); // not yet committed: the intent brings them
    await store.recordIntent(intent);
    expect(actions()).toEqual(['fetched', 'mapped']);
    await store.recordBooked({ documentKey: 'order:1', kind: 'sales-order', sinkId: 'M-1', acknowledgeRequired: true, runId: 'run-1' });
    await store.logActivity({ subject: 'document', action: 'acknowledged', documentKey: 'order:1' });
    await store.close();
    expect(actions()).toEqual(['fetched', 'mapped', 'booked', 'acknowledged']);
    other.close();
  });

  it('commits intents and bookings asked for in the same turn together, on disk before any of them resolves; one that fails fails alone', async () => {
    const path = SqliteStateStore.pathFor(join(tmpFile(), '..', 'state'), 'group-shop');
    const store = new SqliteStateStore({ path });
    await store.recordIntent({ ...intent, documentKey: 'order:0' });
    await store.recordBooked({ documentKey: 'order:0', kind: intent.kind, sinkId: 'M-0', acknowledgeRequired: false, runId: 'run-1' });
    const other = new Database(path, { readonly: true });
    const states = () => other.prepare('SELECT document_key AS key, state FROM ledger ORDER BY id').all();
    const seen: unknown[] = [];
    const asked = [1, 2, 3].map((n) => store.recordIntent({ ...intent, documentKey: `order:${n}` }).then(() => seen.push(states())));
    const refused = store.recordIntent({ ...intent, documentKey: 'order:0' }); // already booked
    expect(states()).toHaveLength(1); // nothing written yet: the group commits after this turn
    await Promise.all(asked);
    await expect(refused).rejects.toThrow(/already booked/);
    // Every promise saw all three intents on disk, as the other connection reads the file.
    for (const view of seen) expect(view).toEqual([{ key: 'order:0', state: 'booked' }, ...[1, 2, 3].map((n) => ({ key: `order:${n}`, state: 'in-doubt' }))]);
    other.close();
    await store.close();
  });

  it('refuses a tenant name that is not a plain file name', () => {
    expect(() => SqliteStateStore.pathFor('state', '../other')).toThrow(/cannot be a file name/);
  });

  it('upgrades an older database in place and keeps its data', async () => {
    const path = tmpFile();
    const v1 = new SqliteStateStore({ path, migrations: STATE_MIGRATIONS.slice(0, 1) });
    await v1.recordIntent(intent);
    await v1.close();

    const next: Migration = { version: 2, description: 'test column', sql: 'ALTER TABLE ledger ADD COLUMN note TEXT;' };
    const v2 = new SqliteStateStore({ path, migrations: [...STATE_MIGRATIONS.slice(0, 1), next] });
    expect(v2.schemaVersion).toBe(2);
    expect((await v2.getLedgerEntry(intent))?.state).toBe('in-doubt');
    await v2.close();

    expect(() => new SqliteStateStore({ path, migrations: STATE_MIGRATIONS.slice(0, 1) })).toThrow(/newer than this version/);
  });

  it('keeps one ledger row per document and kind', async () => {
    const store = new SqliteStateStore({ path: ':memory:' });
    await store.recordIntent(intent);
    await store.recordIntent({ ...intent, payloadHash: 'h2' });
    await store.recordIntent({ ...intent, kind: 'sales-credit-note' });
    const rows = await store.listLedger();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ state: 'in-doubt', payloadHash: 'h2', attempts: 2 });
  });

  it('never turns a booked document back into pending, in doubt or failed', async () => {
    const store = new SqliteStateStore({ path: ':memory:' });
    await store.recordIntent(intent);
    await store.recordBooked({ ...intent, sinkId: 'M-1', acknowledgeRequired: false });
    await expect(store.recordIntent(intent)).rejects.toThrow(/already booked/);
    await store.recordPending(intent);
    await store.recordParked({ documentKey: intent.documentKey, kind: intent.kind, raw: {}, recordJson: null, error: { errorClass: 'record', message: 'x' }, runId: 'r' });
    expect(await store.getLedgerEntry(intent)).toMatchObject({ state: 'booked', sinkId: 'M-1' });
  });

  it('parks a document once, counts attempts, and resolves the entry when the document is booked', async () => {
    const store = new SqliteStateStore({ path: ':memory:' });
    const park = {
      documentKey: 'order:7',
      kind: 'sales-order',
      raw: { id: 7, total: '12.10' },
      recordJson: '{"number":"7"}',
      error: { errorClass: 'record' as const, code: 'MAP_UNMAPPED_VAT', message: 'no VAT code for 7%', field: 'lines[0].vatRate' },
      runId: 'run-1',
    };
    const id = await store.recordParked(park);
    expect(await store.recordParked({ ...park, runId: 'run-2' })).toBe(id);
    const [entry] = await store.listErrors();
    expect(entry).toMatchObject({ id, attempts: 2, errorClass: 'record', field: 'lines[0].vatRate', rawJson: '{"id":7,"total":"12.10"}' });
    expect(await store.listErrors({ errorClass: 'rejected' })).toEqual([]);
    expect((await store.getLedgerEntry(park))?.state).toBe('failed');

    await store.recordIntent({ ...intent, documentKey: 'order:7' });
    await store.recordBooked({ documentKey: 'order:7', kind: 'sales-order', sinkId: 'M-9', acknowledgeRequired: true, runId: 'run-3' });
    expect(await store.countOpenErrors()).toBe(0);
    expect((await store.listErrors({ includeResolved: true }))[0]).toMatchObject({ resolution: 'booked' });
    expect((await store.listAwaitingAcknowledge()).map((e) => e.documentKey)).toEqual(['order:7']);
    const log = await store.listActivity({ documentKey: 'order:7' });
    expect(log.map((a) => a.action)).toEqual(['booked', 'failed', 'failed']);
    expect(log[0].sinkRef).toBe('M-9');
  });

  it('remembers the dots and the run history', async () => {
    const store = new SqliteStateStore({ path: ':memory:' });
    await store.saveCheck('sink', { ok: false, reason: 'credentials refused', hint: 'save new security codes', errorClass: 'authentication' });
    await store.saveCheck('source', { ok: true });
    await store.saveCheck('sink', { ok: true });
    expect((await store.getChecks()).map((c) => [c.side, c.ok])).toEqual([['sink', true], ['source', true]]);

    await store.startRun({ runId: 'run-1', mode: 'sync' });
    const counts = { read: 3, booked: 2, skipped: 0, parked: 1, pending: 0, settled: 0, acknowledged: 0, relationsCreated: 1 };
    await store.finishRun('run-1', { counts, outcome: 'parked', exitCode: 1 });
    expect(await store.listRuns()).toEqual([expect.objectContaining({ runId: 'run-1', counts, outcome: 'parked', exitCode: 1 })]);
  });

  it('forgets the cursors and one side\'s dot when a side is disconnected, and keeps the rest', async () => {
    const store = new SqliteStateStore({ path: ':memory:' });
    await store.saveCursor('documents', 'page-7');
    await store.saveCursor('relations', 'r-2');
    await store.saveCheck('source', { ok: true });
    await store.saveCheck('sink', { ok: false, reason: 'credentials refused' });
    await store.recordIntent(intent);
    expect((await store.listCursors()).map((c) => [c.stream, c.cursor])).toEqual([['documents', 'page-7'], ['relations', 'r-2']]);

    expect(await store.forgetCursors()).toBe(2);
    expect(await store.getCursor('documents')).toBeNull();
    expect(await store.listCursors()).toEqual([]);
    expect(await store.forgetCheck('sink')).toBe(true);
    expect(await store.forgetCheck('sink')).toBe(false);
    expect((await store.getChecks()).map((c) => c.side)).toEqual(['source']);
    expect(await store.getLedgerEntry(intent)).toMatchObject({ state: 'in-doubt' });
  });

  describe('run lock', () => {
    const first = { runId: 'run-1', pid: 1001, host: 'box' };
    const second = { runId: 'run-2', pid: 1002, host: 'box' };

    it('lets one run in and refuses a second one with a clear message', async () => {
      const store = new SqliteStateStore({ path: ':memory:', isProcessAlive: () => true });
      expect(await store.acquireLock(first, 60_000)).toEqual({ acquired: true });
      const refused = await store.acquireLock(second, 60_000);
      expect(refused.acquired).toBe(false);
      if (!refused.acquired) expect(describeLockHolder(refused.holder)).toMatch(/another run of this tenant is busy \(run run-1, process 1001 on box/);
      await store.releaseLock('run-1');
      expect((await store.acquireLock(second, 60_000)).acquired).toBe(true);
    });

    it('takes over a lock whose heartbeat expired, but not one that is renewed', async () => {
      const clock = new FixedClock();
      const store = new SqliteStateStore({ path: ':memory:', clock, isProcessAlive: () => true });
      await store.acquireLock({ ...first, host: 'other-box' }, 60_000);
      clock.advance(50_000);
      expect(await store.renewLock('run-1', 60_000)).toBe(true);
      clock.advance(50_000);
      expect((await store.acquireLock(second, 60_000)).acquired).toBe(false);
      clock.advance(11_000);
      const taken = await store.acquireLock(second, 60_000);
      expect(taken).toMatchObject({ acquired: true, takenOver: { runId: 'run-1', reason: expect.stringMatching(/expired/) } });
      expect(await store.renewLock('run-1', 60_000)).toBe(false);
    });

    it('takes over at once from a run whose process on this host is gone', async () => {
      const store = new SqliteStateStore({ path: ':memory:', isProcessAlive: (pid) => pid !== 1001 });
      await store.acquireLock(first, 60_000);
      expect(await store.acquireLock(second, 60_000)).toMatchObject({ acquired: true, takenOver: { reason: expect.stringMatching(/1001 .* gone/) } });
    });

    it('waits for a busy lock up to a timeout', async () => {
      const clock = new FixedClock();
      const store = new SqliteStateStore({ path: ':memory:', clock, isProcessAlive: () => true });
      await store.acquireLock(first, 600_000);
      const sleep = async (ms: number) => {
        clock.advance(ms);
        if (clock.time >= Date.parse('2025-03-01T10:00:03Z')) await store.releaseLock('run-1');
      };
      expect((await acquireRunLock(store, second, { waitMs: 10_000, pollMs: 1_000, clock, sleep })).acquired).toBe(true);

      const gaveUp = await acquireRunLock(store, first, { waitMs: 2_000, pollMs: 1_000, clock, sleep: async (ms) => clock.advance(ms) });
      expect(gaveUp.acquired).toBe(false);
    });

    it('is shared between two connections to the same file', async () => {
      const path = tmpFile();
      const a = new SqliteStateStore({ path, isProcessAlive: () => true });
      const b = new SqliteStateStore({ path, isProcessAlive: () => true });
      expect((await a.acquireLock(first, 60_000)).acquired).toBe(true);
      expect((await b.acquireLock(second, 60_000)).acquired).toBe(false);
      await a.close();
      await b.close();
    });
  });
});
