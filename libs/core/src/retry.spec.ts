import { AuthenticationError, TransientError } from './errors';
import { parseRetryAfter, withRetry } from './retry';

describe('withRetry', () => {
  const noSleep = { sleep: async () => undefined };

  it('retries transient errors and honours Retry-After', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw new TransientError('429', { retryAfterMs: 1500 });
        if (calls === 2) throw new TransientError('503');
        return 'ok';
      },
      { sleep: async (ms) => void waits.push(ms), random: () => 1, baseDelayMs: 100 },
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([1500, 200]);
  });

  it('never retries authentication errors', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw new AuthenticationError('refused');
      }, noSleep),
    ).rejects.toThrow('refused');
    expect(calls).toBe(1);
  });

  it('gives up after the last attempt', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw new TransientError('down');
      }, { ...noSleep, attempts: 3 }),
    ).rejects.toThrow('down');
    expect(calls).toBe(3);
  });

  it('parses Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    const now = new Date('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:30 GMT', now)).toBe(30000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
