/**
 * The user stores' conformance suite, run against each: the users file (as `serve` uses it in the
 * embedded mode), the service's `dashboard_users` table in a real PostgreSQL, and the list in
 * memory. Then what only the file does: comments and other sections kept, 0600, a change on disk
 * seen at once, a broken edit on disk not taken.
 */
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { describeWithPostgres } from '@koppelwerk/testing';
import { hashPassword } from '../password-hash';
import type { StoredUser } from '../dashboard-users';
import { MemoryUserStore } from './memory-user-store';
import { UserTakenError, type UserStore } from './user-store';
import { UsersFileStore } from './users-file-store';
import { UsersTableStore } from './users-table-store';

const LOW_COST = { N: 1024, r: 8, p: 1 };
const HOUR = 60 * 60 * 1000;
const TOKEN_A = 'a'.repeat(64);
const TOKEN_B = 'b'.repeat(64);

interface Opened {
  store: UserStore;
  /** A second store on the same users (another process, or the file edited by another store). */
  other(): UserStore;
  close(): Promise<void>;
}

/** The suite every user store passes; `open` gives a store holding exactly these users. */
function describeUserStore(name: string, open: (users: StoredUser[]) => Promise<Opened>): void {
  describe(`${name}: the user store contract`, () => {
    let hash: string;
    let opened: Opened;
    let store: UserStore;

    beforeAll(async () => {
      hash = await hashPassword('beheer-wachtwoord', LOW_COST);
    });

    beforeEach(async () => {
      opened = await open([
        { name: 'beheer', role: 'operator', passwordHash: hash },
        { name: 'Winkel', role: 'tenant', tenants: ['shop-a', 'shop-b'], passwordHash: hash, createdBy: 'beheer', createdAt: '2026-01-02T03:04:05.000Z' },
      ]);
      store = opened.store;
    });

    afterEach(async () => {
      await opened.close();
    });

    it('lists the users sorted by name and finds one whatever the case', async () => {
      expect((await store.list()).map((user) => user.name)).toEqual(['beheer', 'Winkel']);
      const winkel = await store.find('WINKEL');
      expect(winkel).toEqual({ name: 'Winkel', role: 'tenant', tenants: ['shop-a', 'shop-b'], passwordHash: hash, createdBy: 'beheer', createdAt: '2026-01-02T03:04:05.000Z' });
      expect(await store.find('nobody')).toBeUndefined();
    });

    it('adds a user, and refuses a name that is taken in any case', async () => {
      await store.add({ name: 'nieuw', role: 'tenant', tenants: ['shop-a'], invitation: { tokenHash: TOKEN_A, expiresAt: new Date(Date.now() + HOUR).toISOString() }, createdBy: 'beheer' });
      const added = await store.find('nieuw');
      expect(added).toMatchObject({ name: 'nieuw', role: 'tenant', tenants: ['shop-a'], createdBy: 'beheer', invitation: { tokenHash: TOKEN_A } });
      expect(added?.passwordHash).toBeUndefined();
      await expect(store.add({ name: 'BEHEER', role: 'operator', passwordHash: hash })).rejects.toBeInstanceOf(UserTakenError);
      expect((await store.list()).map((user) => user.name)).toEqual(['beheer', 'nieuw', 'Winkel']);
    });

    it('changes a user: password, disabled, second factor, last login; null removes a field', async () => {
      const other = await hashPassword('ander-wachtwoord', LOW_COST);
      const at = '2026-03-04T05:06:07.000Z';
      const changed = await store.update('winkel', { passwordHash: other, disabled: true, totpSecret: '${encrypted:v1:abcdefgh:AAAA}', lastLoginAt: at });
      expect(changed).toMatchObject({ name: 'Winkel', passwordHash: other, disabled: true, totpSecret: '${encrypted:v1:abcdefgh:AAAA}', lastLoginAt: at });
      expect(await store.find('winkel')).toEqual(changed);
      const back = await store.update('Winkel', { disabled: false, totpSecret: null });
      expect(back?.disabled).toBeUndefined();
      expect(back?.totpSecret).toBeUndefined();
      expect(await store.find('winkel')).toEqual(back);
      expect(await store.update('nobody', { disabled: true })).toBeUndefined();
    });

    it('uses an invitation once, and never an expired or unknown one', async () => {
      await store.add({ name: 'nieuw', role: 'operator', invitation: { tokenHash: TOKEN_A, expiresAt: new Date(Date.now() + HOUR).toISOString() } });
      await store.add({ name: 'laat', role: 'operator', invitation: { tokenHash: TOKEN_B, expiresAt: new Date(Date.now() - HOUR).toISOString() } });
      expect((await store.findByInvitation(TOKEN_A))?.name).toBe('nieuw');
      expect((await store.findByInvitation(TOKEN_B))?.name).toBe('laat'); // found, but expired
      expect(await store.acceptInvitation(TOKEN_B, hash, new Date())).toBeUndefined();
      expect(await store.acceptInvitation('c'.repeat(64), hash, new Date())).toBeUndefined();
      expect(await store.acceptInvitation(TOKEN_A, hash, new Date(Date.now() + 2 * HOUR))).toBeUndefined(); // too late

      const accepted = await store.acceptInvitation(TOKEN_A, hash, new Date());
      expect(accepted).toMatchObject({ name: 'nieuw', passwordHash: hash });
      expect(accepted?.invitation).toBeUndefined();
      expect(await store.find('nieuw')).toEqual(accepted);
      expect(await store.findByInvitation(TOKEN_A)).toBeUndefined();
      expect(await store.acceptInvitation(TOKEN_A, hash, new Date())).toBeUndefined();
      const stillExpired = await store.find('laat');
      expect(stillExpired?.passwordHash).toBeUndefined();
    });

    it('gives copies: changing what it returned changes nothing', async () => {
      const user = (await store.find('winkel'))!;
      (user.tenants as string[]).push('shop-z');
      user.disabled = true;
      expect(await store.find('winkel')).toMatchObject({ tenants: ['shop-a', 'shop-b'] });
      expect((await store.find('winkel'))?.disabled).toBeUndefined();
    });

    it('sees what another store on the same users changed', async () => {
      const other = opened.other();
      expect((await store.find('winkel'))?.disabled).toBeUndefined();
      await other.update('winkel', { disabled: true });
      expect((await store.find('winkel'))?.disabled).toBe(true);
      await other.add({ name: 'derde', role: 'operator', passwordHash: hash });
      expect((await store.list()).map((user) => user.name)).toEqual(['beheer', 'derde', 'Winkel']);
    });
  });
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'kw-users-'));
}

