import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { MemoryLogger, Redactor, type Clock } from '@koppelwerk/core';
import { erasedErrorMessage, SyncEngine } from '@koppelwerk/engine';
import { FakeBookkeeping, FakeMapper, FakeShop, FakeSink, FakeSource, type RawOrder } from '@koppelwerk/engine/testing';
import { SqliteStateStore } from './sqlite-state-store';
import { STATE_MIGRATIONS } from './sqlite-state-migrations';

const DAY = 24 * 60 * 60 * 1000;

class MovableClock implements Clock {
  constructor(public time = Date.parse('2025-03-01T10:00:00Z')) {}
  now(): Date {
    return new Date(this.time);
  }
  advanceDays(days: number): void {
    this.time += days * DAY;
  }
}

const dirs: string[] = [];
function tmpDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'engine-retention-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const modeOf = (path: string) => statSync(path).mode & 0o777;

/** The database file and its WAL companions as bytes: what anyone with the files could read. */
function fileBytes(path: string): string {
  return ['', '-wal', '-shm', '-journal']
    .map((suffix) => path + suffix)
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('latin1'))
    .join('\n');
}

function order(id: number, name: string, email: string, vat = '21'): RawOrder {
  return {
    id: String(id),
    number: `W-${id}`,
    date: '2025-02-10',
    customer: { id: `c${id}`, name, email },
    lines: [{ description: 'Brood', price: '12.10', vat }],
  };
}

/** A tenant whose state lives in a real SQLite file, with a clock the test moves. */
class Tenant {
  readonly clock = new MovableClock();
  readonly shop = new FakeShop();
  readonly books = new FakeBookkeeping();
  readonly logger = new MemoryLogger();
  readonly path: string;
  store: SqliteStateStore;

  constructor(retainDays = 30) {
    this.path = join(tmpDir(), 'state', 'shop.sqlite');
    this.store = new SqliteStateStore({ path: this.path, clock: this.clock, retainDays, logger: this.logger });
  }

  engine(mapper = new FakeMapper(), sink = new FakeSink(this.books)): SyncEngine {
    return new SyncEngine(
      { source: new FakeSource(this.shop, { pageSize: 2 }), sink, mapper, store: this.store, logger: this.logger, redactor: new Redactor(), clock: this.clock },
      { concurrency: 1, retry: { attempts: 2, sleep: async () => undefined, random: () => 0.5 } },
    );
  }
}

describe('state files are private', () => {
  it('creates the database, its -wal and -shm files 0600 in a new 0700 folder', async () => {
    const tenant = new Tenant();
    tenant.shop.orders.push(order(1, 'Anneke Brouwer', 'anneke.brouwer@example.nl'));
    await tenant.engine().sync();
    expect(modeOf(dirname(tenant.path))).toBe(0o700);
    // While the store is open, SQLite's companions exist; they take the database file's mode.
    for (const file of [tenant.path, `${tenant.path}-wal`, `${tenant.path}-shm`]) expect([file, modeOf(file)]).toEqual([file, 0o600]);
    await tenant.store.close();
  });

  it('tightens existing files that were readable by others, and leaves an existing folder as it is', async () => {
    const dir = join(tmpDir(), 'shared');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const path = join(dir, 'shop.sqlite');
    // A database written by an older version: world-readable, with a WAL file left by a kill.
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE t (x)');
    chmodSync(path, 0o644);
    chmodSync(`${path}-wal`, 0o644);
    chmodSync(`${path}-shm`, 0o666);

    const store = new SqliteStateStore({ path });
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect([file, modeOf(file)]).toEqual([file, 0o600]);
    // A folder someone else chose (state.path) may be shared on purpose: its mode is theirs.
    expect(modeOf(dir)).toBe(0o755);
    await store.close();
    old.close();
  });
});

