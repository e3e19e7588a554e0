/**
 * What `npm run bench -- dashboard` serves: many tenants with a little state each (dots, a run, a
 * few parked documents, some activity) and one tenant whose error queue holds very many entries.
 * Everything is written through the state stores themselves (SqliteStateStore, PostgresStateStore),
 * as runs write it; nothing is synced, so no simulator is needed. The tenant files point at
 * loopback ports nobody listens on and hold made-up credentials in the right format.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorClass } from '@koppelwerk/core';
import type { ParkInput, StateStore } from '@koppelwerk/engine';
import { PostgresStateStore } from '@koppelwerk/store-postgres';
import { SqliteStateStore } from '@koppelwerk/store-sqlite';
import type Database from 'better-sqlite3';
import { Pool } from 'pg';
import { stringify } from 'yaml';
import { hashPassword } from '@koppelwerk/dashboard';
import { TenantTable } from '@koppelwerk/service';

export const BENCH_USER = 'beheer';
/** A made-up password for a throwaway user in a temporary folder. */
export const BENCH_PASSWORD = 'bench-dashboard-password';
/** The tenant with the big error queue; the others are `winkel-0001`, `winkel-0002`, ... */
export const ERRORS_TENANT = 'winkel-0000';
/** Open entries per class (of every 10: 6 record, 2 authentication, 1 transient, 1 rejected). */
const CLASS_CYCLE: readonly ErrorClass[] = ['record', 'record', 'authentication', 'record', 'transient', 'record', 'authentication', 'record', 'rejected', 'record'];

export const tenantName = (i: number) => `winkel-${String(i).padStart(4, '0')}`;

/** The tenant file as `tenants add` or a tenants directory holds it. */
export function tenantYaml(tenant: string, index: number): string {
  const prefix = `W${index}`;
  return stringify({
    tenant,
    source: { connector: 'mijnwebwinkel', endpoint: 'http://127.0.0.1:9', settings: { token: 'bench-shop-token', partner_token: 'bench-partner-token' } },
    sink: {
      connector: 'eboekhouden',
      endpoint: 'http://127.0.0.1:9/soap.asmx',
      settings: { username: 'benchuser', securityCode1: 'a'.repeat(32), securityCode2: '0000aaaa-bbbb-cccc-dddd-eeeeffff0000' },
    },
    mapping: { relations: { codePrefix: prefix }, texts: { invoiceNumber: `${prefix}-{number}` } },
    schedule: { everyMinutes: 60 },
  });
}

/** The dashboard.yaml with one operator. */
export async function writeUsersFile(file: string): Promise<void> {
  writeFileSync(file, stringify({ users: [{ name: BENCH_USER, role: 'operator', passwordHash: await hashPassword(BENCH_PASSWORD) }] }));
}

/** One parked order of the big queue: varied classes, codes and messages, as a shop's bad week parks them. */
export function bigQueueEntry(i: number, runId: string): ParkInput {
  const errorClass = CLASS_CYCLE[i % CLASS_CYCLE.length];
  const order = 100_000 + i;
  const error =
    errorClass === 'record'
      ? { code: 'VAT_UNMAPPED', message: `order ${order}: no VAT code for rate 9 % on line ${1 + (i % 4)}`, hint: 'add the rate to mapping.vat.sales', field: 'lines' }
      : errorClass === 'authentication'
        ? { code: 'EB_AUTH', message: 'username or security codes refused by e-Boekhouden', hint: 'save the new security codes 1 and 2' }
        : errorClass === 'transient'
          ? { code: 'EB_TIMEOUT', message: 'e-Boekhouden did not answer within 30 s' }
          : { code: 'EB_DUPLICATE', message: `invoice W0-${order} was refused: ledger 8000 is closed for the period` };
  return {
    documentKey: `sales-order:${order}`,
    kind: 'sales-order',
    raw: { order_number: order, total: `${(i % 500) + 10}.95`, customer: { name: `Klant ${i % 997}`, city: 'Utrecht' } },
    recordJson: null,
    error: { errorClass, ...error },
    runId,
  };
}

type SmallTenant = 'red' | 'parked' | 'clean';

/** Every tenth tenant has a red sink dot and three parked orders; every seventh else one parked order. */
const smallTenant = (i: number): SmallTenant => (i % 10 === 3 ? 'red' : i % 7 === 0 ? 'parked' : 'clean');

/** A small tenant's state: both dots, a finished run, the parked orders of its kind, some activity. */
async function fillSmallTenant(store: StateStore, kind: SmallTenant): Promise<void> {
  const red = kind === 'red';
  await store.saveCheck('source', { ok: true });
  await store.saveCheck('sink', red ? { ok: false, errorClass: 'authentication', reason: 'username or security codes refused', hint: 'save the new security codes 1 and 2' } : { ok: true });
  const runId = 'run-1';
  await store.startRun({ runId, mode: 'sync' });
  const parked = red ? 3 : kind === 'parked' ? 1 : 0;
  // Entries 2, 12, 22 of the cycle are authentication errors, 0 a record error.
  for (let n = 0; n < parked; n++) await store.recordParked(bigQueueEntry((red ? 2 : 0) + n * 10, runId));
  for (let n = 0; n < 3; n++) await store.logActivity({ subject: 'document', action: 'fetched', runId, documentKey: `sales-order:${200 + n}` });
  const counts = { read: 3 + parked, booked: 3, skipped: 0, parked, stillParked: 0, pending: 0, settled: 0, acknowledged: 0, relationsCreated: 1 };
  await store.finishRun(runId, { counts, outcome: red ? 'authentication' : parked ? 'parked' : 'ok', exitCode: red ? 3 : parked ? 1 : 0 });
}

