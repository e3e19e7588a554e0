/**
 * The engine's exactly-once protocol, run on a real SQLite store: the engine package has no store
 * of its own (stores depend on the engine, never the reverse), so its protocol tests live here.
 */
import { ExitCode, MemoryLogger, Redactor, TransientError } from '@koppelwerk/core';
import { SyncEngine, type ProgressEvent, type StateStore, type SyncEngineOptions } from '@koppelwerk/engine';
import { crashable, CrashSwitch, FakeBookkeeping, FakeMapper, FakeShop, FakeSink, FakeSource, type FakeSourceOptions } from '@koppelwerk/engine/testing';
import { SqliteStateStore } from './sqlite-state-store';

const SECRET = 'wrong-code-123';

/** One tenant: a shop, a bookkeeping and a state database that outlive the "processes" run on them. */
class Tenant {
  readonly shop = new FakeShop();
  readonly books = new FakeBookkeeping();
  readonly alive = new Set<number>();
  readonly store = new SqliteStateStore({ path: ':memory:', isProcessAlive: (pid) => this.alive.has(pid) });
  readonly logger = new MemoryLogger(undefined, undefined, new Redactor([SECRET]));
  readonly sleeps: number[] = [];
  private nextPid = 100;

  constructor(orders = 0) {
    this.shop.addOrders(orders);
  }

  /** A fresh process: new engine, source and sink objects over the same shop, books and state. */
  process(
    options: {
      sink?: FakeSink;
      mapper?: FakeMapper;
      source?: FakeSourceOptions;
      crash?: CrashSwitch;
      engine?: SyncEngineOptions;
    } = {},
  ): { engine: SyncEngine; sink: FakeSink; source: FakeSource } {
    const pid = this.nextPid++;
    this.alive.add(pid);
    const sink = options.sink ?? new FakeSink(this.books);
    const source = new FakeSource(this.shop, { pageSize: 2, ...options.source });
    const crash = options.crash;
    const engine = new SyncEngine(
      {
        source: crash ? crashable(source, crash) : source,
        sink: crash ? crashable(sink, crash) : sink,
        store: crash ? crashable<StateStore>(this.store, crash) : this.store,
        mapper: options.mapper ?? new FakeMapper(),
        logger: this.logger,
        redactor: new Redactor([SECRET]),
      },
      {
        concurrency: 1,
        retry: { attempts: 3, sleep: async (ms) => void this.sleeps.push(ms), random: () => 0.5 },
        lock: { owner: { pid, host: 'test-host' } },
        ...options.engine,
      },
    );
    return { engine, sink, source };
  }

  /** The process died: its lock may be taken over. */
  kill(): void {
    this.alive.clear();
  }

  bookedNumbers(): string[] {
    return [...this.books.bookings.keys()].sort();
  }

  allNumbers(): string[] {
    return this.shop.orders.map((o) => o.number!).sort();
  }
}

