/**
 * Who may open the dashboard. Users are defined in `dashboard.yaml` next to the tenant files (or in
 * the `dashboard:` section of the directory's `koppelwerk.yaml`), each with a scrypt password hash
 * made by `koppelwerk dashboard hash-password`:
 *
 *   users:
 *     - name: beheer
 *       role: operator            # sees every tenant
 *       passwordHash: scrypt$32768$8$1$...
 *     - name: winkel
 *       role: tenant              # sees only the tenants listed
 *       tenants: [my-shop]
 *       passwordHash: scrypt$32768$8$1$...
 *
 * A file with problems is refused with every problem listed at once. There is no default user and
 * no default password.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigurationError } from '@koppelwerk/core';
import { parse } from 'yaml';
import { z } from 'zod';
import { DAEMON_SETTINGS_FILE, DASHBOARD_USERS_FILE } from '@koppelwerk/runtime';
import { isPasswordHash } from './password-hash';

export { DASHBOARD_USERS_FILE };

const UserSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'letters, digits and . _ @ - only, at most 64 characters'),
    role: z.enum(['operator', 'tenant']),
    tenants: z.array(z.string().min(1)).optional(),
    passwordHash: z.string().refine(isPasswordHash, 'not a password hash: make one with `koppelwerk dashboard hash-password`'),
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
    if (typeof user.name === 'string') {
      const key = user.name.toLowerCase();
      if (seen.has(key)) problems.push({ path: `users.${i}.name`, message: `user ${user.name} is defined twice` });
      seen.add(key);
    }
  });
  return problems;
}

export interface DashboardUser {
  name: string;
  role: 'operator' | 'tenant';
  /** The tenants a tenant user may see; absent for operators (they see all). */
  tenants?: readonly string[];
  passwordHash: string;
}

export interface LoadedUsers {
  users: DashboardUser[];
  /** The file they came from; absent when no file defines users. */
  file?: string;
}

/** Whether the user may see this tenant. */
export function maySee(user: DashboardUser, tenant: string): boolean {
  return user.role === 'operator' || (user.tenants ?? []).includes(tenant);
}

function readYaml(file: string): unknown {
  try {
    return parse(readFileSync(file, 'utf8')) ?? {};
  } catch (error) {
    throw new ConfigurationError([{ path: basename(file), message: `not readable as YAML: ${(error as Error).message.split('\n')[0]}` }]);
  }
}

/** Validates a users section (`{ users: [...] }`); `label` prefixes each problem's path. */
export function parseUsers(raw: unknown, label: string): DashboardUser[] {
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
  return { users: parseUsers(readYaml(file), basename(file)), file };
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
  if (section !== undefined) return { users: parseUsers(section, `${DAEMON_SETTINGS_FILE}: dashboard`), file: settingsFile };
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
