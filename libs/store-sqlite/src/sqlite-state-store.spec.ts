import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { contractIntent as intent, describeStateStoreContract } from '@koppelwerk/engine/testing';
import { SqliteStateStore } from './sqlite-state-store';
import { STATE_MIGRATIONS, type Migration } from './sqlite-state-migrations';

const tmpDirs: string[] = [];
function tmpFile(name = 'tenant.sqlite'): string {
  const dir = mkdtempSync(join(tmpdir(), 'engine-store-'));
  tmpDirs.push(dir);
  return join(dir, name);
}
afterAll(() => tmpDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

let contractDir: string | undefined;
describeStateStoreContract('SqliteStateStore', async (tenant, options) => {
  contractDir ??= join(tmpFile(), '..', 'contract');
  return new SqliteStateStore({ path: SqliteStateStore.pathFor(contractDir, tenant), ...options });
});

describe('SqliteStateStore', () => {
  it('creates its schema by itself in a file per tenant, in WAL mode', async () => {
    const path = SqliteStateStore.pathFor(join(tmpFile(), '..', 'state'), 'bakkerij-de-vries');
    const store = new SqliteStateStore({ path });
    expect(store.schemaVersion).toBe(STATE_MIGRATIONS.length);
    await store.saveCursor('orders', 'c-42');
    await store.close();

    const raw = new Database(path);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    const reopened = new SqliteStateStore({ path });
    expect(await reopened.getCursor('orders')).toBe('c-42');
    await reopened.close();
  });

  it('refuses a tenant name that is not a plain file name', () => {
    expect(() => SqliteStateStore.pathFor('state', '../other')).toThrow(/cannot be a file name/);
  });

  it('upgrades an older database in place and keeps its data', async () => {
    const path = tmpFile();
    const v1 = new SqliteStateStore({ path, migrations: STATE_MIGRATIONS.slice(0, 1) });
    await v1.recordIntent(intent);
    await v1.close();

    const next: Migration = { version: 2, description: 'test column', sql: 'ALTER TABLE ledger ADD COLUMN note TEXT;' };
    const v2 = new SqliteStateStore({ path, migrations: [...STATE_MIGRATIONS.slice(0, 1), next] });
    expect(v2.schemaVersion).toBe(2);
    expect((await v2.getLedgerEntry(intent))?.state).toBe('in-doubt');
    await v2.close();

    expect(() => new SqliteStateStore({ path, migrations: STATE_MIGRATIONS.slice(0, 1) })).toThrow(/newer than this version/);
  });

  it('reads an error parked before migration 4 (params kept) as one without params, and keeps them once it is parked again', async () => {
    const path = tmpFile();
    await new SqliteStateStore({ path, migrations: STATE_MIGRATIONS.slice(0, 3) }).close();
    const raw = new Database(path);
    raw.prepare(`INSERT INTO error_queue (document_key, kind, error_class, code, message, first_seen, last_seen) VALUES ('order:1', 'sales-order', 'record', 'MAP_BAD_VAT_RATE', 'line 2 has an impossible VAT rate of -21%', 'x', 'x')`).run();
    raw.close();
    const store = new SqliteStateStore({ path });
    const [old] = await store.listErrors();
    expect(old).toMatchObject({ code: 'MAP_BAD_VAT_RATE', message: 'line 2 has an impossible VAT rate of -21%' });
    expect(old.params).toBeUndefined();
    await store.recordParked({ documentKey: 'order:1', kind: 'sales-order', raw: {}, recordJson: null, runId: 'r', error: { errorClass: 'record', code: 'MAP_BAD_VAT_RATE', message: 'line 2 has an impossible VAT rate of -21%', params: { line: 2, rate: '-21' } } });
    expect((await store.listErrors())[0].params).toEqual({ line: 2, rate: '-21' });
    await store.close();
  });
});