/** The big queue's run: started, the parks (`fill`), finished with all of them parked. */
async function bigQueueRun(store: StateStore, errors: number, fill: () => Promise<void>): Promise<void> {
  const runId = 'run-big-queue';
  await store.startRun({ runId, mode: 'sync' });
  await fill();
  const counts = { read: errors, booked: 0, skipped: 0, parked: errors, stillParked: 0, pending: 0, settled: 0, acknowledged: 0, relationsCreated: 0 };
  await store.finishRun(runId, { counts, outcome: 'parked', exitCode: 1 });
}

/**
 * The big queue through the SQLite store's own `recordParked`, 5,000 to a transaction on the
 * store's connection (a park is synchronous inside): one commit per park would write every
 * touched page to the WAL 100,000 times, minutes of setup for nothing the figures depend on.
 */
async function fillSqliteQueue(store: SqliteStateStore, errors: number): Promise<void> {
  const db = (store as unknown as { db: Database.Database }).db;
  await bigQueueRun(store, errors, async () => {
    for (let start = 0; start < errors; start += 5_000) {
      const parks: Promise<number>[] = [];
      db.transaction(() => {
        for (let i = start; i < Math.min(errors, start + 5_000); i++) parks.push(store.recordParked(bigQueueEntry(i, 'run-big-queue')));
      })();
      await Promise.all(parks);
    }
  });
}

/** The big queue through the PostgreSQL store, `inFlight` parks at a time (each is one statement). */
async function fillPostgresQueue(store: StateStore, errors: number, inFlight: number): Promise<void> {
  await bigQueueRun(store, errors, async () => {
    for (let start = 0; start < errors; start += inFlight) {
      await Promise.all(Array.from({ length: Math.min(inFlight, errors - start) }, (_, n) => store.recordParked(bigQueueEntry(start + n, 'run-big-queue'))));
    }
  });
}

/**
 * A directory of tenant files, their SQLite state in `state/`, and its dashboard.yaml. The small
 * tenants' state is written once per kind through the store and copied (a thousand opens and
 * migrations would only add setup time).
 */
export async function writeEmbeddedTenants(dir: string, tenants: number, errors: number): Promise<void> {
  const stateDir = join(dir, 'state');
  const templates = join(dir, 'templates');
  mkdirSync(stateDir, { recursive: true });
  mkdirSync(templates, { recursive: true });
  await writeUsersFile(join(dir, 'dashboard.yaml'));
  for (const kind of ['red', 'parked', 'clean'] as const) {
    const store = new SqliteStateStore({ path: join(templates, `${kind}.sqlite`) });
    await fillSmallTenant(store, kind).finally(() => store.close());
  }
  for (let i = 0; i < tenants; i++) {
    const tenant = tenantName(i);
    writeFileSync(join(dir, `${tenant}.yaml`), tenantYaml(tenant, i));
    const state = join(stateDir, `${tenant}.sqlite`);
    if (i > 0) {
      copyFileSync(join(templates, `${smallTenant(i)}.sqlite`), state);
      continue;
    }
    const store = new SqliteStateStore({ path: state });
    await fillSqliteQueue(store, errors).finally(() => store.close());
  }
  rmSync(templates, { recursive: true, force: true });
}

/**
 * The service database: the tenants in the `tenants` table, their state in PostgreSQL's state
 * tables, written through PostgresStateStore (eight tenants at a time). The bench's own database
 * commits without waiting for the disk (`synchronous_commit = off`): setup only, `serve` just reads.
 */
export async function writeServiceTenants(database: { name: string; url: string }, tenants: number, errors: number): Promise<void> {
  const setup = new Pool({ connectionString: database.url, max: 1 });
  await setup.query(`ALTER DATABASE ${database.name} SET synchronous_commit = off`).finally(() => setup.end());
  const pool = new Pool({ connectionString: database.url, max: 8 });
  try {
    const table = await TenantTable.open(database.url, pool);
    const fill = async (i: number) => {
      const tenant = tenantName(i);
      await table.upsert(tenant, tenantYaml(tenant, i), 60, true);
      const store = await PostgresStateStore.open({ pool, tenant });
      await (i === 0 ? fillPostgresQueue(store, errors, 16) : fillSmallTenant(store, smallTenant(i))).finally(() => store.close());
    };
    await fill(0);
    for (let start = 1; start < tenants; start += 8) await Promise.all(Array.from({ length: Math.min(8, tenants - start) }, (_, n) => fill(start + n)));
    // What autovacuum does after a bulk insert anyway: statistics, and the visibility map index-only scans need.
    await pool.query('VACUUM ANALYZE');
  } finally {
    await pool.end();
  }
}
