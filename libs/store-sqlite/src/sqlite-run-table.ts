/**
 * The dots and the run history in a tenant's SQLite file: one `checks` row per side (its last
 * check) and one `runs` row per run. Each text is kept in English with its catalogue code and
 * params beside it, so a page can word it in its own language.
 */
import type Database from 'better-sqlite3';
import { checkParams, type CheckResult } from '@koppelwerk/core';
import { paramsValue, toCheckRecord, toRunRecord, type CheckRecord, type Row, type RunMode, type RunRecord, type RunResult, type Side } from '@koppelwerk/engine';

export class SqliteRunTable {
  constructor(private readonly statement: (sql: string) => Database.Statement) {}

  saveCheck(side: Side, result: CheckResult, now: string): void {
    this.statement(
        `INSERT INTO checks (side, ok, reason, hint, details_json, error_class, code, params, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (side) DO UPDATE SET ok = excluded.ok, reason = excluded.reason, hint = excluded.hint, details_json = excluded.details_json,
           error_class = excluded.error_class, code = excluded.code, params = excluded.params, checked_at = excluded.checked_at`,
      )
      .run(
        side,
        result.ok ? 1 : 0,
        result.reason ?? null,
        result.hint ?? null,
        result.details ? JSON.stringify(result.details) : null,
        result.errorClass ?? null,
        result.code ?? null,
        paramsValue(checkParams(result)),
        now,
      );
  }

  checks(): CheckRecord[] {
    return (this.statement('SELECT * FROM checks ORDER BY side').all() as Row[]).map(toCheckRecord);
  }

  forgetCheck(side: Side): boolean {
    return this.statement('DELETE FROM checks WHERE side = ?').run(side).changes > 0;
  }

  startRun(run: { runId: string; mode: RunMode }, now: string): void {
    this.statement('INSERT INTO runs (run_id, mode, started_at) VALUES (?, ?, ?)').run(run.runId, run.mode, now);
  }

  finishRun(runId: string, result: RunResult, now: string): void {
    this.statement('UPDATE runs SET ended_at = ?, counts_json = ?, outcome = ?, exit_code = ?, message = ?, code = ?, params = ? WHERE run_id = ?')
      .run(now, JSON.stringify(result.counts), result.outcome, result.exitCode, result.message ?? null, result.code ?? null, paramsValue(result.params), runId);
  }

  /** Newest first. */
  runs(limit: number): RunRecord[] {
    return (this.statement('SELECT * FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit) as Row[]).map(toRunRecord);
  }
}
