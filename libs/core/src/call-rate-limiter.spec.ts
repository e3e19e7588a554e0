import { CallRateLimiter, sharedRateLimiter } from './call-rate-limiter';

/** A clock that only moves when the limiter sleeps. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => (now += ms),
    sleeps,
  };
}

/** The most calls that started in any window [t, t + 1000). */
function busiestSecond(starts: number[]): number {
  let best = 0;
  for (let i = 0, j = 0; i < starts.length; i++) {
    while (starts[i] - starts[j] >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('CallRateLimiter', () => {
  it('lets the first calls through at once, then never more than the limit in any second', async () => {
    const time = fakeTime();
    const limiter = new CallRateLimiter(5, time);
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 23 }, async () => {
        await limiter.acquire();
        starts.push(time.now());
      }),
    );
    expect(starts.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(busiestSecond(starts)).toBe(5);
    // 23 calls at 5 per second (a window of 1.05 s, for jitter): the last starts after 4 windows, not later.
    expect(starts[22]).toBe(4200);
  });

  it('does not wait when the calls are spread out already', async () => {
    const time = fakeTime();
    const limiter = new CallRateLimiter(2, time);
    for (let i = 0; i < 6; i++) {
      await limiter.acquire();
      time.advance(550);
    }
    expect(time.sleeps).toEqual([]);
  });

  it('refuses a limit that is not a whole number of at least 1', () => {
    expect(() => new CallRateLimiter(0)).toThrow(/at least 1/);
    expect(() => new CallRateLimiter(2.5)).toThrow(/whole number/);
  });

  it('is shared per account within the process, and the stricter limit wins', () => {
    const first = sharedRateLimiter('spec-account-a', 10);
    const again = sharedRateLimiter('spec-account-a', 4);
    const other = sharedRateLimiter('spec-account-b', 10);
    expect(again).toBe(first);
    expect(first.perSecond).toBe(4);
    expect(other).not.toBe(first);
    expect(sharedRateLimiter('spec-account-a', 8).perSecond).toBe(4);
  });
});
