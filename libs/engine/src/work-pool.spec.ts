import { WorkPool } from './work-pool';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('WorkPool', () => {
  it('keeps at most `limit` tasks in flight across batches, and starts them in the order given', async () => {
    const pool = new WorkPool(3);
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    const task = (n: number) => async () => {
      started.push(n);
      inFlight++;
      most = Math.max(most, inFlight);
      await tick();
      inFlight--;
      return n;
    };
    const first = Promise.all([1, 2, 3, 4, 5].map((n) => pool.run(`k${n}`, task(n))));
    const second = Promise.all([6, 7, 8, 9].map((n) => pool.run(`k${n}`, task(n))));
    expect(await first).toEqual([1, 2, 3, 4, 5]);
    expect(await second).toEqual([6, 7, 8, 9]);
    expect(most).toBe(3);
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('runs tasks of one key one after the other, also after a failure', async () => {
    const pool = new WorkPool(4);
    const events: string[] = [];
    const failing = pool.run('same', async () => {
      events.push('a start');
      await tick();
      events.push('a end');
      throw new Error('a failed');
    });
    const next = pool.run('same', async () => {
      events.push('b start');
      return 'b';
    });
    await expect(failing).rejects.toThrow('a failed');
    await expect(next).resolves.toBe('b');
    expect(events).toEqual(['a start', 'a end', 'b start']);
  });
});