function usersYaml(users: StoredUser[]): string {
  return `# Wie het dashboard mag openen\nusers:\n${users.map((user) => `  - ${JSON.stringify(user)}\n`).join('')}`;
}

describeUserStore('the users file', async (users) => {
  const file = join(scratch(), 'dashboard.yaml');
  writeFileSync(file, usersYaml(users));
  return { store: new UsersFileStore(file), other: () => new UsersFileStore(file), close: async () => undefined };
});

describeUserStore('the users in memory', async (users) => {
  const store = new MemoryUserStore(users);
  return { store, other: () => store, close: async () => undefined };
});

describeWithPostgres('the users table', (database) => {
  let pool: Pool;
  beforeAll(() => {
    pool = new Pool({ connectionString: database().url, max: 4 });
    // The database is dropped (its connections ended) before this block's afterAll ends the pool.
    pool.on('error', () => undefined);
  });
  afterAll(async () => {
    await pool.end();
  });
  describeUserStore('the users table', async (users) => {
    await pool.query('DROP TABLE IF EXISTS dashboard_users');
    const store = new UsersTableStore(pool, { cacheMs: 0 });
    for (const user of users) await store.add(user);
    return { store, other: () => new UsersTableStore(pool, { cacheMs: 0 }), close: async () => undefined };
  });

  it('remembers a user asked for by name for a moment, and its own changes at once', async () => {
    await pool.query('DROP TABLE IF EXISTS dashboard_users');
    let now = 1_000_000;
    const store = new UsersTableStore(pool, { cacheMs: 2000, now: () => now });
    const elsewhere = new UsersTableStore(pool, { cacheMs: 0 });
    await store.add({ name: 'beheer', role: 'operator', passwordHash: await hashPassword('beheer-wachtwoord', LOW_COST) });
    expect((await store.find('beheer'))?.disabled).toBeUndefined();
    await elsewhere.update('beheer', { disabled: true });
    expect((await store.find('beheer'))?.disabled).toBeUndefined();
    now += 2000;
    expect((await store.find('beheer'))?.disabled).toBe(true);
    await store.update('beheer', { disabled: false });
    expect((await store.find('beheer'))?.disabled).toBeUndefined();
  });
});

