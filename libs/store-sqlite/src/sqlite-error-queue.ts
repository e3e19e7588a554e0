/**
 * The error queue in a tenant's SQLite file: parked documents, at most one open entry per
 * document. The store calls `park` inside its own transaction (with the ledger row and the
 * activity row of the same park).
 */
import type Database from 'better-sqlite3';
import { errorConditions, Params, paramsValue, toErrorEntry, whereClause, type ErrorFilter, type ErrorPaging, type ErrorQueueEntry, type ParkInput, type Row } from '@koppelwerk/engine';

export class SqliteErrorQueue {
  constructor(private readonly statement: (sql: string) => Database.Statement) {}

  /** Opens an entry for the document, or updates its open one (attempts + 1). Returns the entry's id. */
  park(input: ParkInput, now: string): number {
    const rawJson = input.raw === undefined ? null : JSON.stringify(input.raw);
    const { errorClass, code, message, hint, field, params } = input.error;
    const details = [errorClass, code ?? null, message, hint ?? null, field ?? null, paramsValue(params)];
    const open = this.statement('SELECT id FROM error_queue WHERE document_key = ? AND resolved_at IS NULL').get(input.documentKey) as
      | Row
      | undefined;
    if (open) {
      this.statement(
        `UPDATE error_queue SET kind = COALESCE(?, kind), raw_json = COALESCE(?, raw_json), record_json = COALESCE(?, record_json),
           error_class = ?, code = ?, message = ?, hint = ?, field = ?, params = ?, attempts = attempts + 1, last_seen = ?
         WHERE id = ?`,
      ).run(input.kind, rawJson, input.recordJson, ...details, now, open.id);
      return open.id as number;
    }
    const inserted = this.statement(
      `INSERT INTO error_queue (document_key, kind, raw_json, record_json, error_class, code, message, hint, field, params, attempts, first_seen, last_seen)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    ).run(input.documentKey, input.kind, rawJson, input.recordJson, ...details, now, now);
    return Number(inserted.lastInsertRowid);
  }

  /** Closes the document's open entry (it was booked). */
  resolveOpen(documentKey: string, resolution: string, now: string): void {
    this.statement('UPDATE error_queue SET resolved_at = ?, resolution = ? WHERE document_key = ? AND resolved_at IS NULL').run(
      now,
      resolution,
      documentKey,
    );
  }

  /** Closes one open entry; false when there is no open entry with that id. */
  resolve(id: number, resolution: string, now: string): boolean {
    return this.statement('UPDATE error_queue SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL').run(now, resolution, id).changes > 0;
  }

  /** By id, one page (see `ErrorPaging`). */
  list(filter: ErrorFilter & ErrorPaging): ErrorQueueEntry[] {
    const params = new Params('sqlite');
    const where = errorConditions(filter, params);
    if (!where) return [];
    const sql = `SELECT * FROM error_queue ${whereClause(where)} ORDER BY id ${params.page(filter)}`;
    return (this.statement(sql).all(...params.values) as Row[]).map(toErrorEntry);
  }

  count(filter: ErrorFilter): number {
    const params = new Params('sqlite');
    const where = errorConditions(filter, params);
    if (!where) return 0;
    return (this.statement(`SELECT COUNT(*) AS n FROM error_queue ${whereClause(where)}`).get(...params.values) as Row).n as number;
  }

  countOpen(): number {
    return (this.statement('SELECT COUNT(*) AS n FROM error_queue WHERE resolved_at IS NULL').get() as Row).n as number;
  }
}
