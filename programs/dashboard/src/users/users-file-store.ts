/**
 * The embedded mode's users: the users file (`dashboard.yaml`, or the `dashboard:` section of
 * `koppelwerk.yaml`) stays the truth. Every question reads the file again when it changed on disk
 * (a user added or disabled by hand counts at once); every change is written into the same file
 * with the yaml document API, so comments, order and the other sections stay as they were, all at
 * once (a temporary file renamed over it), and the file is made readable by its owner only (0600).
 *
 * A file edited on disk into something that does not load (or removed) is not taken: the users read
 * last stay in force, the problem is told once (`onProblem`, the server's log), and nothing is written over it.
 */
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { ConfigurationError, describeError } from '@koppelwerk/core';
import { writeFileAtomically } from '@koppelwerk/runtime';
import { isMap, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseUsers, type StoredUser } from '../dashboard-users';
import { patchedUser, sortedUsers, UserTakenError, type UserPatch, type UserStore } from './user-store';

export interface UsersFileStoreOptions {
  /** Where in the file the users list is: `['users']` (dashboard.yaml), `['dashboard', 'users']` (koppelwerk.yaml). */
  section?: readonly string[];
  /** Told once per version of the file that does not load (the users read before stay in force). */
  onProblem?: (message: string) => void;
}

/** The field order of a user the dashboard adds. */
const FIELD_ORDER = ['name', 'role', 'tenants', 'passwordHash', 'invitation', 'disabled', 'totpSecret', 'createdBy', 'createdAt', 'lastLoginAt'];

export class UsersFileStore implements UserStore {
  readonly where: string;
  private readonly section: readonly string[];
  private cache?: { stamp: string; users: StoredUser[] };
  private toldProblem?: string;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly options: UsersFileStoreOptions = {},
  ) {
    this.section = options.section ?? ['users'];
    this.where = `the file ${file}`;
  }

  async list(): Promise<StoredUser[]> {
    return sortedUsers(this.users()).map((user) => structuredClone(user));
  }

  async find(name: string): Promise<StoredUser | undefined> {
    const key = name.toLowerCase();
    const user = this.users().find((candidate) => candidate.name.toLowerCase() === key);
    return user && structuredClone(user);
  }

  async findByInvitation(tokenHash: string): Promise<StoredUser | undefined> {
    const user = this.users().find((candidate) => candidate.invitation?.tokenHash === tokenHash);
    return user && structuredClone(user);
  }

  add(user: StoredUser): Promise<void> {
    return this.change((doc, users, list) => {
      if (users.some((candidate) => candidate.name.toLowerCase() === user.name.toLowerCase())) throw new UserTakenError(user.name);
      const ordered = Object.fromEntries(FIELD_ORDER.filter((key) => (user as unknown as Record<string, unknown>)[key] !== undefined).map((key) => [key, (user as unknown as Record<string, unknown>)[key]]));
      const node = doc.createNode(ordered) as YAMLMap;
      const tenants = node.get('tenants', true);
      if (isSeq(tenants)) tenants.flow = true;
      list.flow = false;
      list.add(node);
    });
  }

  update(name: string, patch: UserPatch): Promise<StoredUser | undefined> {
    return this.change((doc, users, list) => {
      const index = users.findIndex((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
      if (index < 0) return undefined;
      const node = list.items[index] as YAMLMap;
      const next = patchedUser(users[index], patch);
      for (const key of Object.keys(patch)) {
        const value = (next as unknown as Record<string, unknown>)[key];
        if (value === undefined) node.delete(key);
        else node.set(key, doc.createNode(value));
      }
      return next;
    });
  }

  acceptInvitation(tokenHash: string, passwordHash: string, now: Date): Promise<StoredUser | undefined> {
    return this.change((doc, users, list) => {
      const index = users.findIndex((candidate) => candidate.invitation?.tokenHash === tokenHash);
      const invitation = users[index]?.invitation;
      if (!invitation || Date.parse(invitation.expiresAt) <= now.getTime()) return undefined;
      const node = list.items[index] as YAMLMap;
      node.delete('invitation');
      node.set('passwordHash', passwordHash);
      return patchedUser(users[index], { invitation: null, passwordHash });
    });
  }

  async close(): Promise<void> {
    await this.writing.catch(() => undefined);
  }

  /** The users as the file says now (read again when it changed on disk). */
  private users(): StoredUser[] {
    try {
      const stamp = this.stamp();
      if (this.cache?.stamp === stamp) return this.cache.users;
      const users = this.parse(readFileSync(this.file, 'utf8')).users;
      this.cache = { stamp, users };
      this.toldProblem = undefined;
      return users;
    } catch (error) {
      if (!this.cache) throw error;
      const message = `${this.file} does not load; the users read before stay in force until it is fixed: ${describeError(error)}`;
      if (this.toldProblem !== message) this.options.onProblem?.(message);
      this.toldProblem = message;
      return this.cache.users;
    }
  }

  private stamp(): string {
    const s = statSync(this.file, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  }

  private parse(text: string): { doc: Document; users: StoredUser[] } {
    const doc = parseDocument(text);
    if (doc.errors.length) throw new ConfigurationError(doc.errors.map((error) => ({ path: this.file, message: `not readable as YAML: ${error.message.split('\n')[0]}` })));
    // The mapping that holds the users list: the whole file, or its `dashboard:` section.
    const raw = this.section.slice(0, -1).reduce<unknown>((value, key) => (value as Record<string, unknown> | null | undefined)?.[key], doc.toJS());
    return { doc, users: parseUsers(raw ?? { users: [] }, this.file) };
  }

  /** Reads the file as it is now, changes its document, and writes it back (one change at a time). */
  private change<T>(edit: (doc: Document, users: StoredUser[], list: YAMLSeq) => T): Promise<T> {
    const run = this.writing.then(() => {
      const before = readFileSync(this.file, 'utf8');
      const { doc, users } = this.parse(before);
      let list = doc.getIn(this.section, true);
      if (!isSeq(list)) {
        doc.setIn(this.section, doc.createNode([]));
        list = doc.getIn(this.section, true);
      }
      if (!isSeq(list) || !list.items.every((item) => isMap(item))) throw new ConfigurationError([{ path: this.file, message: `${this.section.join('.')} is not a list of users` }]);
      const result = edit(doc, users, list);
      const text = doc.toString();
      if (text === before) return result;
      const written = this.parse(text).users;
      writeFileAtomically(this.file, text, 0o600);
      chmodSync(this.file, 0o600);
      this.cache = { stamp: this.stamp(), users: written };
      return result;
    });
    this.writing = run.catch(() => undefined);
    return run;
  }
}
