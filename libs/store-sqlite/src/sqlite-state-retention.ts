/**
 * The SQLite store's retention pass (`state.retainDays`): the rules of
 * libs/engine/src/store-support/retention-period.ts as SQLite statements, in one transaction.
 *
 * Each statement reads a partial index that holds only rows still carrying data, so a pass costs
 * what it removes, not the size of the history.
 */
import type Database from 'better-sqlite3';
import { checkRetainDays, erasedErrorMessage, erasedErrorParams, retentionCutoff, type RetentionResult } from '@koppelwerk/engine';

/** The retention pass over one open state database. */
export class SqliteStateRetention {
  private readonly erase: Database.Transaction<(at: { cutoff: string; now: string; message: string; params: string }) => RetentionResult>;

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
      `UPDATE error_queue SET raw_json = NULL, record_json = NULL, hint = NULL, message = @message, params = @params, erased_at = @now
       WHERE resolved_at IS NOT NULL AND erased_at IS NULL AND resolved_at < @cutoff`,
    );
    const activityMessages = db.prepare(
      `UPDATE activity SET message = NULL, params = NULL
       WHERE message IS NOT NULL AND at < @cutoff
         AND (document_key IS NULL OR NOT EXISTS (
           SELECT 1 FROM error_queue q WHERE q.document_key = activity.document_key AND q.resolved_at IS NULL
         ))`,
    );
    this.erase = db.transaction(({ cutoff, now, message, params }): RetentionResult => {
      const bookings = bookedBookings.run({ cutoff }).changes + givenUpBookings.run({ cutoff }).changes;
      const errorEntries = resolvedErrors.run({ cutoff, now, message, params }).changes;
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
      params: erasedErrorParams(this.retainDays),
    });
    if (result.bookings + result.errorEntries + result.activity > 0) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
    return result;
  }
}
