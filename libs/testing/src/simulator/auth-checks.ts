/**
 * Credential checks simulators share. Each answers `ok`, `missing` or `invalid`, so the simulator
 * can answer in its own wire format. Revoked credentials (a fault) are always `invalid`.
 */
import type { IncomingHttpHeaders } from 'node:http';

export type AuthOutcome = 'ok' | 'missing' | 'invalid';

/** Every expected query parameter present with its expected value (`?token=...&partner_token=...`). */
export function checkQueryTokens(query: URLSearchParams, expected: Record<string, string>, revoked = false): AuthOutcome {
  const names = Object.keys(expected);
  if (names.some((name) => !query.get(name))) return 'missing';
  if (revoked) return 'invalid';
  return names.every((name) => query.get(name) === expected[name]) ? 'ok' : 'invalid';
}

/** HTTP Basic auth with the given username and password. */
export function checkBasicAuth(headers: IncomingHttpHeaders, expected: { username: string; password: string }, revoked = false): AuthOutcome {
  const header = headers.authorization;
  if (!header || !/^basic\s+/i.test(header)) return 'missing';
  const decoded = Buffer.from(header.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'invalid';
  if (revoked) return 'invalid';
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  return username === expected.username && password === expected.password ? 'ok' : 'invalid';
}