describe('SyncEngine', () => {
  it('books every order once, creates each customer once, and moves the cursor to the end', async () => {
    const tenant = new Tenant(5);
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
    const tenant = new Tenant(12);
    const sink = new FakeSink(tenant.books);
    await tenant.process({ sink, source: { pageSize: 12 }, engine: { concurrency: 3 } }).engine.sync();
    expect(tenant.bookedNumbers()).toHaveLength(12);
    expect(sink.maxInFlight).toBeLessThanOrEqual(3);
    expect(sink.maxInFlight).toBeGreaterThan(1);
  });

  describe('exactly once across a kill at any moment', () => {
    async function cleanRunCalls(concurrency: number): Promise<number> {
      const tenant = new Tenant(5);
      const crash = new CrashSwitch();
      await tenant.process({ crash, source: { acknowledge: true }, engine: { concurrency } }).engine.sync();
      return crash.calls;
    }

    it.each([1, 4])('books each order exactly once and acknowledges it, wherever the run is killed (concurrency %i)', async (concurrency) => {
      const total = await cleanRunCalls(concurrency);
      expect(total).toBeGreaterThan(50);
      const seen = { inDoubt: 0, awaitingAcknowledge: 0, bookedBeforeCursor: 0 };
      for (let crashAfter = 1; crashAfter <= total; crashAfter++) {
        const tenant = new Tenant(5);
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
    const tenant = new Tenant(1);
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
    const tenant = new Tenant(1);
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
    const tenant = new Tenant(6);
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

  it('retries transient failures with backoff, honouring Retry-After', async () => {
    const tenant = new Tenant(1);
    const sink = new FakeSink(tenant.books).failNext('bookJournalEntry', { kind: 'transient', retryAfterMs: 1500 }).failNext('bookJournalEntry', { kind: 'transient' });
    const summary = await tenant.process({ sink }).engine.sync();
    expect(summary.outcome).toBe('ok');
    expect(tenant.sleeps).toEqual([1500, 200]);
    expect(tenant.bookedNumbers()).toEqual(['W-1']);
  });

  it('asks the sink before retrying a write whose response was lost', async () => {
    const tenant = new Tenant(1);
    const sink = new FakeSink(tenant.books).failNext('bookJournalEntry', { kind: 'lost-response' });
    const summary = await tenant.process({ sink }).engine.sync();
    expect(summary.outcome).toBe('ok');
    expect(tenant.books.calls).toEqual(['ensureRelation', 'bookJournalEntry', 'findBooked']);
    expect(tenant.books.writeAttempts).toEqual(['W-1']);
  });

  it('stops writing on an authentication error, turns the sink red, and leaves the rest pending', async () => {
    const tenant = new Tenant(6);
    const sink = new FakeSink(tenant.books);
    const write = sink.bookJournalEntry.bind(sink);
    sink.bookJournalEntry = async (entry) => {
      if (entry.invoiceNumber === 'W-3') tenant.books.credentialsValid = false;
      return write(entry);
    };
    const summary = await tenant.process({ sink }).engine.sync();
    expect(summary).toMatchObject({ outcome: 'authentication', exitCode: ExitCode.authentication });
    expect(summary.message).not.toContain(SECRET);
    expect(tenant.bookedNumbers()).toEqual(['W-1', 'W-2']);
    expect(await tenant.store.getCursor('documents')).toBe('2');
    expect(await tenant.store.countOpenErrors()).toBe(0);
    const [dot] = await tenant.store.getChecks();
    expect(dot).toMatchObject({ side: 'sink', ok: false, errorClass: 'authentication', hint: 'save new security codes' });
    expect(dot.reason).toContain('***');
    expect(dot.reason).not.toContain(SECRET);

    // New codes saved: the next run books the rest and the dot turns green.
    tenant.books.credentialsValid = true;
    const rerun = await tenant.process().engine.sync();
    expect(rerun.outcome).toBe('ok');
    expect(tenant.bookedNumbers()).toEqual(tenant.allNumbers());
    expect((await tenant.store.getChecks())[0]).toMatchObject({ side: 'sink', ok: true });
  });

  it('parks what cannot be mapped or is refused, goes on with the batch, and retries from the queue after a fix', async () => {
    const tenant = new Tenant(4);
    tenant.shop.orders[1].lines[0].vat = '7';
    delete tenant.shop.orders[2].number;
    const sink = new FakeSink(tenant.books);
    sink.rejects.set('W-4', `period closed for ${SECRET}`);
    const summary = await tenant.process({ sink }).engine.sync();

    expect(summary).toMatchObject({ outcome: 'parked', exitCode: ExitCode.parked, counts: { booked: 1, parked: 3 } });
    expect(await tenant.store.getCursor('documents')).toBe('4');
    const errors = await tenant.store.listErrors();
    expect(errors.map((e) => [e.documentKey, e.errorClass, e.code, e.field])).toEqual([
      ['order:2', 'record', 'MAP_UNMAPPED_VAT', 'lines[0].vatRate'],
      ['order:3', 'record', 'MISSING_FIELD', 'number'],
      ['order:4', 'rejected', 'MUT_005', undefined],
    ]);
    expect(JSON.parse(errors[1].rawJson!)).toEqual(expect.objectContaining({ id: '3' }));
    expect(errors[2].message).toBe('period closed for ***');
    expect((await tenant.store.listLedger({ state: 'failed' })).map((r) => r.documentKey)).toEqual(['order:2', 'order:4']);

    // A retry of only the rejected class, still refused: counted as another attempt.
    const again = await tenant.process({ sink }).engine.retry({ all: true, errorClass: 'rejected' });
    expect(again.counts).toMatchObject({ read: 1, parked: 1 });
    expect((await tenant.store.listErrors({ errorClass: 'rejected' }))[0].attempts).toBe(2);

    // The mapping learns 7%, the shop fixes the number, the period is reopened: retry everything.
    sink.rejects.clear();
    tenant.shop.orders[2].number = 'W-3';
    const fixed = new FakeMapper('rules-v2', { '21': 'HOOG_VERK_21', '7': 'AFW_VERK' });
    const retried = await tenant.process({ sink, mapper: fixed }).engine.retry({ all: true });
    expect(retried).toMatchObject({ mode: 'retry', outcome: 'ok', counts: { read: 3, booked: 3 } });
    expect(tenant.bookedNumbers()).toEqual(tenant.allNumbers());
    expect(await tenant.store.countOpenErrors()).toBe(0);
    expect((await tenant.store.getLedgerEntry({ documentKey: 'order:2', kind: 'sales-order' }))?.mappingVersion).toBe('rules-v2');
    expect(await tenant.store.getCursor('documents')).toBe('4');
  });

  it('retries with a fresh copy from the source when asked', async () => {
    const tenant = new Tenant(1);
    tenant.shop.orders[0].lines[0].vat = '7';
    await tenant.process().engine.sync();
    const [entry] = await tenant.store.listErrors();

    tenant.shop.orders[0].lines[0].vat = '21';
    const stored = await tenant.process().engine.retry({ ids: [entry.id] });
    expect(stored.counts.parked).toBe(1);
    const fetched = await tenant.process().engine.retry({ ids: [entry.id] }, { refetch: true });
    expect(fetched.counts.booked).toBe(1);
  });

  it('settles a duplicate-number refusal by asking the sink instead of parking', async () => {
    const tenant = new Tenant(2);
    const sink = new FakeSink(tenant.books);
    await sink.ensureRelation({ code: 'K2', relation: { sourceId: '1', role: 'debtor', kind: 'person', name: 'x' }, createIfMissing: true });
    tenant.books.store({ type: 'journal', invoiceNumber: 'W-1' } as never); // booked by hand earlier
    const summary = await tenant.process({ sink }).engine.sync();
    // The administration already held W-1: marked booked (never sent again) but counted as skipped.
    expect(summary).toMatchObject({ outcome: 'ok', counts: { read: 2, booked: 1, skipped: 1, parked: 0, pending: 0 } });
    expect((await tenant.store.getLedgerEntry({ documentKey: 'order:1', kind: 'sales-order' }))?.sinkId).toBe('M1');
  });

  it('parks a second document that maps to an invoice number already booked for another', async () => {
    const tenant = new Tenant(2);
    tenant.shop.orders[1].number = 'W-1';
    const summary = await tenant.process().engine.sync();
    expect(summary.counts).toMatchObject({ booked: 1, parked: 1 });
    expect((await tenant.store.listErrors())[0]).toMatchObject({ documentKey: 'order:2', code: 'DUPLICATE_INVOICE_NUMBER' });
  });

  it('books an invoice number once also when two documents with it are in flight at the same time', async () => {
    const tenant = new Tenant(8);
    for (const order of tenant.shop.orders) order.number = 'W-SAME';
    const summary = await tenant.process({ engine: { concurrency: 8 } }).engine.sync();
    expect(summary.counts).toMatchObject({ booked: 1, parked: 7 });
    expect(tenant.books.writeAttempts).toEqual(['W-SAME']);
    expect((await tenant.store.listErrors()).every((e) => e.code === 'DUPLICATE_INVOICE_NUMBER')).toBe(true);
  });

  it('dry run: shows what would be sent and every gap, and writes nothing anywhere', async () => {
    const tenant = new Tenant(3);
    tenant.shop.orders[1].lines[0].vat = '7';
    const summary = await tenant.process({ source: { acknowledge: true } }).engine.sync({ dryRun: true });

    expect(summary.mode).toBe('dry-run');
    expect(summary.dryRun?.wouldSend.map((b) => b.booking.entry.invoiceNumber)).toEqual(['W-1', 'W-3']);
    expect(summary.dryRun?.gaps).toEqual([expect.objectContaining({ documentKey: 'order:2', code: 'MAP_UNMAPPED_VAT', field: 'lines[0].vatRate' })]);
    // It only asks the bookkeeping whether it already holds what it would send.
    expect(tenant.books.calls).toEqual(['findBooked', 'findBooked']);
    expect(tenant.shop.acknowledgeCalls).toBe(0);
    expect(await tenant.store.listLedger()).toEqual([]);
    expect(await tenant.store.listActivity()).toEqual([]);
    expect(await tenant.store.listErrors({ includeResolved: true })).toEqual([]);
    expect(await tenant.store.listRuns()).toEqual([]);
    expect(await tenant.store.getCursor('documents')).toBeNull();
    expect(await tenant.store.getLock()).toBeNull();
  });

  it('dry run on a fresh state: what the books already hold is reported as such, and the sync does exactly what it said', async () => {
    const tenant = new Tenant(5);
    // The administration already holds three of the five (an earlier installation booked them).
    const earlier = new Tenant(0);
    earlier.shop.orders.push(...tenant.shop.orders.slice(0, 3));
    await earlier.process({ sink: new FakeSink(tenant.books) }).engine.sync();
    expect(tenant.bookedNumbers()).toEqual(['W-1', 'W-2', 'W-3']);
    tenant.books.calls.length = 0;

    const dry = await tenant.process({ engine: { concurrency: 4 } }).engine.sync({ dryRun: true });
    expect(dry).toMatchObject({ outcome: 'ok', counts: { read: 5, booked: 2, skipped: 3 } });
    expect(dry.dryRun?.wouldSend.map((b) => b.documentKey)).toEqual(['order:4', 'order:5']);
    expect(dry.dryRun?.alreadyInBooks?.sort((a, b) => a.documentKey.localeCompare(b.documentKey))).toEqual([
      { documentKey: 'order:1', sinkId: tenant.books.bookings.get('W-1')!.sinkId },
      { documentKey: 'order:2', sinkId: tenant.books.bookings.get('W-2')!.sinkId },
      { documentKey: 'order:3', sinkId: tenant.books.bookings.get('W-3')!.sinkId },
    ]);
    expect(dry.dryRun?.alreadyBooked).toEqual([]);
    expect(dry.dryRun?.sinkNotAsked).toBeUndefined();
    // One look-up per document, nothing else: no relation, no write, no row in the state.
    expect(tenant.books.calls).toEqual(Array(5).fill('findBooked'));
    expect(await tenant.store.listLedger()).toEqual([]);

    const real = await tenant.process({ engine: { concurrency: 4 } }).engine.sync();
    expect(real.counts).toMatchObject({ read: 5, booked: dry.counts.booked, skipped: dry.counts.skipped, parked: 0, pending: 0 });
    expect(tenant.bookedNumbers()).toEqual(tenant.allNumbers());
  });

  it('dry run with refused credentials: lists everything it would book, says once why the books were not asked, and records nothing', async () => {
    const tenant = new Tenant(6);
    tenant.books.credentialsValid = false;
    const dry = await tenant.process({ engine: { concurrency: 2 } }).engine.sync({ dryRun: true });
    expect(dry).toMatchObject({ outcome: 'authentication', exitCode: ExitCode.authentication, counts: { read: 6, booked: 6, pending: 0 } });
    expect(dry.dryRun?.wouldSend).toHaveLength(6);
    expect(dry.dryRun?.sinkNotAsked).toEqual({ errorClass: 'authentication', code: 'LOGIN_FAILED', message: 'credentials refused (security code *** rejected)', hint: 'save new security codes' });
    expect(dry.message).toBe('could not ask the bookkeeping which of these documents it already holds: credentials refused (security code *** rejected)');
    expect(JSON.stringify(dry)).not.toContain(SECRET);
    // Asked no more than the documents already in flight when the first look-up was refused (twice the call slots).
    expect(tenant.books.calls.length).toBeLessThanOrEqual(4);
    expect(tenant.books.calls.every((call) => call === 'findBooked')).toBe(true);
    expect(await tenant.store.getChecks()).toEqual([]);
    expect(await tenant.store.listRuns()).toEqual([]);
    expect(await tenant.store.listActivity()).toEqual([]);
  });

  it('exports a date range without touching the cursor, skipping what is booked', async () => {
    const tenant = new Tenant(4);
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
    const tenant = new Tenant(1);
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
    const tenant = new Tenant(2);
    await tenant.store.acquireLock({ runId: 'other-run', pid: 4242, host: 'test-host' }, 60_000);
    tenant.alive.add(4242);
    const summary = await tenant.process().engine.sync();
    expect(summary).toMatchObject({ outcome: 'locked', exitCode: ExitCode.locked });
    expect(summary.message).toMatch(/another run of this tenant is busy \(run other-run, process 4242/);
    expect(tenant.books.calls).toEqual([]);
  });

  it('stops gracefully: finishes the document in flight and leaves nothing in doubt', async () => {
    const tenant = new Tenant(6);
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
    const tenant = new Tenant(2);
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
    const tenant = new Tenant(2);
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

/** Lets the event loop run until the condition holds (no wall-clock timing involved). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('condition never became true');
}
