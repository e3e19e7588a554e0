/**
 * Personal-data retention for the state database (`state.retainDays`). The state holds customers'
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
 *
 * Each statement reads a partial index that holds only rows still carrying data, so a pass costs
 * what it removes, not the size of the history.
 */
import type Database from 'better-sqlite3';
import type { RetentionResult } from './state-store';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The note that replaces a resolved error entry's message once its details are removed. */
export function erasedErrorMessage(retainDays: number): string {
  return `details removed ${retainDays} ${retainDays === 1 ? 'day' : 'days'} after it was resolved (state.retainDays)`;
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

/** The retention pass over one open state database. */
export class StateRetention {
  private readonly erase: Database.Transaction<(at: { cutoff: string; now: string; message: string }) => RetentionResult>;

  constructor(
    private readonly db: Database.Database,
    readonly retainDays: number,
  ) {
    checkRetainDays(retainDays);
    const bookedBookings = db.prepare(
      `UPDATE ledger SET booking_json = NULL
       WHERE state = 'booked' AND booking_json IS NOT NULL AND booked_at < @cutoff`,
    );
    const givenUpBookings = db.prepare(
      `UPDATE ledger SET booking_json = NULL
       WHERE state = 'failed' AND booking_json IS NOT NULL AND updated_at < @cutoff
         AND NOT EXISTS (
           SELECT 1 FROM error_queue q
           WHERE q.document_key = ledger.document_key AND (q.resolved_at IS NULL OR q.resolved_at >= @cutoff)
         )`,
    );
    const resolvedErrors = db.prepare(
      `UPDATE error_queue SET raw_json = NULL, record_json = NULL, hint = NULL, message = @message, erased_at = @now
       WHERE resolved_at IS NOT NULL AND erased_at IS NULL AND resolved_at < @cutoff`,
    );
    const activityMessages = db.prepare(
      `UPDATE activity SET message = NULL
       WHERE message IS NOT NULL AND at < @cutoff
         AND (document_key IS NULL OR NOT EXISTS (
           SELECT 1 FROM error_queue q WHERE q.document_key = activity.document_key AND q.resolved_at IS NULL
         ))`,
    );
    this.erase = db.transaction(({ cutoff, now, message }): RetentionResult => {
      const bookings = bookedBookings.run({ cutoff }).changes + givenUpBookings.run({ cutoff }).changes;
      const errorEntries = resolvedErrors.run({ cutoff, now, message }).changes;
      const activity = activityMessages.run({ cutoff }).changes;
      return { cutoff, bookings, errorEntries, activity };
    });
  }

  /**
   * Removes the personal data that is older than the period at `now`, in one transaction. When
   * anything was removed, the write-ahead log is checkpointed and truncated, so the old copies of
   * the rows leave the WAL file too (the store runs with `secure_delete`, so the database file
   * keeps no copy in its free space).
   */
  apply(now: Date): RetentionResult {
    const result = this.erase.immediate({
      cutoff: retentionCutoff(now, this.retainDays),
      now: now.toISOString(),
      message: erasedErrorMessage(this.retainDays),
    });
    if (result.bookings + result.errorEntries + result.activity > 0) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
    return result;
  }
}
