/**
 * What `npm run bench -- dashboard` serves: many tenants with a little state each (dots, a run, a
 * few parked documents, some activity) and one tenant whose error queue holds very many entries.
 * Everything is written through the state stores themselves (SqliteStateStore, PostgresStateStore),
 * as runs write it; nothing is synced, so no simulator is needed. The tenant files point at
 * loopback ports nobody listens on and hold made-up credentials in the right format.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorClass } from '@koppelwerk/core';
import { PostgresStateStore, SqliteStateStore, type ParkInput, type StateStore } from '@koppelwerk/engine';
import { Pool } from 'pg';
import { stringify } from 'yaml';
import { hashPassword } from '../src/dashboard/password-hash';
import { TenantTable } from '../src/service/tenant-table';

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

/** A small tenant's state: both dots (every tenth sink red), a finished run, a few parked orders, some activity. */
async function fillSmallTenant(store: StateStore, i: number): Promise<void> {
  const red = i % 10 === 3;
  await store.saveCheck('source', { ok: true });
  await store.saveCheck('sink', red ? { ok: false, errorClass: 'authentication', reason: 'username or security codes refused', hint: 'save the new security codes 1 and 2' } : { ok: true });
  const runId = `run-${i}`;
  await store.startRun({ runId, mode: 'sync' });
  const parked = red ? 3 : i % 7 === 0 ? 1 : 0;
  for (let n = 0; n < parked; n++) await store.recordParked(bigQueueEntry(i * 10 + (red ? 2 : 0) + n * 10, runId));
  for (let n = 0; n < 3; n++) await store.logActivity({ subject: 'document', action: 'fetched', runId, documentKey: `sales-order:${i}-${n}` });
  const counts = { read: 3 + parked, booked: 3, skipped: 0, parked, pending: 0, settled: 0, acknowledged: 0, relationsCreated: 1 };
  await store.finishRun(runId, { counts, outcome: red ? 'authentication' : parked ? 'parked' : 'ok', exitCode: red ? 3 : parked ? 1 : 0 });
}

/** Fills the big queue, `inFlight` parks at a time (the PostgreSQL store takes them concurrently; SQLite's are synchronous anyway). */
async function fillBigQueue(store: StateStore, errors: number, inFlight: number): Promise<void> {
  const runId = 'run-big-queue';
  await store.startRun({ runId, mode: 'sync' });
  for (let start = 0; start < errors; start += inFlight) {
    const batch = Array.from({ length: Math.min(inFlight, errors - start) }, (_, n) => store.recordParked(bigQueueEntry(start + n, runId)));
    await Promise.all(batch);
  }
  const counts = { read: errors, booked: 0, skipped: 0, parked: errors, pending: 0, settled: 0, acknowledged: 0, relationsCreated: 0 };
  await store.finishRun(runId, { counts, outcome: 'parked', exitCode: 1 });
}

/** A directory of tenant files (with their SQLite state in `state/`) and its dashboard.yaml. */
export async function writeEmbeddedTenants(dir: string, tenants: number, errors: number): Promise<void> {
  mkdirSync(join(dir, 'state'), { recursive: true });
  await writeUsersFile(join(dir, 'dashboard.yaml'));
  for (let i = 0; i < tenants; i++) {
    const tenant = tenantName(i);
    writeFileSync(join(dir, `${tenant}.yaml`), tenantYaml(tenant, i));
    const store = new SqliteStateStore({ path: join(dir, 'state', `${tenant}.sqlite`) });
    try {
      await (i === 0 ? fillBigQueue(store, errors, 1) : fillSmallTenant(store, i));
    } finally {
      await store.close();
    }
  }
}

/** The service database: the tenants in the `tenants` table, their state in PostgreSQL's state tables. */
export async function writeServiceTenants(url: string, tenants: number, errors: number): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 8 });
  try {
    const table = await TenantTable.open(url, pool);
    for (let i = 0; i < tenants; i++) {
      const tenant = tenantName(i);
      await table.upsert(tenant, tenantYaml(tenant, i), 60, true);
      const store = await PostgresStateStore.open({ pool, tenant });
      try {
        await (i === 0 ? fillBigQueue(store, errors, 16) : fillSmallTenant(store, i));
      } finally {
        await store.close();
      }
    }
    await pool.query('ANALYZE');
  } finally {
    await pool.end();
  }
}
