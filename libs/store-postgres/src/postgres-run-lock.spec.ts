import { Pool } from 'pg';
import { describeWithPostgres } from '@koppelwerk/testing';
import { FixedClock } from '@koppelwerk/engine/testing';
import { PostgresStateStore } from './postgres-state-store';
import { RUN_LOCK_HOLDERS } from './postgres-run-lock';

/** What only the PostgreSQL run lock does: the server's advisory lock, not the row, decides who holds it. */
describeWithPostgres('PostgresStateStore run lock (a session advisory lock)', (database) => {
  let pool: Pool;
  beforeAll(() => {
    pool = new Pool({ connectionString: database().url, max: 4 });
    pool.on('error', () => undefined);
  });
  afterAll(() => pool.end());

  const first = { runId: 'run-1', pid: 1001, host: 'worker-a' };
  const second = { runId: 'run-2', pid: 1002, host: 'worker-b' };
  const holders = async (tenant: string) => (await pool.query<{ pid: number }>(RUN_LOCK_HOLDERS, [tenant])).rows.map((row) => row.pid);

  it('is freed at once when the holding connection dies, and the next run takes it over', async () => {
    const a = await PostgresStateStore.open({ pool, tenant: 'dies', isProcessAlive: () => true });
    const b = await PostgresStateStore.open({ pool, tenant: 'dies', isProcessAlive: () => true });
    expect(await a.acquireLock(first, 600_000)).toEqual({ acquired: true });
    expect(await b.acquireLock(second, 600_000)).toMatchObject({ acquired: false, holder: { runId: 'run-1', host: 'worker-a' } });
    const [backend] = await holders('dies');
    expect(backend).toEqual(expect.any(Number));

    // The holder's connection dies (as with a SIGKILLed worker): the server releases its lock.
    const terminated = await pool.query('SELECT pg_terminate_backend($1, 60000) AS done', [backend]);
    expect(terminated.rows[0].done).toBe(true);
    expect(await holders('dies')).toEqual([]);
    expect(await b.getLock()).toBeNull(); // the dead holder's row is not shown as running

    // Long before the row's expiry (10 minutes), the next run takes it over.
    const taken = await b.acquireLock(second, 600_000);
    expect(taken).toMatchObject({ acquired: true, takenOver: { runId: 'run-1', reason: expect.stringMatching(/connection to the database ended/) } });
    expect(await b.getLock()).toMatchObject(second);
    // The old holder learns it lost the lock, and its release leaves the new holder's alone.
    expect(await a.renewLock('run-1', 600_000)).toBe(false);
    await a.releaseLock('run-1');
    await a.close();
    expect(await b.getLock()).toMatchObject(second);
    await b.releaseLock('run-2');
    expect(await b.getLock()).toBeNull();
    expect(await holders('dies')).toEqual([]);
    await b.close();
  });

  it('stays with a live holder whatever its heartbeat says, and is released by closing the store', async () => {
    const clock = new FixedClock();
    const a = await PostgresStateStore.open({ pool, tenant: 'lives', clock, isProcessAlive: () => false });
    const b = await PostgresStateStore.open({ pool, tenant: 'lives', clock, isProcessAlive: () => false });
    expect((await a.acquireLock(first, 60_000)).acquired).toBe(true);
    clock.advance(10 * 60_000); // long past the row's expiry, and its process "gone" on this host
    expect(await b.acquireLock({ ...second, host: first.host }, 60_000)).toMatchObject({ acquired: false, holder: { runId: 'run-1' } });
    expect(await a.renewLock('run-1', 60_000)).toBe(true);
    await a.close(); // a run that ended without releasing: closing its store releases the lock
    expect(await holders('lives')).toEqual([]);
    expect(await b.acquireLock(second, 60_000)).toEqual({ acquired: true });
    await b.close();
  });

  it('holds its connection outside the pool, so runs holding locks never starve the queries', async () => {
    const stores = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => PostgresStateStore.open({ pool, tenant: `busy-${n}` })));
    for (const [n, store] of stores.entries()) expect((await store.acquireLock({ ...first, runId: `run-${n}` }, 60_000)).acquired).toBe(true);
    // Six locks held on a pool of four connections: the stores still read and write.
    await stores[5].saveCursor('orders', 'page-2');
    expect(await stores[5].getCursor('orders')).toBe('page-2');
    for (const store of stores) await store.close();
  });
});
