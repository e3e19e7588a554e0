/**
 * The PostgreSQL the service benchmarks run against: the server KOPPELWERK_DATABASE_URL or
 * KOPPELWERK_TEST_DATABASE_URL names, else a private one started with tools/scripts/postgres.sh
 * (in a folder of its own, stopped and deleted at the end). The script makes that folder itself, in
 * the temporary folder: as root it hands it to the `postgres` user, who could not enter a 0700
 * folder of ours. Each measurement gets a fresh database (`kw_bench_<random>`), empty or copied
 * from a template, and drops it afterwards.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

const POSTGRES_SCRIPT = resolve(__dirname, '..', '..', 'tools', 'scripts', 'postgres.sh');

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export interface BenchPostgres {
  /** Where it came from: the variable that named it, or `postgres.sh`. */
  origin: string;
  /** A fresh database: empty, or a copy of `template` (which nobody may be connected to). */
  database(template?: BenchDatabase): Promise<BenchDatabase>;
  /** Stops the server when this bench started it. */
  stop(): void;
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function startBenchPostgres(): BenchPostgres {
  const named = ['KOPPELWERK_DATABASE_URL', 'KOPPELWERK_TEST_DATABASE_URL'].find((variable) => process.env[variable]);
  let serverUrl: string;
  let stop = () => undefined as void;
  if (named) serverUrl = process.env[named]!;
  else {
    const env = { ...process.env, KOPPELWERK_PG_DIR: join(tmpdir(), `koppelwerk-bench-postgres-${randomBytes(6).toString('hex')}`) };
    serverUrl = execFileSync(POSTGRES_SCRIPT, ['start'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    stop = () => {
      process.off('exit', stop);
      // Stops the server and deletes its folder.
      execFileSync(POSTGRES_SCRIPT, ['stop'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    };
    // A bench that fails on the way still stops its server.
    process.once('exit', stop);
  }
  return {
    origin: named ?? 'tools/scripts/postgres.sh',
    async database(template) {
      const name = `kw_bench_${randomBytes(6).toString('hex')}`;
      await onServer(serverUrl, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template.name}` : ''}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return { name, url: url.toString(), drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
    },
    stop,
  };
}
