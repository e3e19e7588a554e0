/**
 * Who may open the dashboard. In the embedded mode users are defined in `dashboard.yaml` next to the
 * tenant files (or in the `dashboard:` section of the directory's `koppelwerk.yaml`), each with a
 * scrypt password hash made by `koppelwerk dashboard hash-password` or by the dashboard itself (an
 * invitation, a changed password):
 *
 *   users:
 *     - name: beheer
 *       role: operator            # sees every tenant
 *       passwordHash: scrypt$32768$8$1$...
 *     - name: winkel
 *       role: tenant              # sees only the tenants listed
 *       tenants: [my-shop]
 *       passwordHash: scrypt$32768$8$1$...
 *       disabled: true            # cannot log in; their sessions end
 *       totpSecret: ${encrypted:v1:...}   # a second factor, encrypted with the machine's key
 *
 * The dashboard writes the other fields (`lastLoginAt`, `createdBy`, `createdAt`, and `invitation`
 * for a user who has not chosen a password yet: only the hash of the link's token). A file with
 * problems is refused with every problem listed at once. There is no default user and no default
 * password.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigurationError } from '@koppelwerk/core';
import { parse } from 'yaml';
import { z } from 'zod';
import { DAEMON_SETTINGS_FILE, DASHBOARD_USERS_FILE, referenceKeyId } from '@koppelwerk/runtime';
import { isPasswordHash } from './password-hash';

export { DASHBOARD_USERS_FILE };

/** A user name: letters, digits and `. _ @ -`, at most 64 characters. */
export const USER_NAME = /^[A-Za-z0-9._@-]{1,64}$/;
const timestamp = z.iso.datetime({ offset: true, message: 'not a time: write it as 2026-01-31T12:00:00Z' });
const encryptedReference = z.string().refine((value) => referenceKeyId(value) !== undefined, 'not an ${encrypted:v1:...} reference: set the second factor up again on the account page');

const UserSchema = z
  .object({
    name: z.string().regex(USER_NAME, 'letters, digits and . _ @ - only, at most 64 characters'),
    role: z.enum(['operator', 'tenant']),
    tenants: z.array(z.string().min(1)).optional(),
    passwordHash: z.string().refine(isPasswordHash, 'not a password hash: make one with `koppelwerk dashboard hash-password`').optional(),
    disabled: z.boolean().optional(),
    lastLoginAt: timestamp.optional(),
    totpSecret: encryptedReference.optional(),
    createdBy: z.string().min(1).max(64).optional(),
    createdAt: timestamp.optional(),
    invitation: z
      .object({ tokenHash: z.string().regex(/^[0-9a-f]{64}$/, 'not a token hash'), expiresAt: timestamp })
      .strict()
      .optional(),
  })
  .strict();

const UsersSchema = z.object({ users: z.array(UserSchema) }).strict();

/**
 * The rules across fields and users, checked on the raw input so that they are reported together
 * with every field problem (zod skips refinements of an object whose fields already failed).
 */
function crossChecks(raw: unknown): Array<{ path: string; message: string }> {
  const users = (raw as { users?: unknown } | null)?.users;
  if (!Array.isArray(users)) return [];
  const problems: Array<{ path: string; message: string }> = [];
  const seen = new Set<string>();
  users.forEach((user: Record<string, unknown> | null, i) => {
    if (!user || typeof user !== 'object') return;
    const tenants = user.tenants;
    if (user.role === 'tenant' && !(Array.isArray(tenants) && tenants.length > 0)) problems.push({ path: `users.${i}.tenants`, message: 'a tenant user needs the tenants it may see' });
    if (user.role === 'operator' && tenants !== undefined) problems.push({ path: `users.${i}.tenants`, message: 'an operator sees every tenant; leave tenants out' });
    if (user.passwordHash === undefined && user.invitation === undefined) problems.push({ path: `users.${i}.passwordHash`, message: 'is required: make one with `koppelwerk dashboard hash-password`' });
    if (typeof user.name === 'string') {
      const key = user.name.toLowerCase();
      if (seen.has(key)) problems.push({ path: `users.${i}.name`, message: `user ${user.name} is defined twice` });
      seen.add(key);
    }
  });
  return problems;
}

/** A user who can log in: what every route knows of who is asking. */
export interface DashboardUser {
  name: string;
  role: 'operator' | 'tenant';
  /** The tenants a tenant user may see; absent for operators (they see all). */
  tenants?: readonly string[];
  passwordHash: string;
}

