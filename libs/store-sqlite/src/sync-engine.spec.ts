/**
 * The engine's exactly-once protocol, run on a real SQLite store: the engine package has no store
 * of its own (stores depend on the engine, never the reverse), so its protocol tests live here.
 * Retries and the error queue are in sync-engine-error-queue.spec.ts, the dry run in
 * sync-engine-dry-run.spec.ts; the tenant they share is in testing/sync-engine-tenant.ts.
 */
import { ExitCode, TransientError } from '@koppelwerk/core';
import type { ProgressEvent } from '@koppelwerk/engine';
import { CrashSwitch, FakeMapper, FakeSink } from '@koppelwerk/engine/testing';
import { SECRET, SyncEngineTenant, until } from './testing/sync-engine-tenant';

describe('SyncEngine', () => {
  it('books every order once, creates each customer once, and moves the cursor to the end', async () => {
    const tenant = new SyncEngineTenant(5);
    const events: ProgressEvent[] = [];
    const summary = await tenant.process({ engine: { concurrency: 4 } }).engine.sync({ onProgress: (e) => events.push(e) });

    expect(summary).toMatchObject({ outcome: 'ok', exitCode: ExitCode.ok, counts: { read: 5, booked: 5, skipped: 0, parked: 0, relationsCreated: 3 } });
    expect(tenant.bookedNumbers()).toEqual(tenant.allNumbers());
    expect(tenant.books.relations.size).toBe(3);
    expect(await tenant.store.getCursor('documents')).toBe('5');
    expect(events.filter((e) => e.type === 'booked')).toHaveLength(5);
    expect(events.at(-1)?.counts.booked).toBe(5);

    const ledger = await tenant.store.listLedger();
    expect(ledger.every((row) => row.state === 'booked' && row.sinkId && row.payloadHash && row.mappingVersion === 'rules-v1')).toBe(true);
    const relationLog = (await tenant.store.listActivity({ limit: 1000 })).filter((a) => a.subject === 'relation');
    expect(relationLog.map((a) => a.action).sort()).toEqual(['created', 'created', 'created']);
    expect((await tenant.store.listRuns())[0]).toMatchObject({ outcome: 'ok', exitCode: 0, counts: expect.objectContaining({ booked: 5 }) });
    expect(await tenant.store.getLock()).toBeNull();

    tenant.shop.addOrders(1);
    const next = await tenant.process().engine.sync();
    expect(next.counts).toMatchObject({ read: 1, booked: 1 });
    expect(tenant.bookedNumbers()).toEqual(tenant.allNumbers());
  });

  it('keeps sink writes within the concurrency limit', async () => {
    const tenant = new SyncEngineTenant(12);
    const sink = new FakeSink(tenant.books);
    await tenant.process({ sink, source: { pageSize: 12 }, engine: { concurrency: 3 } }).engine.sync();
    expect(tenant.bookedNumbers()).toHaveLength(12);
    expect(sink.maxInFlight).toBeLessThanOrEqual(3);
    expect(sink.maxInFlight).toBeGreaterThan(1);
  });

  describe('exactly once across a kill at any moment', () => {
    async function cleanRunCalls(concurrency: number): Promise<number> {
      const tenant = new SyncEngineTenant(5);
      const crash = new CrashSwitch();
      await tenant.process({ crash, source: { acknowledge: true }, engine: { concurrency } }).engine.sync();
      return crash.calls;
    }

    it.each([1, 4])('books each order exactly once and acknowledges it, wherever the run is killed (concurrency %i)', async (concurrency) => {
      const total = await cleanRunCalls(concurrency);
      expect(total).toBeGreaterThan(50);
      const seen = { inDoubt: 0, awaitingAcknowledge: 0, bookedBeforeCursor: 0 };
      for (let crashAfter = 1; crashAfter <= total; crashAfter++) {
        const tenant = new SyncEngineTenant(5);
        const crash = new CrashSwitch(crashAfter);
        void tenant.process({ crash, source: { acknowledge: true }, engine: { concurrency } }).engine.sync();
        await until(() => crash.crashed);
        tenant.kill();
        const left = await tenant.store.listLedger();
        if (left.some((r) => r.state === 'in-doubt')) seen.inDoubt++;
        if (left.some((r) => r.awaitingAcknowledge)) seen.awaitingAcknowledge++;
        const cursorAtKill = Number((await tenant.store.getCursor('documents')) ?? 0);
        if (left.some((r) => r.state === 'booked' && Number(r.documentKey.slice('order:'.length)) > cursorAtKill)) {
          seen.bookedBeforeCursor++;
        }

        const rerun = await tenant.process({ source: { acknowledge: true }, engine: { concurrency } }).engine.sync();
        const context = `killed after call ${crashAfter}`;
        expect([context, rerun.outcome]).toEqual([context, 'ok']);
        expect([context, tenant.books.writeAttempts.length]).toEqual([context, 5]);
        expect([context, tenant.bookedNumbers()]).toEqual([context, tenant.allNumbers()]);
        expect([context, [...tenant.shop.acknowledged.keys()].length]).toEqual([context, 5]);
        expect([context, (await tenant.store.listLedger()).filter((r) => r.state !== 'booked' || r.awaitingAcknowledge)]).toEqual([context, []]);
        expect([context, await tenant.store.getCursor('documents')]).toEqual([context, '5']);
      }
      // The kills really hit the dangerous windows.
      expect(seen.inDoubt).toBeGreaterThan(0);
      expect(seen.awaitingAcknowledge).toBeGreaterThan(0);
      expect(seen.bookedBeforeCursor).toBeGreaterThan(0);
    });
  });

  it('settles a write that reached the sink before the kill by asking the sink, without writing again', async () => {
    const tenant = new SyncEngineTenant(1);
    // Calls: getChecks, listLedger, listAwaitingAcknowledge, getCursor, read..., then the document:
    // kill right after bookJournalEntry returned, before the ledger knows.
    const crash = new CrashSwitch();
    const sink = new FakeSink(tenant.books);
    const write = sink.bookJournalEntry.bind(sink);
    sink.bookJournalEntry = async (entry) => {
      const result = await write(entry);
      crash.crashed = true;
      return result;
    };
    void tenant.process({ sink, crash }).engine.sync();
    await until(() => crash.crashed);
    tenant.kill();
    expect((await tenant.store.listLedger())[0]).toMatchObject({ state: 'in-doubt', invoiceNumber: 'W-1' });

    const summary = await tenant.process().engine.sync();
    expect(summary.counts).toMatchObject({ settled: 1, booked: 0, skipped: 1 });
    expect(tenant.books.writeAttempts).toEqual(['W-1']);
    expect((await tenant.store.listLedger())[0]).toMatchObject({ state: 'booked', sinkId: 'M1' });
    expect((await tenant.store.listActivity({ documentKey: 'order:1' })).map((a) => a.message)).toContain('settled: found in the bookkeeping');
  });

  it('writes an in-doubt document again when the sink does not have it', async () => {
    const tenant = new SyncEngineTenant(1);
    const crash = new CrashSwitch();
    const sink = new FakeSink(tenant.books);
    sink.bookJournalEntry = () => {
      crash.crashed = true;
      return crash.hang();
    };
    void tenant.process({ sink, crash }).engine.sync();
    await until(() => crash.crashed);
    tenant.kill();
    const callsBefore = tenant.books.calls.length;

    const summary = await tenant.process().engine.sync();
    expect(summary.counts).toMatchObject({ settled: 1, booked: 1 });
    // The counters add up: the settled write and the source's listing of the same order (skipped).
    const { read, booked, skipped, parked, pending } = summary.counts;
    expect(read).toBe(booked + skipped + parked + pending);
    expect(tenant.books.calls.slice(callsBefore)).toEqual(['findBooked', 'ensureRelation', 'bookJournalEntry']);
    expect(tenant.bookedNumbers()).toEqual(['W-1']);
  });

  it('never moves the cursor past a document that is not handled', async () => {
    const tenant = new SyncEngineTenant(6);
    const sink = new FakeSink(tenant.books);
    // Orders 1-2 fine, order 3 (page 2) keeps failing transiently; page 3 was read ahead and is booked.
    const write = sink.bookJournalEntry.bind(sink);
    sink.bookJournalEntry = async (entry) => {
      if (entry.invoiceNumber === 'W-3') throw new TransientError('bad gateway', { code: '502' });
      return write(entry);
    };
    const summary = await tenant.process({ sink }).engine.sync();
    expect(summary).toMatchObject({ outcome: 'transient', exitCode: ExitCode.transient, cursor: { before: null, after: '2' } });
    expect(summary.counts).toMatchObject({ booked: 5, pending: 1 });
    expect(await tenant.store.getCursor('documents')).toBe('2');
    expect(await tenant.store.countOpenErrors()).toBe(0);
    expect(tenant.sleeps).toHaveLength(2);

    const rerun = await tenant.process().engine.sync();
    // The cursor stayed before page 2: it is read again, and what was booked is skipped.
    expect(rerun).toMatchObject({ outcome: 'ok', counts: { settled: 1, booked: 1, skipped: 4 } });
    expect(tenant.bookedNumbers()).toEqual(tenant.allNumbers());
    expect(await tenant.store.getCursor('documents')).toBe('6');
  });

  it('exports a date range without touching the cursor, skipping what is booked', async () => {
    const tenant = new SyncEngineTenant(4);
    await tenant.process().engine.sync();
    const cursor = await tenant.store.getCursor('documents');
    tenant.shop.orders.push({ id: '90', number: 'W-90', date: '2025-02-03', customer: { id: '9', name: 'Nieuw' }, lines: [{ description: 'Taart', price: '30.00', vat: '9' }] });
    tenant.shop.orders.push({ id: '91', number: 'W-91', date: '2025-03-20', customer: { id: '9', name: 'Nieuw' }, lines: [{ description: 'Taart', price: '30.00', vat: '9' }] });

    const summary = await tenant.process().engine.sync({ from: '2025-02-01' as never, to: '2025-02-28' as never });
    expect(summary).toMatchObject({ mode: 'export', outcome: 'ok', counts: { read: 5, booked: 1, skipped: 4 } });
    expect(tenant.books.bookings.has('W-90')).toBe(true);
    expect(tenant.books.bookings.has('W-91')).toBe(false);
    expect(await tenant.store.getCursor('documents')).toBe(cursor);
  });

  it('acknowledges a booked document the source was not told about, without booking it again', async () => {
    const tenant = new SyncEngineTenant(1);
    const source = { acknowledge: true };
    const first = tenant.process({ source });
    first.source.acknowledge = async () => {
      throw new TransientError('source down');
    };
    const summary = await first.engine.sync();
    expect(summary.counts).toMatchObject({ booked: 1, acknowledged: 0 });
    expect((await tenant.store.listAwaitingAcknowledge()).map((r) => r.documentKey)).toEqual(['order:1']);

    const second = await tenant.process({ source }).engine.sync();
    expect(second.counts).toMatchObject({ acknowledged: 1, booked: 0 });
    expect(tenant.shop.acknowledged.get('order:1')).toBe('M1');
    expect(tenant.books.writeAttempts).toEqual(['W-1']);
  });

  it('refuses a second run while the first holds the lock', async () => {
    const tenant = new SyncEngineTenant(2);
    await tenant.store.acquireLock({ runId: 'other-run', pid: 4242, host: 'test-host' }, 60_000);
    tenant.alive.add(4242);
    const summary = await tenant.process().engine.sync();
    expect(summary).toMatchObject({ outcome: 'locked', exitCode: ExitCode.locked });
    expect(summary.message).toMatch(/another run of this tenant is busy \(run other-run, process 4242/);
    expect(tenant.books.calls).toEqual([]);
  });

  it('stops gracefully: finishes the document in flight and leaves nothing in doubt', async () => {
    const tenant = new SyncEngineTenant(6);
    const stop = new AbortController();
    const summary = await tenant.process().engine.sync({
      signal: stop.signal,
      onProgress: (event) => {
        if (event.type === 'booked' && event.counts.booked === 3) stop.abort();
      },
    });
    // Page 3 was read ahead before the stop: its documents stay pending too.
    expect(summary).toMatchObject({ stopped: true, outcome: 'ok', counts: { read: 6, booked: 3, pending: 3 } });
    expect(await tenant.store.listLedger({ state: 'in-doubt' })).toEqual([]);
    expect(await tenant.store.getCursor('documents')).toBe('2');

    await tenant.process().engine.sync();
    expect(tenant.bookedNumbers()).toEqual(tenant.allNumbers());
    expect(tenant.books.writeAttempts).toHaveLength(6);
  });

  it('books invoices through createInvoice and stops with a configuration error when the sink cannot', async () => {
    const tenant = new SyncEngineTenant(2);
    const invoices = new FakeMapper('rules-v1', undefined, 'invoice');
    const refused = await tenant.process({ mapper: invoices }).engine.sync();
    expect(refused).toMatchObject({ outcome: 'configuration', exitCode: ExitCode.configuration, counts: { pending: 2 } });
    expect(tenant.books.bookings.size).toBe(0);

    const sink = new FakeSink(tenant.books, { invoices: true });
    const booked = await tenant.process({ mapper: invoices, sink }).engine.sync();
    expect(booked.outcome).toBe('ok');
    expect(tenant.bookedNumbers()).toEqual(['W-1', 'W-2']);
  });

  it('keeps secrets out of the state database', async () => {
    const tenant = new SyncEngineTenant(2);
    const sink = new FakeSink(tenant.books).failNext('bookJournalEntry', { kind: 'reject', message: `refused: code ${SECRET}` });
    await tenant.process({ sink }).engine.sync();
    const everything = JSON.stringify([
      await tenant.store.listErrors({ includeResolved: true }),
      await tenant.store.listActivity({ limit: 1000 }),
      await tenant.store.listRuns(),
      await tenant.store.getChecks(),
    ]);
    expect(everything).toContain('refused: code ***');
    expect(everything).not.toContain(SECRET);
    expect(tenant.logger.text()).not.toContain(SECRET);
  });
});
