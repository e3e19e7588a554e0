/**
 * A value from a source's record as a person reads it in an error: quoted as JSON, or `missing` when
 * the record left it out. Never the word `undefined`.
 */
export function shown(value: unknown): string {
  if (value === undefined || value === null) return 'missing';
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? String(value);
}
