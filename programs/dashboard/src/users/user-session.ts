/**
 * Who a session belongs to, asked of the user store on every request: a session whose user was
 * disabled or removed, or whose password changed since the login, ends at once (the session is
 * replaced by an empty one, so the next page is the login). The session keeps the user's name and a
 * stamp of the password hash it logged in with, never the password nor the hash itself.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { canLogIn, type DashboardUser, type StoredUser } from '../dashboard-users';
import type { UserStore } from './user-store';

declare module 'fastify' {
  interface Session {
    /** Which password the user logged in with (a hash of its hash): a changed password ends the session. */
    userStamp?: string;
    /** The password was right; the TOTP code is asked next. */
    pendingLogin?: { user: string; at: number };
    /** A TOTP secret being set up (an `${encrypted:..}` reference), until the first code confirms it. */
    totpSetup?: { secret: string; at: number };
  }
}

export function sessionStamp(passwordHash: string): string {
  return createHash('sha256').update(`koppelwerk-session\0${passwordHash}`).digest('base64url').slice(0, 22);
}

export function asDashboardUser(user: StoredUser & { passwordHash: string }): DashboardUser {
  return { name: user.name, role: user.role, ...(user.role === 'tenant' ? { tenants: [...(user.tenants ?? [])] } : {}), passwordHash: user.passwordHash };
}

/** The logged-in user of this request, or null; a session that may no longer be used is ended. */
export async function sessionUser(store: UserStore, request: FastifyRequest): Promise<DashboardUser | null> {
  const session = request.session;
  const name = session?.user;
  if (typeof name !== 'string') return null;
  const user = await store.find(name);
  if (canLogIn(user) && session.userStamp === sessionStamp(user.passwordHash)) return asDashboardUser(user);
  await session.regenerate();
  return null;
}

/** Completes a login: a new session id (no fixation), the user and their stamp in it, the time noted. */
export async function signIn(request: FastifyRequest, store: UserStore, user: StoredUser & { passwordHash: string }): Promise<void> {
  await request.session.regenerate();
  request.session.user = user.name;
  request.session.userStamp = sessionStamp(user.passwordHash);
  // A login is not refused because its time could not be noted (a users file broken on disk refuses writes).
  await store.update(user.name, { lastLoginAt: new Date().toISOString() }).catch(() => undefined);
}
