/**
 * JSON that keeps exact decimals: a Decimal is written as `{"$decimal":"12.10"}` (scale kept) and
 * read back as a Decimal. Object keys are sorted, so equal values always give equal text (and hash).
 * Used for the canonical record in the error queue and the booking in the ledger.
 */
import { Decimal } from '@koppelwerk/core';

const DECIMAL_TAG = '$decimal';

export function encodeJson(value: unknown): string {
  return JSON.stringify(normalizeJson(value));
}

export function decodeJson<T>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const tagged = value as Record<string, unknown>;
      const keys = Object.keys(tagged);
      if (keys.length === 1 && keys[0] === DECIMAL_TAG && typeof tagged[DECIMAL_TAG] === 'string') {
        return Decimal.parse(tagged[DECIMAL_TAG]);
      }
    }
    return value;
  }) as T;
}

/** The value as encodeJson writes it, before the text: decimals tagged, keys sorted, undefined left out. */
export function normalizeJson(value: unknown): unknown {
  if (value instanceof Decimal) return { [DECIMAL_TAG]: value.toFixed(value.scale) };
  if (Array.isArray(value)) return value.map(normalizeJson);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = normalizeJson(item);
    }
    return out;
  }
  return value;
}
