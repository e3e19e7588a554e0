/**
 * The set-up of the engine's protocol specs (sync-engine*.spec.ts): one tenant with a fake shop, a
 * fake bookkeeping and a real SQLite state store, on which "processes" (fresh engine objects) run
 * and are killed. Not part of the package's build (src/testing/ is left out of it).
 */
import { MemoryLogger, Redactor } from '@koppelwerk/core';
import { SyncEngine, type StateStore, type SyncEngineOptions } from '@koppelwerk/engine';
import { crashable, CrashSwitch, FakeBookkeeping, FakeMapper, FakeShop, FakeSink, FakeSource, type FakeSourceOptions } from '@koppelwerk/engine/testing';
import { SqliteStateStore } from '../sqlite-state-store';

/** The one secret the tenant's logger and engine know: it must never appear anywhere. */
export const SECRET = 'wrong-code-123';

/** One tenant: a shop, a bookkeeping and a state database that outlive the "processes" run on them. */
export class SyncEngineTenant {
  readonly shop = new FakeShop();
  readonly books = new FakeBookkeeping();
  readonly alive = new Set<number>();
  readonly store = new SqliteStateStore({ path: ':memory:', isProcessAlive: (pid) => this.alive.has(pid) });
  readonly logger = new MemoryLogger(undefined, undefined, new Redactor([SECRET]));
  readonly sleeps: number[] = [];
  private nextPid = 100;

  constructor(orders = 0) {
    this.shop.addOrders(orders);
  }

  /** A fresh process: new engine, source and sink objects over the same shop, books and state. */
  process(
    options: {
      sink?: FakeSink;
      mapper?: FakeMapper;
      source?: FakeSourceOptions;
      crash?: CrashSwitch;
      engine?: SyncEngineOptions;
    } = {},
  ): { engine: SyncEngine; sink: FakeSink; source: FakeSource } {
    const pid = this.nextPid++;
    this.alive.add(pid);
    const sink = options.sink ?? new FakeSink(this.books);
    const source = new FakeSource(this.shop, { pageSize: 2, ...options.source });
    const crash = options.crash;
    const engine = new SyncEngine(
      {
        source: crash ? crashable(source, crash) : source,
        sink: crash ? crashable(sink, crash) : sink,
        store: crash ? crashable<StateStore>(this.store, crash) : this.store,
        mapper: options.mapper ?? new FakeMapper(),
        logger: this.logger,
        redactor: new Redactor([SECRET]),
      },
      {
        concurrency: 1,
        retry: { attempts: 3, sleep: async (ms) => void this.sleeps.push(ms), random: () => 0.5 },
        lock: { owner: { pid, host: 'test-host' } },
        ...options.engine,
      },
    );
    return { engine, sink, source };
  }

  /** The process died: its lock may be taken over. */
  kill(): void {
    this.alive.clear();
  }

  bookedNumbers(): string[] {
    return [...this.books.bookings.keys()].sort();
  }

  allNumbers(): string[] {
    return this.shop.orders.map((o) => o.number!).sort();
  }
}

/** Lets the event loop run until the condition holds (no wall-clock timing involved). */
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('condition never became true');
}
