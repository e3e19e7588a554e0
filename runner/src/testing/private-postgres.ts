/// <reference types="jest" />
/**
 * A PostgreSQL server of a suite's own, for suites that stop or restart the server itself (the
 * service reliability suite restarts it mid-run). Restarting the shared test server
 * (KOPPELWERK_TEST_DATABASE_URL) would break every other suite using it at the same time, so the
 * suite starts a throw-away cluster with the project's own script, `tools/scripts/postgres.sh`
 * (start, restart, stop), in a folder of its own (KOPPELWERK_PG_DIR).
 *
 * It needs only PostgreSQL's programs (`tools/scripts/postgres.sh install`), no running server, so
 * it always runs; where they are missing, starting the cluster fails and says so.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const POSTGRES_SCRIPT = join(__dirname, '..', '..', '..', 'tools', 'scripts', 'postgres.sh');

const run = promisify(execFile);

export interface PrivatePostgres {
  /** The server's `postgres` database (the same URL after a restart: same port). */
  url: string;
  /** Stops the server (fast shutdown: open connections are cut) and starts it again, data kept. */
  restart(): Promise<void>;
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
}

/** Runs the script in the background (the test's simulators keep answering meanwhile); its stderr is in the error. */
async function script(command: string, dir: string): Promise<string> {
  try {
    const { stdout } = await run(POSTGRES_SCRIPT, [command], { env: { ...process.env, KOPPELWERK_PG_DIR: dir }, timeout: 120_000 });
    return stdout.trim();
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`tools/scripts/postgres.sh ${command} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** Starts a fresh cluster (initdb) on a free port of 127.0.0.1. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = join(tmpdir(), `koppelwerk-private-postgres-${randomBytes(4).toString('hex')}`);
  const url = await script('start', dir);
  return {
    url,
    restart: async () => {
      const after = await script('restart', dir);
      if (after !== url) throw new Error(`the restarted server answers at ${after}, not ${url}`);
    },
    stop: async () => {
      await script('stop', dir);
    },
  };
}

/** `describe` for a suite with a private server: started in beforeAll, stopped (and deleted) in afterAll. */
export function describeWithPrivatePostgres(name: string, body: (server: () => PrivatePostgres) => void): void {
  describe(name, () => {
    let server: PrivatePostgres | undefined;
    beforeAll(async () => {
      server = await startPrivatePostgres();
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
    }, 120_000);
    body(() => server ?? notStarted());
  });
}

function notStarted(): never {
  throw new Error('the private PostgreSQL is started in beforeAll; use it inside a test');
}
