/**
 * Opening a tenant's SQLite state file: private file modes, the connection's pragmas and the
 * schema migrations (sqlite-state-migrations.ts, versioned in `PRAGMA user_version`).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeError, makePrivateFile, tightenPrivateFile, type Logger } from '@koppelwerk/core';
import type { Migration } from './sqlite-state-migrations';

export interface SqliteOpenOptions {
  path: string;
  migrations: readonly Migration[];
  busyTimeoutMs: number;
  logger: Logger;
}

/** The default location of a tenant's state: one file per tenant in the state directory. */
export function stateFilePath(stateDirectory: string, tenant: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(tenant)) {
    throw new Error(`tenant name "${tenant}" cannot be a file name: use letters, digits, '.', '_' and '-'`);
  }
  return join(stateDirectory, `${tenant}.sqlite`);
}

/** Opens (creating when missing) and upgrades the state database at `path` (`:memory:` for tests). */
export function openStateDatabase(options: SqliteOpenOptions): Database.Database {
  const { path } = options;
  if (path !== ':memory:') makePrivateFiles(path);
  const db = new Database(path);
  db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Deleted and overwritten content is zeroed, so removed personal data leaves no copy in free space.
  db.pragma('secure_delete = ON');
  if (migrate(db, options.migrations)) vacuumOnce(db, path, options.logger);
  return db;
}

/** The one rewrite after an upgrade that asks for it; the store works without it, so a failure is reported, not thrown. */
function vacuumOnce(db: Database.Database, path: string, logger: Logger): void {
  try {
    db.exec('VACUUM');
  } catch (error) {
    logger.warn(
      `could not rewrite the upgraded state database (${describeError(error)}); data deleted before the upgrade may remain in its free space until you run VACUUM on ${path} once while no run is busy`,
    );
  }
}

/**
 * The database file and its companions hold personal data: the file is created 0600 in a 0700
 * folder before SQLite opens it (SQLite gives its -wal, -shm and -journal files the database
 * file's mode), and existing files with a looser mode are tightened.
 */
function makePrivateFiles(path: string): void {
  makePrivateFile(path);
  for (const suffix of ['-wal', '-shm', '-journal']) tightenPrivateFile(path + suffix);
}

/**
 * Applies the missing migrations in one write transaction; refuses a database from a newer version.
 * True when an applied migration asks for one VACUUM afterwards (never for a new database: it has
 * nothing to clean).
 */
function migrate(db: Database.Database, migrations: readonly Migration[]): boolean {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const apply = db.transaction((): boolean => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > latest) {
      throw new Error(
        `the state database has schema version ${current}, newer than this version of Koppelwerk knows (${latest}); upgrade Koppelwerk`,
      );
    }
    let vacuum = false;
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
      vacuum ||= current > 0 && migration.vacuumAfter === true;
    }
    return vacuum;
  });
  return apply.immediate();
}
