/**
 * Requests answered together by one statement (one round trip): the ones asked in the same turn of
 * the event loop, and the ones asked while the previous statement of this batch was on its way.
 * One statement per batch is in flight at a time, so a busy run sends fewer, larger statements
 * instead of more of them (the server's cost is mostly per statement: parse, plan, commit), and a
 * quiet one sends each request after one turn. A failed statement fails every request in it.
 */
interface Waiting<K, R> {
  key: K;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class StatementBatch<K, R> {
  private waiting: Waiting<K, R>[] = [];
  private sending = false;

  /** `answer` gets the keys in the order asked and returns one result per key, in that order. */
  constructor(private readonly answer: (keys: K[]) => Promise<R[]>) {}

  ask(key: K): Promise<R> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      if (this.waiting.length === 1 && !this.sending) setImmediate(() => void this.send());
    });
  }

  private async send(): Promise<void> {
    const batch = this.waiting.splice(0);
    if (batch.length === 0) return;
    this.sending = true;
    try {
      const results = await this.answer(batch.map((entry) => entry.key));
      batch.forEach((entry, index) => entry.resolve(results[index]));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    } finally {
      this.sending = false;
      // What was asked meanwhile, with what the answered requests ask next in this turn.
      if (this.waiting.length > 0) setImmediate(() => void this.send());
    }
  }
}
