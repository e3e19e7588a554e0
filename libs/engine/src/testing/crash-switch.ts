/**
 * Simulates a process kill inside a test: once the switch is thrown, every call through a
 * `crashable` proxy hangs for ever, so nothing after the "kill" reaches the store or the sink.
 * The next "process" is a new engine over the same store and bookkeeping.
 */
export class CrashSwitch {
  crashed = false;
  /** Calls seen through proxies that count (the store's and the sink's). */
  calls = 0;
  /** Throw the switch right after this call (1-based) has completed. */
  constructor(public crashAfterCall = Number.POSITIVE_INFINITY) {}

  hang<T>(): Promise<T> {
    return new Promise<T>(() => undefined);
  }
}

/** Wraps every method of `target`: hangs once crashed; throws the switch after the chosen call. */
export function crashable<T extends object>(target: T, crash: CrashSwitch): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (crash.crashed) return crash.hang();
        const number = ++crash.calls;
        const returned: unknown = value.apply(object, args);
        // Only asynchronous calls can be cut off; an async iterable (a source's read) passes as is.
        if (!(returned instanceof Promise)) return returned;
        return returned.then(
          (ok) => {
            if (number >= crash.crashAfterCall) crash.crashed = true;
            return crash.crashed ? crash.hang() : ok;
          },
          (error) => {
            if (number >= crash.crashAfterCall) crash.crashed = true;
            if (crash.crashed) return crash.hang();
            throw error;
          },
        );
      };
    },
  });
}
