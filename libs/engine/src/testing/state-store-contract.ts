/// <reference types="jest" />
/**
 * The StateStore conformance suite: the protocol every store keeps, run against each
 * implementation by its package's spec (libs/store-sqlite/src/sqlite-state-store.spec.ts,
 * libs/store-postgres/src/postgres-state-store.spec.ts). Each test works on a tenant of its own;
 * opening the same tenant again gives a second connection to the same state, which is how a test
 * sees what is committed.
 */
import type { Clock } from '@koppelwerk/core';
import { acquireRunLock, describeLockHolder } from '../run-lock';
import { erasedErrorMessage } from '../store-support/retention-period';
import type { StateStore } from '../state-store';
import { describeStateStoreTexts } from './state-store-texts-contract';

export interface ContractStoreOptions {
  clock?: Clock;
  isProcessAlive?: (pid: number) => boolean;
  retainDays?: number;
}

/** Opens the store of `tenant`; the same tenant again opens the same state through another connection. */
export type OpenContractStore = (tenant: string, options: ContractStoreOptions) => Promise<StateStore>;

export class FixedClock implements Clock {
  constructor(public time = Date.parse('2025-03-01T10:00:00Z')) {}
  now(): Date {
    return new Date(this.time);
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

const DAY = 24 * 60 * 60 * 1000;

export const contractIntent = {
  documentKey: 'order:1',
  kind: 'sales-order',
  invoiceNumber: 'W-1',
  payloadHash: 'h1',
  bookingJson: '{}',
  mappingVersion: 'm1',
  runId: 'run-1',
};
const intent = contractIntent;

export function describeStateStoreContract(name: string, openStore: OpenContractStore): void {
  describe(`${name} keeps the StateStore contract`, () => {
    let opened: StateStore[] = [];
    let tenantCount = 0;
    let tenant = '';
    beforeEach(() => {
      tenant = `contract-${++tenantCount}`;
    });
    afterEach(async () => {
      for (const store of opened.reverse()) await store.close();
      opened = [];
    });
    /** This test's tenant (or another one), opened once more. */
    const open = async (options: ContractStoreOptions = {}, name = tenant) => {
      const store = await openStore(name, options);
      opened.push(store);
      return store;
    };
    const actions = async (store: StateStore) => (await store.listActivity({ limit: 1000 })).map((a) => a.action).reverse();

    it('writes activity rows with the next state of the document, in order, and the rest on close', async () => {
      const store = await open();
      const other = await open();
      await store.logActivity({ subject: 'document', action: 'fetched', documentKey: 'order:1' });
      await store.logActivity({ subject: 'document', action: 'mapped', documentKey: 'order:1' });
      expect(await actions(other)).toEqual([]); // not yet committed: the intent brings them
      await store.recordIntent(intent);
      expect(await actions(other)).toEqual(['fetched', 'mapped']);
      await store.recordBooked({ documentKey: 'order:1', kind: 'sales-order', sinkId: 'M-1', acknowledgeRequired: true, runId: 'run-1' });
      await store.logActivity({ subject: 'document', action: 'acknowledged', documentKey: 'order:1' });
      await store.close();
      expect(await actions(other)).toEqual(['fetched', 'mapped', 'booked', 'acknowledged']);
    });

    it('commits intents and bookings asked for in the same turn together, before any of them resolves; one refused fails alone', async () => {
      const store = await open();
      const other = await open();
      await store.recordIntent({ ...intent, documentKey: 'order:0' });
      await store.recordBooked({ documentKey: 'order:0', kind: intent.kind, sinkId: 'M-0', acknowledgeRequired: false, runId: 'run-1' });
      const states = async () => (await other.listLedger()).map((row) => ({ key: row.documentKey, state: row.state }));
      const seen: unknown[] = [];
      const asked = [1, 2, 3].map((n) => store.recordIntent({ ...intent, documentKey: `order:${n}` }).then(async () => seen.push(await states())));
      const refused = expect(store.recordIntent({ ...intent, documentKey: 'order:0' })).rejects.toThrow(/already booked/);
      await Promise.all(asked);
      await refused;
      // Each promise resolved with all three intents committed, as another connection reads them.
      const all = [{ key: 'order:0', state: 'booked' }, ...[1, 2, 3].map((n) => ({ key: `order:${n}`, state: 'in-doubt' }))];
      expect(seen).toEqual([all, all, all]);
    });

    it('keeps one ledger row per document and kind', async () => {
      const store = await open();
      await store.recordIntent(intent);
      await store.recordIntent({ ...intent, payloadHash: 'h2' });
      await store.recordIntent({ ...intent, kind: 'sales-credit-note' });
      const rows = await store.listLedger();
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({ state: 'in-doubt', payloadHash: 'h2', attempts: 2, invoiceNumber: 'W-1', bookingJson: '{}', mappingVersion: 'm1' });
      expect((await store.listLedger({ invoiceNumber: 'W-1', state: 'in-doubt' })).length).toBe(2);
      expect(await store.listLedger({ state: 'booked' })).toEqual([]);
    });

    it('records pending work without losing what is known, and never turns a booked document back into pending, in doubt or failed', async () => {
      const store = await open();
      await store.recordPending({ documentKey: 'order:2', kind: intent.kind, invoiceNumber: 'W-2', payloadHash: 'h', bookingJson: '{"a":1}', mappingVersion: 'm1' });
      await store.recordPending({ documentKey: 'order:2', kind: intent.kind });
      expect(await store.getLedgerEntry({ documentKey: 'order:2', kind: intent.kind })).toMatchObject({ state: 'pending', invoiceNumber: 'W-2', bookingJson: '{"a":1}' });

      await store.recordIntent(intent);
      await store.recordBooked({ ...intent, sinkId: 'M-1', acknowledgeRequired: false });
      await expect(store.recordIntent(intent)).rejects.toThrow(/already booked/);
      await store.recordPending(intent);
      await store.recordParked({ documentKey: intent.documentKey, kind: intent.kind, raw: {}, recordJson: null, error: { errorClass: 'record', message: 'x' }, runId: 'r' });
      const booked = await store.getLedgerEntry(intent);
      expect(booked).toMatchObject({ state: 'booked', sinkId: 'M-1', awaitingAcknowledge: false, attempts: 1 });
      expect(booked?.bookedAt).toEqual(expect.any(String));
      expect(await store.getLedgerEntry({ documentKey: 'order:404', kind: intent.kind })).toBeNull();
    });

    it('turns a booked document back into pending only for a rebook, logging the old sink id, and then books it again', async () => {
      const store = await open();
      const rebook = { documentKey: intent.documentKey, kind: intent.kind, runId: 'run-9', message: 'to be booked again', messageCode: 'ACT_REBOOK', messageParams: { sinkId: 'M-1', invoiceNumber: 'W-1' } };
      // Not booked yet: nothing to book again.
      expect(await store.recordRebook(rebook)).toBe(false);
      await store.recordIntent(intent);
      expect(await store.recordRebook(rebook)).toBe(false);
      await store.recordBooked({ ...intent, sinkId: 'M-1', acknowledgeRequired: true });
      expect(await store.recordRebook(rebook)).toBe(true);
      expect(await store.getLedgerEntry(intent)).toMatchObject({ state: 'pending', sinkId: null, bookedAt: null, awaitingAcknowledge: false, bookingJson: intent.bookingJson });
      expect(await store.recordRebook(rebook)).toBe(false);
      const [logged] = await store.listActivity({ documentKey: intent.documentKey, limit: 1 });
      expect(logged).toMatchObject({ action: 'rebook', sinkRef: 'M-1', runId: 'run-9', code: 'ACT_REBOOK', params: { sinkId: 'M-1', invoiceNumber: 'W-1' } });
      // The write that follows is an ordinary one: intent, booked with the new id.
      await store.recordIntent({ ...intent, runId: 'run-9' });
      await store.recordBooked({ ...intent, sinkId: 'M-2', acknowledgeRequired: false, runId: 'run-9' });
      expect(await store.getLedgerEntry(intent)).toMatchObject({ state: 'booked', sinkId: 'M-2', attempts: 2 });
    });

    it('parks a document once, counts attempts, and resolves the entry when the document is booked', async () => {
      const store = await open();
      const park = {
        documentKey: 'order:7',
        kind: 'sales-order',
        raw: { id: 7, total: '12.10' },
        recordJson: '{"number":"7"}',
        error: { errorClass: 'record' as const, code: 'MAP_UNMAPPED_VAT', message: 'no VAT code for 7%', field: 'lines[0].vatRate', hint: 'add 7' },
        runId: 'run-1',
      };
      const id = await store.recordParked(park);
      expect(await store.recordParked({ ...park, raw: undefined, recordJson: null, runId: 'run-2' })).toBe(id);
      const [entry] = await store.listErrors();
      expect(entry).toMatchObject({ id, attempts: 2, errorClass: 'record', field: 'lines[0].vatRate', hint: 'add 7', rawJson: '{"id":7,"total":"12.10"}', recordJson: '{"number":"7"}' });
      expect(entry.resolvedAt).toBeNull();
      expect(await store.listErrors({ errorClass: 'rejected' })).toEqual([]);
      expect(await store.listErrors({ ids: [] })).toEqual([]);
      expect((await store.listErrors({ ids: [id], documentKey: 'order:7' })).map((e) => e.id)).toEqual([id]);
      expect((await store.getLedgerEntry(park))?.state).toBe('failed');
      const unreadable = await store.recordParked({ ...park, documentKey: 'order:8', kind: null, raw: '<garbage>' });
      expect(await store.getLedgerEntry({ documentKey: 'order:8', kind: 'sales-order' })).toBeNull();
      expect(await store.countOpenErrors()).toBe(2);

      await store.recordIntent({ ...intent, documentKey: 'order:7' });
      await store.recordBooked({ documentKey: 'order:7', kind: 'sales-order', sinkId: 'M-9', acknowledgeRequired: true, runId: 'run-3' });
      expect(await store.countOpenErrors()).toBe(1);
      expect((await store.listErrors({ includeResolved: true }))[0]).toMatchObject({ id, resolution: 'booked' });
      expect((await store.listAwaitingAcknowledge()).map((e) => e.documentKey)).toEqual(['order:7']);
      await store.recordAcknowledged({ documentKey: 'order:7', kind: 'sales-order' });
      expect(await store.listAwaitingAcknowledge()).toEqual([]);
      const log = await store.listActivity({ documentKey: 'order:7' });
      expect(log.map((a) => a.action)).toEqual(['booked', 'failed', 'failed']);
      expect(log[0]).toMatchObject({ sinkRef: 'M-9', runId: 'run-3' });
      expect(log[1].message).toBe('record MAP_UNMAPPED_VAT: no VAT code for 7%');

      expect(await store.resolveError(unreadable, 'dismissed')).toBe(true);
      expect(await store.resolveError(unreadable, 'dismissed')).toBe(false);
      expect(await store.countOpenErrors()).toBe(0);
    });

    it('lists activity by document, relation and run, newest first, up to a limit', async () => {
      const store = await open();
      await store.logActivity({ subject: 'relation', action: 'created', relationCode: 'K1', runId: 'run-1', message: 'Bakkerij' });
      await store.logActivity({ subject: 'document', action: 'fetched', documentKey: 'order:1', runId: 'run-1' });
      await store.logActivity({ subject: 'document', action: 'warning', documentKey: 'order:1', runId: 'run-2', message: 'no e-mail' });
      expect((await store.listActivity({ relationCode: 'K1' }))[0]).toMatchObject({ subject: 'relation', action: 'created', message: 'Bakkerij' });
      expect((await store.listActivity({ documentKey: 'order:1' })).map((a) => a.action)).toEqual(['warning', 'fetched']);
      expect((await store.listActivity({ runId: 'run-1' })).map((a) => a.action)).toEqual(['fetched', 'created']);
      expect((await store.listActivity({ limit: 1 })).map((a) => a.action)).toEqual(['warning']);
      expect((await store.listActivity())[0].at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it('remembers the dots and the run history', async () => {
      const clock = new FixedClock();
      const store = await open({ clock });
      await store.saveCheck('sink', { ok: false, reason: 'credentials refused', hint: 'save new security codes', errorClass: 'authentication', details: ['code 1'] });
      expect(await store.getChecks()).toEqual([
        { side: 'sink', ok: false, reason: 'credentials refused', hint: 'save new security codes', errorClass: 'authentication', details: ['code 1'], checkedAt: '2025-03-01T10:00:00.000Z' },
      ]);
      await store.saveCheck('source', { ok: true });
      await store.saveCheck('sink', { ok: true });
      expect((await store.getChecks()).map((c) => [c.side, c.ok])).toEqual([['sink', true], ['source', true]]);

      await store.startRun({ runId: 'run-1', mode: 'sync' });
      clock.advance(1_000);
      await store.startRun({ runId: 'run-2', mode: 'retry' });
      const counts = { read: 3, booked: 2, skipped: 0, parked: 1, stillParked: 0, pending: 0, settled: 0, acknowledged: 0, relationsCreated: 1 };
      await store.finishRun('run-1', { counts, outcome: 'parked', exitCode: 1, message: 'one parked' });
      const runs = await store.listRuns();
      expect(runs.map((r) => r.runId)).toEqual(['run-2', 'run-1']);
      expect(runs[1]).toEqual({ runId: 'run-1', mode: 'sync', startedAt: '2025-03-01T10:00:00.000Z', endedAt: '2025-03-01T10:00:01.000Z', counts, outcome: 'parked', exitCode: 1, message: 'one parked' });
      expect(runs[0]).toMatchObject({ endedAt: null, counts: null, outcome: null, exitCode: null });
      expect(await store.listRuns(1)).toHaveLength(1);
    });

    it("forgets the cursors and one side's dot when a side is disconnected, and keeps the rest", async () => {
      const store = await open();
      await store.saveCursor('documents', 'page-7');
      await store.saveCursor('relations', 'r-2');
      await store.saveCursor('documents', 'page-8');
      await store.saveCheck('source', { ok: true });
      await store.saveCheck('sink', { ok: false, reason: 'credentials refused' });
      await store.recordIntent(intent);
      expect(await store.getCursor('documents')).toBe('page-8');
      expect((await store.listCursors()).map((c) => [c.stream, c.cursor])).toEqual([['documents', 'page-8'], ['relations', 'r-2']]);

      expect(await store.forgetCursors()).toBe(2);
      expect(await store.getCursor('documents')).toBeNull();
      expect(await store.listCursors()).toEqual([]);
      expect(await store.forgetCheck('sink')).toBe(true);
      expect(await store.forgetCheck('sink')).toBe(false);
      expect((await store.getChecks()).map((c) => c.side)).toEqual(['source']);
      expect(await store.getLedgerEntry(intent)).toMatchObject({ state: 'in-doubt' });
    });

    it('removes personal data of finished documents after retainDays at the end of a run, and keeps what is open, pending or in doubt', async () => {
      const clock = new FixedClock();
      const store = await open({ clock, retainDays: 30 });
      const booking = '{"relation":{"name":"Anneke Brouwer"}}';
      await store.recordIntent({ ...intent, bookingJson: booking });
      await store.recordBooked({ ...intent, sinkId: 'M-1', acknowledgeRequired: false });
      const parked = { kind: 'sales-order', raw: { name: 'Rutger' }, recordJson: '{"name":"Rutger"}', error: { errorClass: 'rejected' as const, message: 'refused', hint: 'h' }, runId: 'r' };
      const dismissed = await store.recordParked({ ...parked, documentKey: 'order:2' });
      await store.resolveError(dismissed, 'dismissed');
      await store.recordParked({ ...parked, documentKey: 'order:3' });
      await store.recordPending({ documentKey: 'order:4', kind: 'sales-order', bookingJson: booking });
      await store.recordIntent({ ...intent, documentKey: 'order:5', bookingJson: booking });
      await store.logActivity({ subject: 'relation', action: 'created', relationCode: 'K1', message: 'Anneke Brouwer' });
      await store.logActivity({ subject: 'document', action: 'warning', documentKey: 'order:3', message: 'Rutger' });
      const finishRun = async (runId: string) => {
        await store.startRun({ runId, mode: 'sync' });
        await store.finishRun(runId, { counts: { read: 0, booked: 0, skipped: 0, parked: 0, stillParked: 0, pending: 0, settled: 0, acknowledged: 0, relationsCreated: 0 }, outcome: 'ok', exitCode: 0 });
      };

      clock.advance(29 * DAY);
      await finishRun('run-a');
      expect((await store.getLedgerEntry(intent))?.bookingJson).toBe(booking);

      clock.advance(2 * DAY);
      await finishRun('run-b');
      expect(await store.getLedgerEntry(intent)).toMatchObject({ bookingJson: null, sinkId: 'M-1', payloadHash: 'h1', invoiceNumber: 'W-1', state: 'booked' });
      const errors = await store.listErrors({ includeResolved: true });
      expect(errors.find((e) => e.documentKey === 'order:2')).toMatchObject({ rawJson: null, recordJson: null, hint: undefined, message: erasedErrorMessage(30), resolution: 'dismissed' });
      expect(errors.find((e) => e.documentKey === 'order:3')).toMatchObject({ rawJson: '{"name":"Rutger"}', recordJson: '{"name":"Rutger"}', message: 'refused' });
      for (const key of ['order:4', 'order:5']) expect((await store.getLedgerEntry({ documentKey: key, kind: 'sales-order' }))?.bookingJson).toBe(booking);
      expect((await store.listActivity({ relationCode: 'K1' }))[0].message).toBeUndefined();
      expect((await store.listActivity({ documentKey: 'order:3' })).map((a) => a.message)).toContain('Rutger');
    });

    it("pages through the error queue by id, finds text in the key, code or message, and counts what matches", async () => {
      const store = await open();
      const park = (n: number, errorClass: 'record' | 'rejected', code: string, message: string) =>
        store.recordParked({ documentKey: `order:${n}`, kind: 'sales-order', raw: {}, recordJson: null, error: { errorClass, code, message }, runId: 'r' });
      const ids: number[] = [];
      for (let n = 1; n <= 7; n++) ids.push(await park(n, n % 2 ? 'record' : 'rejected', n % 2 ? 'MAP_UNMAPPED_VAT' : 'EB_CLOSED_PERIOD', `Boekjaar 2024 50%_off #${n}`));
      await store.resolveError(ids[2], 'dismissed');
      const keys = (entries: { documentKey: string }[]) => entries.map((e) => e.documentKey);

      expect(keys(await store.listErrors({ limit: 2 }))).toEqual(['order:1', 'order:2']);
      expect(keys(await store.listErrors({ limit: 2, offset: 2 }))).toEqual(['order:4', 'order:5']);
      expect(keys(await store.listErrors({ offset: 5 }))).toEqual(['order:7']);
      expect(await store.listErrors({ limit: 2, offset: 6 })).toEqual([]);
      expect(await store.countErrors()).toBe(6);
      expect(await store.countErrors({ includeResolved: true })).toBe(7);
      expect(keys(await store.listErrors({ errorClass: 'record', limit: 2, offset: 1 }))).toEqual(['order:5', 'order:7']);
      expect(await store.countErrors({ errorClass: 'record' })).toBe(3);

      expect(keys(await store.listErrors({ text: 'ORDER:4' }))).toEqual(['order:4']); // the key
      expect(await store.countErrors({ text: 'closed_period' })).toBe(3); // the code
      expect(keys(await store.listErrors({ text: 'boekJAAR', errorClass: 'record', includeResolved: true }))).toEqual(['order:1', 'order:3', 'order:5', 'order:7']);
      expect(await store.countErrors({ text: '%' })).toBe(6); // a plain character
      expect(await store.countErrors({ text: '50%_off #6' })).toBe(1);
      expect(await store.countErrors({ text: '0_o' })).toBe(0); // `_` is no wildcard
      expect(await store.countErrors({ text: 'no such text' })).toBe(0);
      expect(await store.countErrors({ ids: [] })).toBe(0);
      expect(await store.countErrors({ ids: [ids[0], ids[2]] })).toBe(1);
    });

    it('searches the activity log in keys, relation codes and messages, and pages back from an id', async () => {
      const store = await open();
      await store.logActivity({ subject: 'document', action: 'fetched', documentKey: 'order:1001' });
      await store.logActivity({ subject: 'relation', action: 'created', relationCode: 'DEB-ANNE', message: 'Anneke Brouwer' });
      await store.logActivity({ subject: 'document', action: 'booked', documentKey: 'order:1001', sinkRef: 'M-1', message: 'geboekt' });
      await store.logActivity({ subject: 'document', action: 'failed', documentKey: 'order:1002', message: 'record: no VAT rule for order:1001' });
      const all = await store.listActivity();
      expect(all.map((a) => a.action)).toEqual(['failed', 'booked', 'created', 'fetched']);
      expect((await store.listActivity({ search: 'ORDER:1001' })).map((a) => a.action)).toEqual(['failed', 'booked', 'fetched']);
      expect((await store.listActivity({ search: 'deb-anne' })).map((a) => a.action)).toEqual(['created']);
      expect((await store.listActivity({ search: 'brouwer' })).map((a) => a.relationCode)).toEqual(['DEB-ANNE']);
      expect(await store.listActivity({ search: '%' })).toEqual([]);
      const firstPage = await store.listActivity({ limit: 2 });
      const nextPage = await store.listActivity({ limit: 2, beforeId: firstPage[1].id });
      expect(nextPage.map((a) => a.action)).toEqual(['created', 'fetched']);
      expect(await store.listActivity({ beforeId: nextPage[1].id })).toEqual([]);
      expect((await store.listActivity({ search: '1001', beforeId: all[0].id, limit: 1 })).map((a) => a.action)).toEqual(['booked']);
    });

    describe('run lock', () => {
      const first = { runId: 'run-1', pid: 1001, host: 'box' };
      const second = { runId: 'run-2', pid: 1002, host: 'box' };

      it('lets one run in and refuses a second one with a clear message', async () => {
        const store = await open({ isProcessAlive: () => true });
        expect(await store.acquireLock(first, 60_000)).toEqual({ acquired: true });
        expect(await store.acquireLock(first, 60_000)).toEqual({ acquired: true }); // its own lock again
        const refused = await store.acquireLock(second, 60_000);
        expect(refused.acquired).toBe(false);
        if (!refused.acquired) expect(describeLockHolder(refused.holder)).toMatch(/another run of this tenant is busy \(run run-1, process 1001 on box/);
        expect(await store.getLock()).toMatchObject(first);
        await store.releaseLock('run-2'); // not its lock: nothing happens
        expect(await store.getLock()).toMatchObject(first);
        await store.releaseLock('run-1');
        expect(await store.getLock()).toBeNull();
        expect((await store.acquireLock(second, 60_000)).acquired).toBe(true);
      });

      it('takes over a lock whose heartbeat expired, but not one that is renewed', async () => {
        const clock = new FixedClock();
        const store = await open({ clock, isProcessAlive: () => true });
        await store.acquireLock({ ...first, host: 'other-box' }, 60_000);
        clock.advance(50_000);
        expect(await store.renewLock('run-1', 60_000)).toBe(true);
        expect(await store.getLock()).toMatchObject({ heartbeatAt: '2025-03-01T10:00:50.000Z', expiresAt: '2025-03-01T10:01:50.000Z', acquiredAt: '2025-03-01T10:00:00.000Z' });
        clock.advance(50_000);
        expect((await store.acquireLock(second, 60_000)).acquired).toBe(false);
        clock.advance(11_000);
        const taken = await store.acquireLock(second, 60_000);
        expect(taken).toMatchObject({ acquired: true, takenOver: { runId: 'run-1', host: 'other-box', reason: expect.stringMatching(/expired/) } });
        expect(await store.renewLock('run-1', 60_000)).toBe(false);
        expect(await store.getLock()).toMatchObject({ ...second, acquiredAt: '2025-03-01T10:01:51.000Z' });
      });

      it('takes over at once from a run whose process on this host is gone', async () => {
        const store = await open({ isProcessAlive: (pid) => pid !== 1001 });
        await store.acquireLock(first, 60_000);
        expect(await store.acquireLock(second, 60_000)).toMatchObject({ acquired: true, takenOver: { reason: expect.stringMatching(/1001 .* gone/) } });
      });

      it('waits for a busy lock up to a timeout', async () => {
        const clock = new FixedClock();
        const store = await open({ clock, isProcessAlive: () => true });
        await store.acquireLock(first, 600_000);
        const sleep = async (ms: number) => {
          clock.advance(ms);
          if (clock.time >= Date.parse('2025-03-01T10:00:03Z')) await store.releaseLock('run-1');
        };
        expect((await acquireRunLock(store, second, { waitMs: 10_000, pollMs: 1_000, clock, sleep })).acquired).toBe(true);
        const gaveUp = await acquireRunLock(store, first, { waitMs: 2_000, pollMs: 1_000, clock, sleep: async (ms) => clock.advance(ms) });
        expect(gaveUp.acquired).toBe(false);
      });

      it('is shared between two connections, and exactly one of many racing runs wins it', async () => {
        const a = await open({ isProcessAlive: () => true });
        const b = await open({ isProcessAlive: () => true });
        expect((await a.acquireLock(first, 60_000)).acquired).toBe(true);
        expect((await b.acquireLock(second, 60_000)).acquired).toBe(false);
        await a.releaseLock('run-1');
        const racers = [a, b, a, b].map((store, n) => store.acquireLock({ runId: `racer-${n}`, pid: 2000 + n, host: 'box' }, 60_000));
        expect((await Promise.all(racers)).filter((attempt) => attempt.acquired)).toHaveLength(1);
      });
    });
  });
  describeStateStoreTexts(name, openStore);
}
