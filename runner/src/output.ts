/**
 * What commands print: human text, or one JSON document with `--json`. Everything printed passes
 * through the redactor, so a secret can never reach the terminal.
 */
import { Redactor } from '@koppelwerk/core';

export class Output {
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
