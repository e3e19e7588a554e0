/**
 * FactuurSturen sends lists as objects keyed `line1`, `line2`... (or `tax1`, `item1`), and an empty
 * list as `[]`. This reads either shape, in the order of the keys' numbers.
 */
export function keyedList<T>(value: unknown): { key: string; value: T }[] | undefined {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.map((entry, index) => ({ key: String(index + 1), value: entry as T }));
  if (typeof value !== 'object') return undefined;
  return Object.entries(value as Record<string, T>)
    .map(([key, entry]) => ({ key, value: entry, order: Number(/(\d+)$/.exec(key)?.[1] ?? Number.NaN) }))
    .sort((a, b) => (Number.isNaN(a.order) || Number.isNaN(b.order) ? 0 : a.order - b.order))
    .map(({ key, value: entry }) => ({ key, value: entry }));
}
