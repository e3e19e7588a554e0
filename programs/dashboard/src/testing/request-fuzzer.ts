/**
 * Malformed requests for the dashboard's fuzz test, from a seeded generator (the same seed gives
 * the same requests): random and mangled paths, methods, headers, query strings, ids, cookies,
 * CSRF tokens and bodies. Never a valid CSRF token: nothing they do may change anything.
 */
import type { RawRequest } from './dashboard-client';

/** mulberry32: small, fast, good enough to pick test cases. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzContext {
  /** A real session cookie (`name=value`), to send as is or mangled. */
  sessionCookie?: string;
  /** A real CSRF token of another session or an older page, to send mangled or in the wrong place. */
  foreignToken?: string;
}

const TENANTS = ['shop-a', 'shop-b', 'shop-c', 'no-such', '', '..', '%2e%2e', '<script>', 'shop-a%00', 'ſhop-a', 'SHOP-A', 'shop-a/..', '%E0%A4%A', 'a'.repeat(300)];
const TABS = ['errors', 'activity', 'runs', 'explain', 'reprocess', 'dismiss', 'check', 'sync', 'errors/1', 'errors/-1', 'errors/1e3', 'errors/0x10', 'errors/99999999999999999999999', 'errors/%20', 'errors/1/2', ''];
const FIXED = ['/', '/login', '/logout', '/metrics', '/api', '/api/', '/api/csrf', '/api/tenants', '/static/dashboard.css', '/static/select-all.js', '/static/../dashboard-server.ts', '/static/%2e%2e/x', '/favicon.ico', '//', '/__proto__', '/constructor', '/tenants', '/tenants/', '/%', '/%%', '/\u00e9', '/login?', '/login#x', '*'];
const QUERY_KEYS = ['page', 'class', 'q', 'before', 'document', 'lang', 'resolved', 'ids', '__proto__', 'constructor', 'page[]', 'a[b]', ''];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'POST', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'FOO'];
const CONTENT_TYPES = ['application/x-www-form-urlencoded', 'application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded; charset=latin1', '', 'garbage', '*/*'];
const BODY_KEYS = ['_csrf', 'ids', 'all', 'class', 'back', 'username', 'password', '__proto__', 'constructor', 'prototype', ''];

export function fuzzRequest(random: () => number, context: FuzzContext): RawRequest & { headers: Record<string, string> } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;
  const junk = (max: number) => {
    const alphabet = 'abcXYZ019-_.~!$&\'()*+,;=:@/?#[]%<>"{}|\\^` \u00e9\u4e2d\ud83d\ude00\u0000\u202e';
    return Array.from({ length: Math.floor(random() * max) }, () => pick([...alphabet])).join('');
  };
  const value = (): string =>
    pick([
      '1',
      '0',
      '-1',
      '2.5',
      '1e308',
      '99999999999999999999',
      'NaN',
      'record',
      'authentication',
      'nonsense',
      'en',
      'nl',
      'de',
      '',
      '<script>alert(1)</script>',
      "' OR 1=1 --",
      '../../etc/passwd',
      '%00',
      'x'.repeat(5000),
      junk(40),
    ]);

  let path = chance(0.5) ? `/tenants/${encodeURIComponent(pick(TENANTS))}/${pick(TABS)}` : pick(FIXED);
  if (chance(0.15)) path = `/${junk(60)}`;
  if (chance(0.1)) path = path.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`);
  if (chance(0.4)) {
    const params = Array.from({ length: 1 + Math.floor(random() * 4) }, () => `${pick(QUERY_KEYS)}=${chance(0.8) ? encodeURIComponent(value()) : junk(20)}`);
    path += (path.includes('?') ? '&' : '?') + params.join('&');
  }
  // The HTTP client refuses raw spaces and control characters in the path; the server still gets them encoded.
  path = path.replace(/[\u0000-\u0020\u007f-\u{10ffff}]/gu, (c) => encodeURIComponent(c));
  if (!path.startsWith('/') && path !== '*') path = `/${path}`;

  const headers: Record<string, string> = {};
  if (context.sessionCookie && chance(0.85)) {
    headers.cookie = pick([
      context.sessionCookie,
      context.sessionCookie,
      `${context.sessionCookie}x`,
      context.sessionCookie.replace(/.$/, 'A'),
      `${context.sessionCookie}; koppelwerk_lang=${value().replace(/[^\x21-\x7e]/g, '')}`,
    ]);
  } else if (chance(0.3)) {
    headers.cookie = pick(['koppelwerk_session=', 'koppelwerk_session=abc.def', `koppelwerk_session=${junk(30).replace(/[^\x21-\x7e]/g, '')}`, 'koppelwerk_lang=en', '=;;=', 'a=b; a=c']);
  }
  if (chance(0.5)) {
    const forged = context.foreignToken ?? 'token';
    headers['x-csrf-token'] = pick([forged, `${forged}a`, forged.slice(1), 'null', 'undefined', junk(30).replace(/[^\x21-\x7e]/g, '')]);
  }
  if (chance(0.2)) headers.accept = pick(['application/json', 'text/html', '*/*', junk(10).replace(/[^\x21-\x7e]/g, '')]);
  if (chance(0.2)) headers['x-forwarded-for'] = pick(['1.2.3.4', 'not-an-ip', '::1', '999.999.999.999', '']);
  if (chance(0.1)) headers['x-forwarded-proto'] = pick(['https', 'gopher', '']);
  if (chance(0.1)) headers[`x-${Math.floor(random() * 1000)}`] = junk(50).replace(/[^\x20-\x7e]/g, '');

  const method = pick(METHODS);
  let body: string | Buffer | undefined;
  if (method !== 'GET' && method !== 'HEAD' && chance(0.85)) {
    const type = pick(CONTENT_TYPES);
    if (type) headers['content-type'] = type;
    const fields = Array.from({ length: Math.floor(random() * 6) }, () => [pick(BODY_KEYS), value()] as const);
    if (chance(0.5) && context.foreignToken) fields.push(['_csrf', pick([context.foreignToken, `${context.foreignToken}x`, ''])]);
    body = pick([
      () => fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
      () => JSON.stringify(Object.fromEntries(fields)),
      () => JSON.stringify({ ids: [1, '2', null, { a: 1 }, [3]], all: pick([true, 1, 'yes', null]), class: value(), _csrf: [context.foreignToken] }),
      () => JSON.stringify(pick([null, 1, 'text', [], [1, 2], { __proto__: { polluted: true } }])),
      () => '{"ids": [1, 2',
      () => junk(200),
      () => Buffer.from(Array.from({ length: 64 }, () => Math.floor(random() * 256))),
      () => 'ids=1&'.repeat(20_000),
      () => '_csrf[]=a&_csrf[]=b&ids[]=1',
    ])();
  }
  return { method, path, headers, body };
}
