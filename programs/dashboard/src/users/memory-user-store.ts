/**
 * Users given as a list in code (`createDashboardServer({ users: [...] })`): kept in this process,
 * changes included, and gone when it stops. The users file and the service table are the stores
 * `serve` uses; this one passes the same conformance suite.
 */
import type { StoredUser } from '../dashboard-users';
import { patchedUser, sortedUsers, UserTakenError, type UserPatch, type UserStore } from './user-store';

export class MemoryUserStore implements UserStore {
  readonly where = 'this process';
  private readonly users = new Map<string, StoredUser>();

  constructor(users: readonly StoredUser[] = []) {
    for (const user of users) this.users.set(user.name.toLowerCase(), structuredClone(user));
  }

  async list(): Promise<StoredUser[]> {
    return sortedUsers([...this.users.values()]).map((user) => structuredClone(user));
  }

  async find(name: string): Promise<StoredUser | undefined> {
    const user = this.users.get(name.toLowerCase());
    return user && structuredClone(user);
  }

  async findByInvitation(tokenHash: string): Promise<StoredUser | undefined> {
    const user = [...this.users.values()].find((candidate) => candidate.invitation?.tokenHash === tokenHash);
    return user && structuredClone(user);
  }

  async add(user: StoredUser): Promise<void> {
    const key = user.name.toLowerCase();
    if (this.users.has(key)) throw new UserTakenError(user.name);
    this.users.set(key, structuredClone(user));
  }

  async update(name: string, patch: UserPatch): Promise<StoredUser | undefined> {
    const user = this.users.get(name.toLowerCase());
    if (!user) return undefined;
    const next = patchedUser(user, patch);
    this.users.set(name.toLowerCase(), next);
    return structuredClone(next);
  }

  async acceptInvitation(tokenHash: string, passwordHash: string, now: Date): Promise<StoredUser | undefined> {
    const user = [...this.users.values()].find((candidate) => candidate.invitation?.tokenHash === tokenHash);
    if (!user?.invitation || Date.parse(user.invitation.expiresAt) <= now.getTime()) return undefined;
    return this.update(user.name, { invitation: null, passwordHash });
  }

  async close(): Promise<void> {}
}

/** The store for `createDashboardServer`'s `users`: a store as it is, a list kept in memory. */
export function userStoreOf(users: readonly StoredUser[] | UserStore): UserStore {
  return isUserStore(users) ? users : new MemoryUserStore(users);
}

function isUserStore(users: readonly StoredUser[] | UserStore): users is UserStore {
  return !Array.isArray(users) && typeof (users as UserStore).find === 'function';
}
