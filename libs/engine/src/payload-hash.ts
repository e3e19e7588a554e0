/**
 * The fingerprint of what is sent for a document: the relation and the entry, not the remarks.
 * Stored in the ledger with each write, so a changed booking for the same document is visible.
 */
import { createHash } from 'node:crypto';
import type { Booking } from '@koppelwerk/core';
import { encodeJson } from './json-codec';

export function payloadHash(booking: Booking): string {
  return createHash('sha256')
    .update(encodeJson({ relation: booking.relation, entry: booking.entry }))
    .digest('hex');
}
