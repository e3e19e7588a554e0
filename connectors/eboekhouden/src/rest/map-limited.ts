/** Detail reads over REST (one per relation, product or mutation) run this many at a time. */
export const DETAIL_CONCURRENCY = 4;

/** `fn` over every item, at most DETAIL_CONCURRENCY at a time, results in order. */
export async function mapLimited<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(DETAIL_CONCURRENCY, items.length) }, worker));
  return results;
}
