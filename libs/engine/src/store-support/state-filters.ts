/**
 * The WHERE clauses of the store's list queries, written once for both SQL dialects: a store
 * passes a `Params` that numbers placeholders its own way (`?` for SQLite, `$n` for PostgreSQL).
 */
import type { ActivityFilter, ErrorFilter, LedgerState } from '../state-store';

export class Params {
  readonly values: unknown[] = [];

  constructor(private readonly style: 'sqlite' | 'postgres') {}

  /** Adds a value and returns its placeholder. */
  readonly bind = (value: unknown): string => {
    this.values.push(value);
    return this.style === 'sqlite' ? '?' : `$${this.values.length}`;
  };

  /** `IN (?, ?, ...)` for SQLite, `= ANY($n)` (one array, so one statement text) for PostgreSQL. */
  inList(values: readonly unknown[]): string {
    return this.style === 'sqlite' ? `IN (${values.map((value) => this.bind(value)).join(', ')})` : `= ANY(${this.bind(values)})`;
  }

  /**
   * Any of the columns contains the text, case-insensitively (SQLite's LIKE folds ASCII letters,
   * PostgreSQL's ILIKE all); `%`, `_` and `\` in the text are plain characters.
   */
  containsText(columns: readonly string[], text: string): string {
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const like = this.style === 'sqlite' ? 'LIKE' : 'ILIKE';
    return `(${columns.map((column) => `${column} ${like} ${this.bind(pattern)} ESCAPE '\\'`).join(' OR ')})`;
  }

  /** `LIMIT n OFFSET m` for a page; no limit: every row from the offset on. */
  page(paging: { limit?: number; offset?: number }): string {
    const limit = this.bind(paging.limit ?? (this.style === 'sqlite' ? -1 : null));
    return `LIMIT ${limit} OFFSET ${this.bind(paging.offset ?? 0)}`;
  }
}

export function whereClause(conditions: readonly string[]): string {
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}

export function ledgerConditions(filter: { state?: LedgerState; invoiceNumber?: string }, params: Params): string[] {
  const where: string[] = [];
  if (filter.state) where.push(`state = ${params.bind(filter.state)}`);
  if (filter.invoiceNumber !== undefined) where.push(`invoice_number = ${params.bind(filter.invoiceNumber)}`);
  return where;
}

/** Null when the filter can match nothing (an empty id list). */
export function errorConditions(filter: ErrorFilter, params: Params): string[] | null {
  if (filter.ids && filter.ids.length === 0) return null;
  const where: string[] = [];
  if (!filter.includeResolved) where.push('resolved_at IS NULL');
  if (filter.errorClass) where.push(`error_class = ${params.bind(filter.errorClass)}`);
  if (filter.documentKey !== undefined) where.push(`document_key = ${params.bind(filter.documentKey)}`);
  if (filter.ids) where.push(`id ${params.inList(filter.ids)}`);
  if (filter.text) where.push(params.containsText(['document_key', 'code', 'message'], filter.text));
  return where;
}

export function activityConditions(filter: ActivityFilter, params: Params): string[] {
  const where: string[] = [];
  for (const [column, value] of [
    ['document_key', filter.documentKey],
    ['relation_code', filter.relationCode],
    ['run_id', filter.runId],
  ] as const) {
    if (value !== undefined) where.push(`${column} = ${params.bind(value)}`);
  }
  if (filter.search) where.push(params.containsText(['document_key', 'relation_code', 'message'], filter.search));
  if (filter.beforeId !== undefined) where.push(`id < ${params.bind(filter.beforeId)}`);
  return where;
}
