import { busiestWindow } from '@koppelwerk/testing';
import { journalEntry, relationToEnsure, startHarness, type Harness } from './__fixtures__/sink-harness';

describe('e-Boekhouden calls-per-second limit', () => {
  let h: Harness;
  const handled: number[] = [];
  beforeEach(async () => {
    handled.length = 0;
    h = await startHarness({ onCall: () => handled.push(performance.now()) }, { maxCallsPerSecond: 5 });
  });
  afterEach(() => h.close());

  it('two tenants on one administration share one limit: never more than 5 calls in a second between them', async () => {
    const other = h.connect({ maxCallsPerSecond: 5 });
    await h.sink.ensureRelation(relationToEnsure('K1'));
    await other.listLedgers();
    handled.length = 0; // measured from here: both sessions open, the first slow calls of a cold process behind us
    await Promise.all([
      ...[1, 2, 3, 4, 5, 6].map((n) => h.sink.bookJournalEntry(journalEntry(`A-${n}`, 'K1'))),
      ...[1, 2, 3, 4, 5, 6].map((n) => other.bookJournalEntry(journalEntry(`B-${n}`, 'K1'))),
    ]);
    expect(h.sim.calls().AddMutatie).toBe(12);
    // Without the limit all of these land within a few milliseconds; with it they spread over seconds.
    // (A window a little under a second leaves room for loopback jitter on a busy machine.)
    expect(busiestWindow(handled, 800)).toBeLessThanOrEqual(5);
    expect(handled[handled.length - 1] - handled[0]).toBeGreaterThan(1500);
  });

  it('refuses a limit below 1 before any call', () => {
    expect(() => h.connect({ maxCallsPerSecond: 0 })).toThrow(/maxCallsPerSecond must be at least 1/);
    expect(handled).toEqual([]);
  });
});
