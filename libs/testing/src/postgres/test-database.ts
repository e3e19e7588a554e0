/// <reference types="jest" />
/**
 * A real PostgreSQL for the suites that need one: `KOPPELWERK_TEST_DATABASE_URL` names a server
 * (`tools/scripts/postgres.sh start` prints one); each test file gets a database of its own
 * (`kw_test_<random>`), created before its tests and dropped after them.
 *
 * Without the variable the suite is skipped with a note, except in CI (`CI=true`), where a missing
 * database is a failure: a suite that silently skips there proves nothing.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';

export const TEST_DATABASE_URL_VARIABLE = 'KOPPELWERK_TEST_DATABASE_URL';

export interface TestDatabase {
  /** The database's name, `kw_test_<random>`. */
  name: string;
  /** The connection URL of this test database. */
  url: string;
  /** Drops the database (closing whatever still connects to it). */
  drop(): Promise<void>;
}

/** Creates a fresh, empty database on the server `serverUrl` names. */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `kw_test_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function onServer<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  // The driver is loaded when a suite asks for a database, not by everyone who loads the test kit.
  const { Client: PgClient } = require('pg') as typeof import('pg');
  const client = new PgClient({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * `describe` for a suite that needs PostgreSQL: a fresh database for the block (created in
 * beforeAll, dropped in afterAll), whose URL `database()` gives inside the tests.
 */
export function describeWithPostgres(name: string, body: (database: () => TestDatabase) => void): void {
  const serverUrl = process.env[TEST_DATABASE_URL_VARIABLE];
  if (!serverUrl) {
    if (process.env.CI === 'true') {
      describe(name, () => {
        it(`needs PostgreSQL: ${TEST_DATABASE_URL_VARIABLE} is not set in CI`, () => {
          throw new Error(`${TEST_DATABASE_URL_VARIABLE} is not set; .ci/run starts PostgreSQL with tools/scripts/postgres.sh and sets it`);
        });
      });
      return;
    }
    console.warn(
      `skipped "${name}": it needs PostgreSQL. Start one with tools/scripts/postgres.sh start and set ${TEST_DATABASE_URL_VARIABLE} to the URL it prints.`,
    );
    describe.skip(name, () => body(() => notStarted()));
    return;
  }
  describe(name, () => {
    let database: TestDatabase | undefined;
    beforeAll(async () => {
      database = await createTestDatabase(serverUrl);
    });
    afterAll(async () => {
      await database?.drop();
    });
    body(() => database ?? notStarted());
  });
}

function notStarted(): never {
  throw new Error('the test database is created in beforeAll; use it inside a test');
}
