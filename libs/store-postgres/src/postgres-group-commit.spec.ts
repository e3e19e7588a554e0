import { Pool } from 'pg';
import { describeWithPostgres } from '@koppelwerk/testing';
import { contractIntent as intent } from '@koppelwerk/engine/testing';
import { PostgresStateStore } from './postgres-state-store';

const isGroupCommit = (text: unknown) => /^WITH (intents|booked) AS/.test(String(text));
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describeWithPostgres('PostgresStateStore group commit', (database) => {
  let pool: Pool;
  beforeAll(() => {
    pool = new Pool({ connectionString: database().url, max: 4 });
    pool.on('error', () => undefined); // the database is dropped under idle connections at the end
  });
  afterAll(() => pool.end());

  it('commits the groups asked for while a commit is on its way as one statement, after it; a refused intent fails alone', async () => {
    const store = await PostgresStateStore.open({ pool, tenant: 'groups' });
    await store.recordIntent({ ...intent, documentKey: 'order:9' });
    await store.recordBooked({ ...intent, documentKey: 'order:9', sinkId: 'M-9', acknowledgeRequired: false });

    // The first commit is held on its way until the next groups are waiting.
    const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
    let sent!: () => void;
    const firstSent = new Promise<void>((resolve) => (sent = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    const spy = jest.spyOn(pool, 'query').mockImplementation((async (...args: unknown[]) => {
      if (first && isGroupCommit(args[0])) {
        first = false;
        sent();
        await held;
      }
      return query(...args);
    }) as never);
    try {
      const settled = (write: Promise<void>) => write.then(() => 'committed', (error: Error) => error.message);
      const one = settled(store.recordIntent({ ...intent, documentKey: 'order:1' }));
      await firstSent;
      const two = settled(store.recordIntent({ ...intent, documentKey: 'order:2' }));
      await nextTurn();
      await store.logActivity({ subject: 'document', action: 'fetched', documentKey: 'order:3' });
      const refused = settled(store.recordIntent({ ...intent, documentKey: 'order:9' }));
      const three = settled(store.recordIntent({ ...intent, documentKey: 'order:3' }));
      await nextTurn();
      await nextTurn();
      // Nothing of the later groups resolves before its own commit.
      const early = await Promise.race([Promise.all([two, refused, three]), nextTurn().then(() => 'waiting')]);
      expect(early).toBe('waiting');
      release();
      expect(await Promise.all([one, two, refused, three])).toEqual(['committed', 'committed', 'document order:9 is already booked; refusing to record a new write intent', 'committed']);
      expect(spy.mock.calls.filter(([text]) => isGroupCommit(text))).toHaveLength(2);
    } finally {
      spy.mockRestore();
    }
    const states = await Promise.all(['order:1', 'order:2', 'order:3', 'order:9'].map((documentKey) => store.getLedgerEntry({ documentKey, kind: intent.kind })));
    expect(states.map((entry) => entry?.state)).toEqual(['in-doubt', 'in-doubt', 'in-doubt', 'booked']);
    expect((await store.listActivity({ documentKey: 'order:3' })).map((entry) => entry.action)).toEqual(['fetched']);
    await store.close();
  });
});
