/**
 * What commands print: human text, or one JSON document with `--json`. Everything printed passes
 * through the redactor, so a secret can never reach the terminal.
 */
import { Decimal, Redactor } from '@koppelwerk/core';

export class Output {
  /**
   * The language of the texts the state keeps (a parked document's reason, why a run ended), as the
   * catalogue words them: English unless `--language nl` or the locale asks for Dutch.
   */
  language: 'nl' | 'en' = 'en';

  constructor(
    readonly json: boolean,
    readonly redactor: Redactor = new Redactor(),
    private readonly out: NodeJS.WritableStream = process.stdout,
    private readonly err: NodeJS.WritableStream = process.stderr,
  ) {}

  /** A line for people (suppressed with --json). */
  line(text = ''): void {
    if (!this.json) this.out.write(this.redactor.redactText(text) + '\n');
  }

  /** The command's result: printed as JSON with --json. */
  result(value: unknown): void {
    if (this.json) this.out.write(JSON.stringify(this.redactor.redact(value), null, 2) + '\n');
  }

  /** Problems go to stderr in both modes (as JSON with --json). */
  error(message: string, details?: unknown): void {
    if (this.json) this.err.write(JSON.stringify(this.redactor.redact({ error: message, ...(details as object) })) + '\n');
    else this.err.write(this.redactor.redactText(message) + '\n');
  }
}

/**
 * A listing for people: a header row, then the rows, each column as wide as its widest cell.
 * Columns named in `right` (by index) are right-aligned, for amounts.
 */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], right: readonly number[] = []): string[] {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (right.includes(i) ? (cell ?? '').padStart(widths[i]) : (cell ?? '').padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [format(headers), ...rows.map(format)];
}

/** An amount with two decimals (`12.50`), exact for decimals and decimal strings. */
export function money(value: Decimal | string | number | bigint | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value === 'number') return Number.isFinite(value) ? Decimal.fromNumber(value).toFixed(2) : '-';
  if (typeof value === 'string') {
    const parsed = Decimal.tryParse(value.trim());
    return parsed ? parsed.toFixed(2) : value;
  }
  return Decimal.of(value).toFixed(2);
}
