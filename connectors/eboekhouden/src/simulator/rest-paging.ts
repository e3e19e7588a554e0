/**
 * Paging and filters of the REST API's list endpoints, as the spec's description states them:
 * `limit` 1–2000 (default 100, PAGE_001), `offset` ≥ 0 (default 0, PAGE_002); answers
 * `{ items, count }` where `count` is "the number of retrieved items" (the items on this page: the
 * spec's wording, so a client pages until a page is shorter than its limit).
 *
 * Filters are `param=value` or `param[op]=value`, one per parameter: strings `eq` (default),
 * `not_eq`, `like`, `not_like` (wildcards `%` and `?`); numbers and dates also `gt`, `gte`, `lt`,
 * `lte` and `range=a,b` (inclusive). Not documented, chosen here: `eq` on strings is exact, `like`
 * ignores case; an unknown operator or an unreadable value is ERR_002 on that parameter; query
 * parameters an endpoint does not know are ignored, as ASP.NET ignores them.
 */
import { invalid } from './rest-errors';

export interface RestPaging {
  limit: number;
  offset: number;
}

export function readRestPaging(query: URLSearchParams): RestPaging {
  const limit = query.get('limit');
  const offset = query.get('offset');
  const parsedLimit = limit === null || limit === '' ? 100 : /^-?\d+$/.test(limit) ? Number(limit) : NaN;
  const parsedOffset = offset === null || offset === '' ? 0 : /^-?\d+$/.test(offset) ? Number(offset) : NaN;
  if (!(parsedLimit >= 1 && parsedLimit <= 2000)) throw invalid('PAGE_001', 'limit');
  if (!(parsedOffset >= 0)) throw invalid('PAGE_002', 'offset');
  return { limit: parsedLimit, offset: parsedOffset };
}

export function restPage<T>(items: readonly T[], paging: RestPaging): { items: T[]; count: number } {
  const page = items.slice(paging.offset, paging.offset + paging.limit);
  return { items: page, count: page.length };
}

export type FilterKind = 'string' | 'number' | 'date' | 'boolean';
type Value = string | number | boolean | null | undefined;

interface Filter {
  param: string;
  test: (value: Value) => boolean;
}

const OPS: Record<FilterKind, readonly string[]> = {
  string: ['eq', 'not_eq', 'like', 'not_like'],
  number: ['eq', 'not_eq', 'gt', 'gte', 'lt', 'lte', 'range'],
  date: ['eq', 'not_eq', 'gt', 'gte', 'lt', 'lte', 'range'],
  boolean: ['eq'],
};

/** The filters of a query, for the parameters `spec` names (parameter → kind). */
export function readFilters(query: URLSearchParams, spec: Record<string, FilterKind>): RestFilters {
  const filters: Filter[] = [];
  const seen = new Set<string>();
  for (const [key, raw] of query.entries()) {
    const match = /^([A-Za-z0-9]+)(?:\[([a-z_]+)\])?$/.exec(key);
    if (!match || !(match[1] in spec)) continue;
    const [, param, op = 'eq'] = match;
    const kind = spec[param];
    // "Currently only one filter can be applied to a parameter."
    if (seen.has(param) || !OPS[kind].includes(op)) throw invalid('ERR_002', param);
    seen.add(param);
    filters.push({ param, test: compile(kind, op, raw, param) });
  }
  return new RestFilters(filters);
}

export class RestFilters {
  constructor(private readonly filters: readonly Filter[]) {}

  /** Whether the query filters on `param`. */
  has(param: string): boolean {
    return this.filters.some((f) => f.param === param);
  }

  matches(read: (param: string) => Value): boolean {
    return this.filters.every((f) => f.test(read(f.param)));
  }
}

function compile(kind: FilterKind, op: string, raw: string, param: string): (value: Value) => boolean {
  if (kind === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw invalid('ERR_002', param);
    return (value) => Boolean(value) === (raw === 'true');
  }
  if (kind === 'string') {
    if (op === 'eq') return (value) => String(value ?? '') === raw;
    if (op === 'not_eq') return (value) => String(value ?? '') !== raw;
    const pattern = new RegExp(`^${raw.replace(/[.*+^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/\?/g, '.')}$`, 'is');
    return op === 'like' ? (value) => pattern.test(String(value ?? '')) : (value) => !pattern.test(String(value ?? ''));
  }
  const read = (text: string): string | number => {
    if (kind === 'number' && /^-?\d+$/.test(text)) return Number(text);
    if (kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text))) return text;
    throw invalid('ERR_002', param);
  };
  const key = (value: Value): string | number | null => (value === null || value === undefined || value === '' ? null : kind === 'number' ? Number(value) : String(value).slice(0, 10));
  if (op === 'range') {
    const parts = raw.split(',');
    if (parts.length !== 2) throw invalid('ERR_002', param);
    const [low, high] = parts.map(read);
    return (value) => {
      const k = key(value);
      return k !== null && k >= low && k <= high;
    };
  }
  const wanted = read(raw);
  const compare: Record<string, (k: string | number) => boolean> = {
    eq: (k) => k === wanted,
    not_eq: (k) => k !== wanted,
    gt: (k) => k > wanted,
    gte: (k) => k >= wanted,
    lt: (k) => k < wanted,
    lte: (k) => k <= wanted,
  };
  return (value) => {
    const k = key(value);
    return op === 'not_eq' ? k !== wanted : k !== null && compare[op](k);
  };
}
