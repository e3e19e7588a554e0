/**
 * Which service database a command talks to: `--database <url>`, else KOPPELWERK_DATABASE_URL. A
 * module of its own (no database driver), so the CLI can name the option without loading one.
 */
import { UsageError } from '@koppelwerk/core/errors';

export const DATABASE_URL_VARIABLE = 'KOPPELWERK_DATABASE_URL';

/** `--database`, else KOPPELWERK_DATABASE_URL; neither is wrong usage (64). */
export function databaseUrl(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const url = option ?? env[DATABASE_URL_VARIABLE];
  if (!url) throw new UsageError(`name the service database with --database <postgres://...> or ${DATABASE_URL_VARIABLE}`);
  return url;
}
