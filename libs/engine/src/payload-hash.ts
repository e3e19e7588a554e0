/**
 * The fingerprint of what is sent for a document: the relation and the entry, not the remarks.
 * Stored in the ledger with each write, so a changed booking for the same document is visible.
 */
import { createHash } from 'node:crypto';
import type { Booking } from '@koppelwerk/core';
import { normalizeJson } from './json-codec';

/** The booking as stored in the ledger, and its fingerprint, from one normalisation. */
export function encodeBooking(booking: Booking): { bookingJson: string; hash: string } {
  const normalized = normalizeJson(booking) as Record<string, unknown>;
  // Keys come out sorted, so this is the same text as normalising { relation, entry } on its own.
  const hash = createHash('sha256').update(JSON.stringify({ entry: normalized.entry, relation: normalized.relation })).digest('hex');
  return { bookingJson: JSON.stringify(normalized), hash };
}

export function payloadHash(booking: Booking): string {
  return encodeBooking(booking).hash;
}
