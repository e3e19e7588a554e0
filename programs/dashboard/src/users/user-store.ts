/**
 * Where the dashboard's users live, asked per request: the embedded mode keeps them in the users
 * file (`UsersFileStore`), the service mode in the `dashboard_users` table (`UsersTableStore`). Both
 * pass one conformance suite (user-store.spec.ts). Names are compared without regard to case. A
 * store keeps only what may be kept: password hashes, the hash of an invitation's token, the TOTP
 * secret encrypted with the machine's key.
 */
import type { StoredInvitation, StoredUser } from '../dashboard-users';

export type { StoredInvitation, StoredUser };

/** A change to one user; `null` removes the field. */
export interface UserPatch {
  passwordHash?: string;
  disabled?: boolean;
  lastLoginAt?: string;
  totpSecret?: string | null;
  invitation?: StoredInvitation | null;
}

/** The name is taken (whatever its case). */
export class UserTakenError extends Error {
  constructor(readonly userName: string) {
    super(`there is already a user ${userName}`);
    this.name = 'UserTakenError';
  }
}

export interface UserStore {
  /** Where the users are, in words, for messages (`the file /x/dashboard.yaml`, `the dashboard_users table`). */
  readonly where: string;
  /** Every user, sorted by name. */
  list(): Promise<StoredUser[]>;
  /** One user by name, whatever its case. */
  find(name: string): Promise<StoredUser | undefined>;
  /** The user whose open invitation has this token hash (expired or not). */
  findByInvitation(tokenHash: string): Promise<StoredUser | undefined>;
  /** Adds a user; a UserTakenError when the name is taken. */
  add(user: StoredUser): Promise<void>;
  /** Changes one user; the user as it is now, or undefined when there is no such user. */
  update(name: string, patch: UserPatch): Promise<StoredUser | undefined>;
  /**
   * Uses an invitation, once: when a user has an invitation with this token hash that has not
   * expired at `now`, sets the password hash and removes the invitation, all at once. The user, or
   * undefined (no such invitation, used, or expired).
   */
  acceptInvitation(tokenHash: string, passwordHash: string, now: Date): Promise<StoredUser | undefined>;
  close(): Promise<void>;
}

/** The users sorted by name (case-insensitive), as `list` gives them. */
export function sortedUsers(users: readonly StoredUser[]): StoredUser[] {
  return [...users].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
}

/** A user with the patch applied (`null` removes a field). */
export function patchedUser(user: StoredUser, patch: UserPatch): StoredUser {
  const next: Record<string, unknown> = { ...user };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete next[key];
    else next[key] = value;
  }
  if (next.disabled === false) delete next.disabled;
  return next as unknown as StoredUser;
}
