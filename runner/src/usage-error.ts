/**
 * Wrong command-line usage: a missing argument, an option value that makes no sense, an id or a
 * document this tenant does not have. Reported with its message and exit code 64; nothing was done.
 */
import { ExitCode } from '@koppelwerk/core/errors';

export class UsageError extends Error {
  readonly exitCode = ExitCode.usage;

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A document key the tenant's state does not know. */
export function noSuchDocument(key: string): UsageError {
  return new UsageError(`no document ${key} in this tenant's state`);
}
