/** What every FactuurSturen route shares: Basic auth, the hourly quota, JSON or XML, list paging and date filters. */
import { checkBasicAuth, json, SimHttpError, text, type RouteHandler, type SimRequest, type SimResponse } from '@koppelwerk/testing';
import type { SimQuota } from './sim-quota';
import { toXml } from './xml-body';

export type ApiRoute = (resource: string, handler: (request: SimRequest) => unknown) => RouteHandler;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Wraps a handler that returns records: auth first, then the quota, then the body in the asked format. */
export function apiRoute(credentials: () => { username: string; apiKey: string }, quota: SimQuota): ApiRoute {
  return (resource, handler) => (request) => {
    const login = credentials();
    const outcome = checkBasicAuth(request.headers, { username: login.username, password: login.apiKey }, request.credentialsRevoked);
    if (outcome !== 'ok') throw new SimHttpError(401, outcome === 'missing' ? 'Authentication required' : 'Invalid username or API key');
    const left = quota.take();
    if (left === null) throw new SimHttpError(403, 'API limit reached for this hour', { 'x-ratelimit-remaining': '0' });
    const headers = { 'x-ratelimit-remaining': String(left) };
    const body = handler(request);
    const accept = String(request.headers.accept ?? '');
    if (!accept.includes('application/json')) return withHeaders(text(toXml(resource, body), 200, 'application/xml; charset=utf-8'), headers);
    return json(body, 200, headers);
  };
}

function withHeaders(response: SimResponse, headers: Record<string, string>): SimResponse {
  return { ...response, headers: { ...response.headers, ...headers } };
}

/** `since`/`until` (yyyy-mm-dd) on a record's date; a record without a date only passes without filters. */
export function byDate(date: string | undefined, query: URLSearchParams): boolean {
  const since = dayParam(query, 'since');
  const until = dayParam(query, 'until');
  if (since && (!date || date < since)) return false;
  if (until && (!date || date > until)) return false;
  return true;
}

function dayParam(query: URLSearchParams, name: string): string | null {
  const value = query.get(name);
  if (value !== null && value !== '' && !DAY.test(value)) throw new SimHttpError(400, `${name} must be a date as YYYY-MM-DD`);
  return value || null;
}

/** `count` (page size; -1 or absent = all) and `offset` or its alias `start`. */
export function pageOfList<T>(items: T[], query: URLSearchParams): T[] {
  const count = whole(query, 'count', -1, -1) ?? -1;
  const offset = whole(query, 'offset', null, 0) ?? whole(query, 'start', 0, 0) ?? 0;
  return count === -1 ? items.slice(offset) : items.slice(offset, offset + count);
}

function whole(query: URLSearchParams, name: string, fallback: number | null, min: number): number | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw) || Number(raw) < min || (min === -1 && Number(raw) === 0)) throw new SimHttpError(400, `${name} must be a whole number`);
  return Number(raw);
}
