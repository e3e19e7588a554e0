/** A `--from`/`--to` date option of the commands that read a date range (`sync --from D --to D`). */
import { isLocalDate, type LocalDate } from '@koppelwerk/core';
import { UsageError } from '@koppelwerk/core/errors';

/** A `--from`/`--to` option: a date as YYYY-MM-DD, or a usage error naming the option. */
export function dateOption(value: string | undefined, name: string): LocalDate | undefined {
  if (value === undefined) return undefined;
  if (!isLocalDate(value)) throw new UsageError(`${name}: expected a date as YYYY-MM-DD, got "${value}"`);
  return value;
}
