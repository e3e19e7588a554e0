/**
 * The engine on a real SQLite store (see sync-engine.spec.ts): what it retries, what it stops on,
 * what it parks in the error queue and how a retry from the queue books it after a fix, and how an
 * invoice number is booked once.
 */
import { ExitCode } from '@koppelwerk/core';
import { FakeMapper, FakeSink } from '@koppelwerk/engine/testing';
import { SECRET, SyncEngineTenant } from './testing/sync-engine-tenant';

describe('SyncEngine: retries, refusals and the error queue', () => {
  it('retries transient failures with backoff, honouring Retry-After', async () => {
    const tenant = new SyncEngineTenant(1);
    const sink = new FakeSink(tenant.books).failNext('bookJournalEntry', { kind: 'transient', retryAfterMs: 1500 }).failNext('bookJournalEntry', { kind: 'transient' });
    const summary = await tenant.process({ sink }).engine.sync();
    expect(summary.outcome).toBe('ok');
    expect(tenant.sleeps).toEqual([1500, 200]);
    expect(tenant.bookedNumbers()).toEqual(['W-1']);
  });

  it('asks the sink before retrying a write whose response was lost', async () => {
    const tenant = new SyncEngineTenant(1);
    const sink = new FakeSink(tenant.books).failNext('bookJournalEntry', { kind: 'lost-response' });
    const summary = await tenant.process({ sink }).engine.sync();
    expect(summary.outcome).toBe('ok');
    expect(tenant.books.calls).toEqual(['ensureRelation', 'bookJournalEntry', 'findBooked']);
    expect(tenant.books.writeAttempts).toEqual(['W-1']);
  });

  it('stops writing on an authentication error, turns the sink red, and leaves the rest pending', async () => {
    const tenant = new SyncEngineTenant(6);
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
    const tenant = new SyncEngineTenant(4);
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
    const tenant = new SyncEngineTenant(1);
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
    const tenant = new SyncEngineTenant(2);
    const sink = new FakeSink(tenant.books);
    await sink.ensureRelation({ code: 'K2', relation: { sourceId: '1', role: 'debtor', kind: 'person', name: 'x' }, createIfMissing: true });
    tenant.books.store({ type: 'journal', invoiceNumber: 'W-1' } as never); // booked by hand earlier
    const summary = await tenant.process({ sink }).engine.sync();
    // The administration already held W-1: marked booked (never sent again) but counted as skipped.
    expect(summary).toMatchObject({ outcome: 'ok', counts: { read: 2, booked: 1, skipped: 1, parked: 0, pending: 0 } });
    expect((await tenant.store.getLedgerEntry({ documentKey: 'order:1', kind: 'sales-order' }))?.sinkId).toBe('M1');
  });

  it('parks a second document that maps to an invoice number already booked for another', async () => {
    const tenant = new SyncEngineTenant(2);
    tenant.shop.orders[1].number = 'W-1';
    const summary = await tenant.process().engine.sync();
    expect(summary.counts).toMatchObject({ booked: 1, parked: 1 });
    expect((await tenant.store.listErrors())[0]).toMatchObject({ documentKey: 'order:2', code: 'DUPLICATE_INVOICE_NUMBER' });
  });

  it('books an invoice number once also when two documents with it are in flight at the same time', async () => {
    const tenant = new SyncEngineTenant(8);
    for (const order of tenant.shop.orders) order.number = 'W-SAME';
    const summary = await tenant.process({ engine: { concurrency: 8 } }).engine.sync();
    expect(summary.counts).toMatchObject({ booked: 1, parked: 7 });
    expect(tenant.books.writeAttempts).toEqual(['W-SAME']);
    expect((await tenant.store.listErrors()).every((e) => e.code === 'DUPLICATE_INVOICE_NUMBER')).toBe(true);
  });
});
