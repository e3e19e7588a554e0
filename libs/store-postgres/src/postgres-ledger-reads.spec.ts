import { Pool } from 'pg';
import { describeWithPostgres } from '@koppelwerk/testing';
import { contractIntent as intent } from '@koppelwerk/engine/testing';
import { PostgresStateStore } from './postgres-state-store';

/** The texts of the statements that read the ledger (the store's own calls to pool.query). */
function ledgerReads(spy: jest.SpyInstance): string[] {
  return spy.mock.calls.map(([text]) => String(text)).filter((text) => /^SELECT .*FROM (ledger|unnest)/s.test(text));
}

describeWithPostgres('PostgresStateStore ledger reads', (database) => {
  let pool: Pool;
  beforeAll(() => {
    pool = new Pool({ connectionString: database().url, max: 4 });
    pool.on('error', () => undefined); // the database is dropped under idle connections at the end
  });
  afterAll(() => pool.end());

  it('answers the reads of many documents asked for at once with one statement per kind, each caller its own answer', async () => {
    const store = await PostgresStateStore.open({ pool, tenant: 'reads' });
    await store.recordIntent({ ...intent, documentKey: 'order:1', invoiceNumber: 'W-1' });
    await store.recordBooked({ ...intent, documentKey: 'order:1', sinkId: 'M-1', acknowledgeRequired: false });
    await store.recordIntent({ ...intent, documentKey: 'order:2', invoiceNumber: 'W-2' });
    await store.recordPending({ documentKey: 'order:3', kind: intent.kind, invoiceNumber: 'W-1' });
    const other = await PostgresStateStore.open({ pool, tenant: 'reads-other' });
    await other.recordIntent({ ...intent, documentKey: 'order:4', invoiceNumber: 'W-1' });

    const spy = jest.spyOn(pool, 'query');
    try {
      const [one, two, missing, oneAgain, otherKind, numberOne, numberTwo, numberNone, otherTenant] = await Promise.all([
        store.getLedgerEntry({ documentKey: 'order:1', kind: intent.kind }),
        store.getLedgerEntry({ documentKey: 'order:2', kind: intent.kind }),
        store.getLedgerEntry({ documentKey: 'order:404', kind: intent.kind }),
        store.getLedgerEntry({ documentKey: 'order:1', kind: intent.kind }),
        store.getLedgerEntry({ documentKey: 'order:1', kind: 'invoice' }),
        store.listLedger({ invoiceNumber: 'W-1' }),
        store.listLedger({ invoiceNumber: 'W-2' }),
        store.listLedger({ invoiceNumber: 'W-404' }),
        store.getLedgerEntry({ documentKey: 'order:4', kind: intent.kind }),
      ]);
      expect(one).toMatchObject({ documentKey: 'order:1', state: 'booked', sinkId: 'M-1' });
      expect(two).toMatchObject({ documentKey: 'order:2', state: 'in-doubt' });
      expect(missing).toBeNull();
      expect(oneAgain).toEqual(one);
      expect(oneAgain).not.toBe(one);
      expect(otherKind).toBeNull();
      // Oldest first, this tenant's only.
      expect(numberOne.map((entry) => [entry.documentKey, entry.state])).toEqual([
        ['order:1', 'booked'],
        ['order:3', 'pending'],
      ]);
      expect(numberTwo.map((entry) => entry.documentKey)).toEqual(['order:2']);
      expect(numberNone).toEqual([]);
      expect(otherTenant).toBeNull();
      expect(ledgerReads(spy)).toHaveLength(2);

      // A read alone is the plain statement; later reads see what was committed meanwhile.
      await store.recordIntent({ ...intent, documentKey: 'order:5', invoiceNumber: 'W-5' });
      expect(await store.getLedgerEntry({ documentKey: 'order:5', kind: intent.kind })).toMatchObject({ state: 'in-doubt', invoiceNumber: 'W-5' });
      expect((await store.listLedger({ invoiceNumber: 'W-5' })).map((entry) => entry.documentKey)).toEqual(['order:5']);
      expect(ledgerReads(spy).slice(2)).toEqual([
        expect.stringMatching(/WHERE tenant = \$1 AND document_key = \$2 AND kind = \$3$/),
        expect.stringMatching(/WHERE tenant = \$1 AND invoice_number = \$2 ORDER BY id$/),
      ]);
    } finally {
      spy.mockRestore();
      await store.close();
      await other.close();
    }
  });

  it('fails every read of a statement that failed, and answers the next ones', async () => {
    const store = await PostgresStateStore.open({ pool, tenant: 'reads-failing' });
    await store.recordIntent({ ...intent, documentKey: 'order:1' });
    const spy = jest.spyOn(pool, 'query').mockImplementationOnce(async () => {
      throw new Error('statement refused');
    });
    try {
      const reads = [store.getLedgerEntry({ documentKey: 'order:1', kind: intent.kind }), store.getLedgerEntry({ documentKey: 'order:2', kind: intent.kind })];
      await expect(Promise.all(reads.map((read) => read.then(() => 'answered', (error: Error) => error.message)))).resolves.toEqual(['statement refused', 'statement refused']);
      expect(await store.getLedgerEntry({ documentKey: 'order:1', kind: intent.kind })).toMatchObject({ state: 'in-doubt' });
    } finally {
      spy.mockRestore();
      await store.close();
    }
  });
});
