/**
 * Deterministic relation codes of at most 15 characters: the same source party always gets the
 * same code, so returning customers are found, never duplicated.
 */
import { createHash } from 'node:crypto';
import { RecordError, type Relation } from '@koppelwerk/core';
import { worded } from './worded';

export type MatchBy = 'email' | 'source-id' | 'name';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

export interface RelationKey {
  /** What identified the party: `email`, `source-id` or `name`. */
  matchedBy: MatchBy;
  key: string;
}

/** The identity of a party under the tenant's matching rule, falling back when the field is empty. */
export function relationKey(relation: Relation, matchBy: MatchBy): RelationKey {
  const email = relation.email?.trim().toLowerCase();
  const name = relation.name?.trim().replace(/\s+/g, ' ').toLowerCase();
  const sourceId = relation.sourceId?.trim();
  const order: MatchBy[] = matchBy === 'email' ? ['email', 'source-id', 'name'] : matchBy === 'name' ? ['name', 'source-id', 'email'] : ['source-id', 'email', 'name'];
  for (const candidate of order) {
    const value = candidate === 'email' ? email : candidate === 'name' ? name : sourceId;
    if (value) return { matchedBy: candidate, key: value };
  }
  throw new RecordError(...worded('MAP_NO_RELATION_KEY', {}, { field: 'relation' }));
}

/**
 * The codes of one compiled mapping. Returning customers are the common case, so recent hashes are
 * remembered; each mapping (so each tenant) has its own memory, never shared.
 */
export class RelationCodes {
  private readonly recent = new Map<string, string>();

  constructor(private readonly limit = 10_000) {}

  code(relation: Relation, matchBy: MatchBy, prefix: string, maxLength = 15): { code: string; key: RelationKey } {
    const key = relationKey(relation, matchBy);
    const roleMark = relation.role === 'creditor' ? 'C' : '';
    const room = maxLength - prefix.length - roleMark.length;
    if (key.matchedBy === 'source-id' && /^[A-Za-z0-9-]+$/.test(key.key) && key.key.length <= room) {
      return { code: `${prefix}${roleMark}${key.key.toUpperCase()}`, key };
    }
    return { code: `${prefix}${roleMark}${this.hash(`${relation.role}|${key.matchedBy}|${key.key}`, room)}`, key };
  }

  private hash(text: string, length: number): string {
    const cacheKey = `${length}|${text}`;
    const cached = this.recent.get(cacheKey);
    if (cached) return cached;
    const code = hashCode(text, length);
    if (this.recent.size >= this.limit) this.recent.clear();
    this.recent.set(cacheKey, code);
    return code;
  }
}

function hashCode(text: string, length: number): string {
  const digest = createHash('sha256').update(text).digest();
  let out = '';
  for (let i = 0; out.length < length; i++) out += ALPHABET[digest[i] & 31];
  return out;
}
