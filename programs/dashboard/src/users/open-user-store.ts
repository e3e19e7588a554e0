/**
 * The user store `koppelwerk serve` uses. Embedded, the users file is the truth: `--users <file>`,
 * else `dashboard.yaml` next to the tenant files, else the `dashboard:` section of their
 * `koppelwerk.yaml`. In the service mode the `dashboard_users` table is; a users file found the same
 * way (in the working directory) adds the users the table does not have yet, so the first operator
 * can come from a file, and a user disabled in the table stays disabled. Without anyone who can log
 * in, `serve` refuses to start and says how to add someone.
 */
import { UsageError } from '@koppelwerk/core/errors';
import { TenantTable } from '@koppelwerk/service';
import { canLogIn, DASHBOARD_USERS_FILE, findUsers, type LoadedUsers, noUsersMessage, readUsersFile } from '../dashboard-users';
import { UserTakenError, type UserStore } from './user-store';
import { UsersFileStore } from './users-file-store';
import { UsersTableStore } from './users-table-store';

export interface UserStoreChoice {
  /** The service database: the users are in its `dashboard_users` table. */
  database?: string;
  /** A users file given by name (`--users`). */
  file?: string;
  /** The tenant file or directory served (embedded); its folder holds the users file. */
  target?: string;
  /** Told when the users file was edited into something that does not load (the users before stay). */
  onProblem?: (message: string) => void;
}

export interface OpenedUserStore {
  store: UserStore;
  /** Where the users are, for the start line. */
  where: string;
  /** How many users can log in now. */
  users: number;
}

function usersFile(choice: UserStoreChoice): LoadedUsers & { where: string } {
  if (choice.file !== undefined) return { ...readUsersFile(choice.file), where: choice.file };
  const found = findUsers(choice.target ?? '.');
  return { ...found, where: found.file ?? (choice.target !== undefined ? `${DASHBOARD_USERS_FILE} next to ${choice.target}` : `./${DASHBOARD_USERS_FILE}`) };
}

export async function openUserStore(choice: UserStoreChoice): Promise<OpenedUserStore> {
  const loaded = usersFile(choice);
  if (choice.database === undefined) {
    const users = loaded.users.filter(canLogIn).length;
    if (loaded.file === undefined || users === 0) throw new UsageError(noUsersMessage(loaded.where));
    return { store: new UsersFileStore(loaded.file, { section: loaded.section, onProblem: choice.onProblem }), where: loaded.file, users };
  }
  const table = await TenantTable.open(choice.database);
  const store = new UsersTableStore(table.pool, { close: () => table.close() });
  try {
    let added = 0;
    for (const user of loaded.users) {
      try {
        await store.add(user);
        added++;
      } catch (error) {
        if (!(error instanceof UserTakenError)) throw error;
      }
    }
    const users = (await store.list()).filter(canLogIn).length;
    if (users === 0) throw new UsageError(`${noUsersMessage(loaded.where)}\n(the service keeps its users in the dashboard_users table; the file adds those the table does not have yet)`);
    return { store, where: `${store.where}${added > 0 ? ` (${added} added from ${loaded.where})` : ''}`, users };
  } catch (error) {
    await store.close();
    throw error;
  }
}
