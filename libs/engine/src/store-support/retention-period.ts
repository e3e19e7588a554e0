/**
 * Personal-data retention (`state.retainDays`): the rules every store applies in its own SQL
 * (`RetentionStore.applyRetention`, after every finished run). The state holds customers'
 * names, e-mail and postal addresses: in each booking as sent, in the raw and canonical records of
 * parked documents and in activity messages. Once a document is done, that data has no further
 * use; after the retention period it is removed, while everything exactly-once needs stays: the
 * document key and kind, the ledger state, the invoice number, the sink's id and the booking's hash.
 *
 * What is removed once older than the period (docs/operations.md, "Personal data"):
 * - a booked document's booking (`ledger.booking_json`), counted from its booking;
 * - a given-up document's booking (ledger `failed` with every error entry resolved, i.e.
 *   dismissed), counted from the last resolution;
 * - a resolved error entry's raw and canonical record, message and hint (replaced by a note that
 *   says so), counted from its resolution;
 * - activity messages (relation names, warnings), except those of a document that is still open
 *   in the error queue.
 * Kept whatever their age: open error entries (a user must be able to reprocess them), pending and
 * in-doubt bookings (still to be written or settled), cursors, dots and run history.
 */

import { FAMILY_PARAM } from '@koppelwerk/core';
import { worded } from '../worded';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The note that replaces a resolved error entry's message once its details are removed. */
export function erasedErrorMessage(retainDays: number): string {
  return worded.text('STATE_DETAILS_ERASED', { retainDays }).message;
}

/**
 * The params that replace an erased entry's own (JSON): the note's, with the note as their family,
 * so the entry keeps its code and is worded as the note in every language.
 */
export function erasedErrorParams(retainDays: number): string {
  return JSON.stringify({ [FAMILY_PARAM]: 'STATE_DETAILS_ERASED', retainDays });
}

/** The instant before which finished documents' personal data goes, as ISO text. */
export function retentionCutoff(now: Date, retainDays: number): string {
  return new Date(now.getTime() - retainDays * DAY_MS).toISOString();
}

/** Validates a retention period in days: a whole number of at least 1. */
export function checkRetainDays(retainDays: number): number {
  if (!Number.isInteger(retainDays) || retainDays < 1) {
    throw new Error(`state.retainDays must be a whole number of days, at least 1 (got ${retainDays})`);
  }
  return retainDays;
}