describe('the users file, as a file', () => {
  it('keeps comments, order and the other sections, and is made readable by its owner only', async () => {
    const hash = await hashPassword('beheer-wachtwoord', LOW_COST);
    const file = join(scratch(), 'koppelwerk.yaml');
    writeFileSync(
      file,
      `# Instellingen van deze map\ndaemon:\n  maxParallel: 2 # twee tegelijk\ndashboard:\n  users:\n    # de beheerder\n    - name: beheer\n      role: operator # ziet alles\n      passwordHash: ${hash}\n`,
    );
    chmodSync(file, 0o644);
    const store = new UsersFileStore(file, { section: ['dashboard', 'users'] });
    await store.add({ name: 'winkel', role: 'tenant', tenants: ['shop-a'], invitation: { tokenHash: TOKEN_A, expiresAt: '2030-01-01T00:00:00.000Z' }, createdBy: 'beheer' });
    await store.update('beheer', { lastLoginAt: '2026-01-01T10:00:00.000Z' });
    const text = readFileSync(file, 'utf8');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    for (const kept of ['# Instellingen van deze map', 'maxParallel: 2 # twee tegelijk', '# de beheerder', 'role: operator # ziet alles']) expect(text).toContain(kept);
    expect(text).toMatch(/- name: winkel\n\s+role: tenant\n\s+tenants: \[ shop-a \]\n\s+invitation:\n\s+tokenHash: a{64}\n/);
    expect(text).toContain('lastLoginAt: 2026-01-01T10:00:00.000Z');
    expect((await store.list()).map((user) => user.name)).toEqual(['beheer', 'winkel']);
  });

  it('reads the file again when it changed on disk; a broken edit is told once and not taken', async () => {
    const hash = await hashPassword('beheer-wachtwoord', LOW_COST);
    const file = join(scratch(), 'dashboard.yaml');
    writeFileSync(file, usersYaml([{ name: 'beheer', role: 'operator', passwordHash: hash }]));
    const told: string[] = [];
    const store = new UsersFileStore(file, { onProblem: (message) => told.push(message) });
    expect((await store.find('beheer'))?.disabled).toBeUndefined();
    writeFileSync(file, usersYaml([{ name: 'beheer', role: 'operator', passwordHash: hash, disabled: true }]));
    expect((await store.find('beheer'))?.disabled).toBe(true);

    writeFileSync(file, `users:\n  - name: beheer\n    role: baas\n`);
    expect((await store.find('beheer'))?.disabled).toBe(true);
    expect((await store.find('beheer'))?.disabled).toBe(true);
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('users.0.role');
    await expect(store.update('beheer', { disabled: false })).rejects.toThrow(/users\.0\.role/);
    expect(readFileSync(file, 'utf8')).toContain('role: baas');
  });
});
