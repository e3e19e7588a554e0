/**
 * The engine's dry run on a real SQLite store (see sync-engine.spec.ts): what it would send, what
 * the books already hold, and that it records nothing anywhere.
 */
import { ExitCode } from '@koppelwerk/core';
import { FakeSink } from '@koppelwerk/engine/testing';
import { SECRET, SyncEngineTenant } from './testing/sync-engine-tenant';

describe('SyncEngine: dry run', () => {
  it('dry run: shows what would be sent and every gap, and writes nothing anywhere', async () => {
    const tenant = new SyncEngineTenant(3);
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
    const tenant = new SyncEngineTenant(5);
    // The administration already holds three of the five (an earlier installation booked them).
    const earlier = new SyncEngineTenant(0);
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
    const tenant = new SyncEngineTenant(6);
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
});