describe('personal-data retention (state.retainDays)', () => {
  it('removes the personal data of finished documents after the period, keeps open entries, and still books nothing twice', async () => {
    const tenant = new Tenant(30);
    tenant.shop.orders.push(
      order(1, 'Anneke Brouwer', 'anneke.brouwer@example.nl'),
      order(2, 'Bram Claassen', 'bram.claassen@example.nl'),
      order(3, 'Carla Dekker', 'carla.dekker@example.nl'),
      // No VAT rule for 7%: parked, and still open when the period has passed.
      order(4, 'Olga Openstaand', 'olga.openstaand@example.nl', '7'),
      // Refused by the bookkeeping, then dismissed by a user.
      order(5, 'Rutger Geweigerd', 'rutger.geweigerd@example.nl'),
    );
    const refusing = new FakeSink(tenant.books);
    refusing.rejects.set('W-5', 'the period is closed');

    const first = await tenant.engine(undefined, refusing).sync();
    expect(first.counts).toMatchObject({ booked: 3, parked: 2 });
    const refused = (await tenant.store.listErrors()).find((e) => e.documentKey === 'order:5')!;
    expect(await tenant.store.resolveError(refused.id, 'dismissed')).toBe(true);
    const before = await tenant.store.listLedger({ state: 'booked' });
    expect(before.every((row) => row.bookingJson?.includes('@example.nl'))).toBe(true);
    const booked = ['Anneke Brouwer', 'anneke.brouwer@example.nl', 'Bram Claassen', 'bram.claassen@example.nl', 'Carla Dekker', 'carla.dekker@example.nl'];
    const dismissed = ['Rutger Geweigerd', 'rutger.geweigerd@example.nl'];

    // Within the period nothing is removed.
    tenant.clock.advanceDays(29);
    await tenant.engine().sync();
    const within = fileBytes(tenant.path);
    for (const text of [...booked, ...dismissed]) expect([text, within.includes(text)]).toEqual([text, true]);

    // Past the period: the run ends with the retention pass.
    tenant.clock.advanceDays(2);
    const later = await tenant.engine().sync();
    expect(later.counts).toMatchObject({ booked: 0, parked: 0 });
    const after = fileBytes(tenant.path);
    for (const text of [...booked, ...dismissed]) expect([text, after.includes(text)]).toEqual([text, false]);
    // The open entry keeps everything a retry needs.
    const open = await tenant.store.listErrors();
    expect(open.map((e) => e.documentKey)).toEqual(['order:4']);
    expect(open[0].rawJson).toContain('Olga Openstaand');
    expect(open[0].recordJson).toContain('olga.openstaand@example.nl');
    expect(after).toContain('Olga Openstaand');

    // The exactly-once keys stay.
    const ledger = await tenant.store.listLedger({ state: 'booked' });
    expect(ledger.map((row) => ({ key: row.documentKey, number: row.invoiceNumber, sinkId: row.sinkId, hash: row.payloadHash, booking: row.bookingJson }))).toEqual(
      before.map((row) => ({ key: row.documentKey, number: row.invoiceNumber, sinkId: row.sinkId, hash: row.payloadHash, booking: null })),
    );
    const gone = (await tenant.store.listErrors({ includeResolved: true })).find((e) => e.id === refused.id)!;
    expect(gone).toMatchObject({ rawJson: null, recordJson: null, message: erasedErrorMessage(30), resolution: 'dismissed', code: refused.code });
    const relations = (await tenant.store.listActivity({ limit: 1000 })).filter((a) => a.subject === 'relation');
    expect(relations.length).toBeGreaterThan(0);
    expect(relations.every((a) => a.message === undefined && a.relationCode !== undefined)).toBe(true);
    expect(tenant.logger.text()).toMatch(/removed personal data older than 30 days/);

    // A replay from the beginning books nothing twice (the refused one, dismissed earlier, is refused
    // and parked again; the open entry is still parked, not announced again); the open entry is
    // retried with its own data.
    await tenant.store.forgetCursors();
    const replay = await tenant.engine(undefined, refusing).sync();
    expect(replay.counts).toMatchObject({ booked: 0, skipped: 3, parked: 1, stillParked: 1 });
    expect([...tenant.books.bookings.keys()].sort()).toEqual(['W-1', 'W-2', 'W-3']);
    expect(tenant.books.writeAttempts.filter((n) => n !== 'W-5').sort()).toEqual(['W-1', 'W-2', 'W-3']);
    const reopened = (await tenant.store.listErrors()).find((e) => e.documentKey === 'order:4')!;
    const fixed = new FakeMapper('rules-v2', { '21': 'HOOG_VERK_21', '7': 'HOOG_VERK_21' });
    const retried = await tenant.engine(fixed).retry({ ids: [reopened.id] });
    expect(retried.counts.booked).toBe(1);
    expect(tenant.books.bookings.get('W-4')?.entry.invoiceNumber).toBe('W-4');
    await tenant.store.close();
  });

  it('keeps what is still to be written or settled, whatever its age', async () => {
    const tenant = new Tenant(10);
    const booking = JSON.stringify({ relation: { name: 'Henk Twijfel', email: 'henk.twijfel@example.nl' } });
    await tenant.store.recordIntent({ documentKey: 'order:9', kind: 'sales-order', invoiceNumber: 'W-9', payloadHash: 'h9', bookingJson: booking, mappingVersion: 'm1', runId: 'r1' });
    await tenant.store.recordPending({ documentKey: 'order:8', kind: 'sales-order', invoiceNumber: 'W-8', payloadHash: 'h8', bookingJson: booking, mappingVersion: 'm1' });
    tenant.clock.advanceDays(400);
    expect(await tenant.store.applyRetention()).toMatchObject({ bookings: 0 });
    expect((await tenant.store.getLedgerEntry({ documentKey: 'order:9', kind: 'sales-order' }))?.bookingJson).toBe(booking);
    expect((await tenant.store.getLedgerEntry({ documentKey: 'order:8', kind: 'sales-order' }))?.bookingJson).toBe(booking);
    await tenant.store.close();
  });

  it('keeps everything when no period is set', async () => {
    const store = new SqliteStateStore({ path: ':memory:' });
    expect(await store.applyRetention()).toBeNull();
    await store.close();
  });

  it('rewrites a database of an older version once, so rows deleted before the upgrade leave no copy in free space', async () => {
    const path = join(tmpDir(), 'old.sqlite');
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    old.pragma('secure_delete = OFF');
    old.exec(STATE_MIGRATIONS[0].sql);
    old.pragma('user_version = 1');
    const insert = old.prepare(
      `INSERT INTO activity (at, subject, document_key, relation_code, action, message) VALUES ('2025-01-01T00:00:00.000Z', 'relation', ?, 'K1', 'created', ?)`,
    );
    for (let i = 0; i < 50; i++) insert.run(`order:${i}`, `Vroeger Verwijderd ${i}`);
    old.exec(`DELETE FROM activity`);
    old.close();
    expect(fileBytes(path)).toContain('Vroeger Verwijderd');

    const store = new SqliteStateStore({ path });
    expect(store.schemaVersion).toBe(STATE_MIGRATIONS.length);
    await store.close();
    expect(fileBytes(path)).not.toContain('Vroeger Verwijderd');
  });
});
