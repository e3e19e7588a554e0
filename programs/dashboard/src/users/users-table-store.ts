/**
 * The service mode's users: the `dashboard_users` table in the service database, made on first use
 * (as the audit log's table is). It holds what the users file holds, no more: the scrypt hash of a
 * password, the sha256 of an open invitation's token, and the TOTP secret only as an
 * `${encrypted:..}` reference (the machine's key). A user asked for by name is remembered for a
 * moment (`cacheMs`), so a page costs no query; a change through this process is seen at once, one
 * through another `serve` within that moment.
 */
import type { Pool, QueryResultRow } from 'pg';
import type { StoredUser } from '../dashboard-users';
import { patchedUser, UserTakenError, type UserPatch, type UserStore } from './user-store';

const CREATE = `CREATE TABLE IF NOT EXISTS dashboard_users (
  name_key text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('operator', 'tenant')),
  tenants text[] NOT NULL DEFAULT '{}',
  password_hash text,
  disabled boolean NOT NULL DEFAULT false,
  last_login_at timestamptz,
  totp_secret text,
  created_by text,
  created_at timestamptz,
  invitation_hash text UNIQUE,
  invitation_expires_at timestamptz
)`;

interface Row {
  name: string;
  role: 'operator' | 'tenant';
  tenants: string[];
  password_hash: string | null;
  disabled: boolean;
  last_login_at: Date | null;
  totp_secret: string | null;
  created_by: string | null;
  created_at: Date | null;
  invitation_hash: string | null;
  invitation_expires_at: Date | null;
}

function toUser(row: Row): StoredUser {
  const user: StoredUser = { name: row.name, role: row.role };
  if (row.role === 'tenant') user.tenants = row.tenants;
  if (row.password_hash !== null) user.passwordHash = row.password_hash;
  if (row.disabled) user.disabled = true;
  if (row.last_login_at) user.lastLoginAt = row.last_login_at.toISOString();
  if (row.totp_secret !== null) user.totpSecret = row.totp_secret;
  if (row.created_by !== null) user.createdBy = row.created_by;
  if (row.created_at) user.createdAt = row.created_at.toISOString();
  if (row.invitation_hash !== null && row.invitation_expires_at) user.invitation = { tokenHash: row.invitation_hash, expiresAt: row.invitation_expires_at.toISOString() };
  return user;
}

/** The row's values of a user, in the order of COLUMNS. */
function values(user: StoredUser): unknown[] {
  return [
    user.name.toLowerCase(),
    user.name,
    user.role,
    [...(user.tenants ?? [])],
    user.passwordHash ?? null,
    user.disabled === true,
    user.lastLoginAt ?? null,
    user.totpSecret ?? null,
    user.createdBy ?? null,
    user.createdAt ?? null,
    user.invitation?.tokenHash ?? null,
    user.invitation?.expiresAt ?? null,
  ];
}

const COLUMNS = 'name_key, name, role, tenants, password_hash, disabled, last_login_at, totp_secret, created_by, created_at, invitation_hash, invitation_expires_at';
const SET_ALL = COLUMNS.split(', ')
  .slice(1)
  .map((column, i) => `${column} = $${i + 2}`)
  .join(', ');

export interface UsersTableStoreOptions {
  /** How long a user asked for by name is remembered. Default 2 s; 0 asks the table every time. */
  cacheMs?: number;
  now?: () => number;
}

export class UsersTableStore implements UserStore {
  readonly where = 'the dashboard_users table of the service database';
  private ready?: Promise<unknown>;
  private readonly remembered = new Map<string, { at: number; user: StoredUser | undefined }>();

  constructor(
    private readonly pool: Pool,
    private readonly options: UsersTableStoreOptions & { close?: () => Promise<void> } = {},
  ) {}

  async list(): Promise<StoredUser[]> {
    const { rows } = await this.query<Row>('SELECT * FROM dashboard_users ORDER BY name_key');
    return rows.map(toUser);
  }

  async find(name: string): Promise<StoredUser | undefined> {
    const key = name.toLowerCase();
    const now = (this.options.now ?? Date.now)();
    const kept = this.remembered.get(key);
    if (kept && now - kept.at < (this.options.cacheMs ?? 2000)) return kept.user && structuredClone(kept.user);
    const { rows } = await this.query<Row>('SELECT * FROM dashboard_users WHERE name_key = $1', [key]);
    const user = rows[0] ? toUser(rows[0]) : undefined;
    if (this.remembered.size > 10_000) this.remembered.clear();
    this.remembered.set(key, { at: now, user });
    return user && structuredClone(user);
  }

  async findByInvitation(tokenHash: string): Promise<StoredUser | undefined> {
    const { rows } = await this.query<Row>('SELECT * FROM dashboard_users WHERE invitation_hash = $1', [tokenHash]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  async add(user: StoredUser): Promise<void> {
    const { rowCount } = await this.query(`INSERT INTO dashboard_users (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (name_key) DO NOTHING`, values(user));
    this.remembered.delete(user.name.toLowerCase());
    if (!rowCount) throw new UserTakenError(user.name);
  }

  async update(name: string, patch: UserPatch): Promise<StoredUser | undefined> {
    const key = name.toLowerCase();
    this.remembered.delete(key);
    const client = await this.pool.connect();
    try {
      await this.table();
      await client.query('BEGIN');
      const { rows } = await client.query<Row>('SELECT * FROM dashboard_users WHERE name_key = $1 FOR UPDATE', [key]);
      if (!rows[0]) {
        await client.query('ROLLBACK');
        return undefined;
      }
      const next = patchedUser(toUser(rows[0]), patch);
      await client.query(`UPDATE dashboard_users SET ${SET_ALL} WHERE name_key = $1`, values(next));
      await client.query('COMMIT');
      return next;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      this.remembered.delete(key);
      client.release();
    }
  }

  async acceptInvitation(tokenHash: string, passwordHash: string, now: Date): Promise<StoredUser | undefined> {
    const { rows } = await this.query<Row>(
      `UPDATE dashboard_users SET password_hash = $2, invitation_hash = NULL, invitation_expires_at = NULL
       WHERE invitation_hash = $1 AND invitation_expires_at > $3 RETURNING *`,
      [tokenHash, passwordHash, now],
    );
    if (!rows[0]) return undefined;
    this.remembered.delete(rows[0].name.toLowerCase());
    return toUser(rows[0]);
  }

  async close(): Promise<void> {
    await this.options.close?.();
  }

  private table(): Promise<unknown> {
    this.ready ??= this.pool.query(CREATE).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async query<R extends object = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<{ rows: R[]; rowCount: number | null }> {
    await this.table();
    return this.pool.query<R & QueryResultRow>(text, params) as Promise<{ rows: R[]; rowCount: number | null }>;
  }
}
