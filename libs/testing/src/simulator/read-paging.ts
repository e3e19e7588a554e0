/** Limit/offset paging as most REST APIs do it. */
import { SimHttpError } from './sim-http-error';

export interface Paging {
  limit: number;
  offset: number;
}

export interface PagingOptions {
  defaultLimit: number;
  maxLimit: number;
  limitParam?: string;
  offsetParam?: string;
  /** What the real API does with a limit above the maximum: cap it (default) or refuse with 400. */
  overMax?: 'cap' | 'refuse';
}

/** Reads limit and offset from a query; a 400 for values that are not whole numbers. */
export function readPaging(query: URLSearchParams, options: PagingOptions): Paging {
  const limitParam = options.limitParam ?? 'limit';
  const offsetParam = options.offsetParam ?? 'offset';
  const limit = readWhole(query, limitParam, options.defaultLimit, 1);
  const offset = readWhole(query, offsetParam, 0, 0);
  if (limit > options.maxLimit) {
    if (options.overMax === 'refuse') throw new SimHttpError(400, `${limitParam} must be at most ${options.maxLimit}`);
    return { limit: options.maxLimit, offset };
  }
  return { limit, offset };
}

/** The records of one page. */
export function pageOf<T>(items: readonly T[], paging: Paging): T[] {
  return items.slice(paging.offset, paging.offset + paging.limit);
}

function readWhole(query: URLSearchParams, name: string, fallback: number, min: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new SimHttpError(400, `${name} must be a whole number of at least ${min}`);
  return Number(raw);
}
