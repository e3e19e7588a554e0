/**
 * At most `limit` tasks in flight, across every batch given to the pool; waiting tasks start in
 * the order they were given. Tasks given the same key run one after the other.
 */
export class WorkPool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly lastOfKey = new Map<string, Promise<unknown>>();

  constructor(private readonly limit: number) {}

  run<T>(key: string | undefined, task: () => Promise<T>): Promise<T> {
    if (key === undefined) return this.inSlot(task);
    const previous = this.lastOfKey.get(key);
    const current = previous ? previous.then(() => this.inSlot(task), () => this.inSlot(task)) : this.inSlot(task);
    this.lastOfKey.set(key, current);
    const forget = () => {
      if (this.lastOfKey.get(key) === current) this.lastOfKey.delete(key);
    };
    current.then(forget, forget);
    return current;
  }

  private async inSlot<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the finishing task hands its slot over
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