/** An invitation link not used yet: only the hash of its token is kept. */
export interface StoredInvitation {
  /** sha256 of the link's token, hex. */
  tokenHash: string;
  expiresAt: string;
}

/** A user as a user store keeps it (the users file, or the service's `dashboard_users` table). */
export interface StoredUser {
  name: string;
  role: 'operator' | 'tenant';
  tenants?: readonly string[];
  /** Absent while the user has not chosen a password (an invitation is open). */
  passwordHash?: string;
  disabled?: boolean;
  /** ISO time of the last completed login. */
  lastLoginAt?: string;
  /** The TOTP secret as an `${encrypted:v1:..}` reference (the machine's key). */
  totpSecret?: string;
  /** Who added (invited) the user. */
  createdBy?: string;
  createdAt?: string;
  invitation?: StoredInvitation;
}

export interface LoadedUsers {
  users: StoredUser[];
  /** The file they came from; absent when no file defines users. */
  file?: string;
  /** Where in the file the users list is: `['users']`, or `['dashboard', 'users']` in koppelwerk.yaml. */
  section?: readonly string[];
}

/** Whether the user may see this tenant. */
export function maySee(user: Pick<DashboardUser, 'role' | 'tenants'>, tenant: string): boolean {
  return user.role === 'operator' || (user.tenants ?? []).includes(tenant);
}

/** Whether the user can log in now: a password chosen and not disabled. */
export function canLogIn(user: StoredUser | undefined): user is StoredUser & { passwordHash: string } {
  return user !== undefined && user.passwordHash !== undefined && user.disabled !== true;
}

function readYaml(file: string): unknown {
  try {
    return parse(readFileSync(file, 'utf8')) ?? {};
  } catch (error) {
    throw new ConfigurationError([{ path: basename(file), message: `not readable as YAML: ${(error as Error).message.split('\n')[0]}` }]);
  }
}

/** Validates a users section (`{ users: [...] }`); `label` prefixes each problem's path. */
export function parseUsers(raw: unknown, label: string): StoredUser[] {
  const parsed = UsersSchema.safeParse(raw);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(top)', message: issue.message }))),
    ...crossChecks(raw),
  ];
  if (problems.length || !parsed.success) throw new ConfigurationError(problems.map((p) => ({ path: `${label}: ${p.path}`, message: p.message })));
  return parsed.data.users;
}

/** Users from a `dashboard.yaml` file given by name. */
export function readUsersFile(file: string): LoadedUsers {
  if (!existsSync(file)) throw new ConfigurationError([{ path: file, message: 'no such file' }]);
  return { users: parseUsers(readYaml(file), basename(file)), file, section: ['users'] };
}

/**
 * Users for `serve <tenant.yaml | dir>`: `dashboard.yaml` in the directory (of the tenant file),
 * else the `dashboard:` section of its `koppelwerk.yaml`; none when neither exists.
 */
export function findUsers(tenantFileOrDirectory: string): LoadedUsers {
  const directory = existsSync(tenantFileOrDirectory) && statSync(tenantFileOrDirectory).isDirectory() ? tenantFileOrDirectory : dirname(tenantFileOrDirectory);
  const usersFile = join(directory, DASHBOARD_USERS_FILE);
  const settingsFile = join(directory, DAEMON_SETTINGS_FILE);
  const settings = existsSync(settingsFile) ? readYaml(settingsFile) : undefined;
  const section = settings && typeof settings === 'object' ? (settings as Record<string, unknown>).dashboard : undefined;
  if (existsSync(usersFile)) {
    if (section !== undefined) {
      throw new ConfigurationError([{ path: `${DAEMON_SETTINGS_FILE}: dashboard`, message: `users are defined in both ${DASHBOARD_USERS_FILE} and ${DAEMON_SETTINGS_FILE}; keep one` }]);
    }
    return readUsersFile(usersFile);
  }
  if (section !== undefined) return { users: parseUsers(section, `${DAEMON_SETTINGS_FILE}: dashboard`), file: settingsFile, section: ['dashboard', 'users'] };
  return { users: [] };
}

/** What `serve` says when nobody can log in. */
export function noUsersMessage(where: string): string {
  return (
    `no dashboard users: nobody could log in. Add one to ${where}:\n` +
    `  1. make a password hash:  koppelwerk dashboard hash-password   (type the password, then Enter)\n` +
    `  2. write the file:\n` +
    `     users:\n` +
    `       - name: beheer\n` +
    `         role: operator        # or: role: tenant, with tenants: [<tenant name>]\n` +
    `         passwordHash: <the hash from step 1>`
  );
}
