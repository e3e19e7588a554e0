/**
 * Users, their security codes and their sessions. Sessions expire after an idle time (E0023); a
 * revoked or rotated login (a changed password) ends its sessions and refuses the old codes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { SimAdministration } from './sim-administration';
import { simErrors } from './sim-errors';

export interface EboekhoudenCredentials {
  username: string;
  securityCode1: string;
  securityCode2: string;
}

/** A user as seeded: `{ "Username": ..., "SecurityCode1": ..., "SecurityCode2": ... }`. */
export interface SimUserSeed {
  Username: string;
  SecurityCode1: string;
  SecurityCode2: string;
}

interface SimUser extends SimUserSeed {
  revoked: boolean;
}

interface SimSession {
  user: SimUser;
  administration: SimAdministration;
  lastUsed: number;
}

export function newSecurityCodes(): { SecurityCode1: string; SecurityCode2: string } {
  return { SecurityCode1: randomBytes(16).toString('hex'), SecurityCode2: randomUUID().toUpperCase() };
}

export class SimAccounts {
  private readonly users: SimUser[];
  private readonly sessions = new Map<string, SimSession>();

  constructor(
    users: SimUserSeed[],
    public idleMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.users = users.map((u) => ({ ...u, revoked: false }));
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  credentials(username?: string): EboekhoudenCredentials {
    const user = this.user(username);
    return { username: user.Username, securityCode1: user.SecurityCode1, securityCode2: user.SecurityCode2 };
  }

  login(username: string, code1: string, code2: string): SimUser {
    const user = this.users.find((u) => u.Username === username);
    if (!user || user.revoked || user.SecurityCode1.toLowerCase() !== code1.toLowerCase() || !sameGuid(user.SecurityCode2, code2)) {
      throw simErrors.loginFailed();
    }
    return user;
  }

  open(user: SimUser, administration: SimAdministration): string {
    const id = `{${randomUUID().toUpperCase()}}`;
    this.sessions.set(id, { user, administration, lastUsed: this.now() });
    return id;
  }

  /** The session's administration, after checking it is alive and SecurityCode2 matches its user. */
  use(sessionId: string, securityCode2: string): SimAdministration {
    const session = this.sessions.get(sessionId);
    if (!session || this.now() - session.lastUsed > this.idleMs) {
      this.sessions.delete(sessionId);
      throw simErrors.sessionExpired();
    }
    if (!sameGuid(session.user.SecurityCode2, securityCode2)) throw simErrors.securityCode2Wrong();
    session.lastUsed = this.now();
    return session.administration;
  }

  /** AutoLogin: the session must belong to this user. */
  owner(sessionId: string): string | undefined {
    return this.sessions.get(sessionId)?.user.Username;
  }

  close(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  expireAll(): void {
    this.sessions.clear();
  }

  /** The login stops working (credentials revoked); its sessions end. */
  revoke(username?: string): void {
    const user = this.user(username);
    user.revoked = true;
    this.endSessionsOf(user);
  }

  /** A password change: new codes, old ones refused, sessions ended. Returns the new login. */
  rotate(username?: string): EboekhoudenCredentials {
    const user = this.user(username);
    Object.assign(user, newSecurityCodes(), { revoked: false });
    this.endSessionsOf(user);
    return this.credentials(user.Username);
  }

  private endSessionsOf(user: SimUser): void {
    for (const [id, session] of this.sessions) if (session.user === user) this.sessions.delete(id);
  }

  private user(username?: string): SimUser {
    const user = username ? this.users.find((u) => u.Username === username) : this.users[0];
    if (!user) throw new Error(`no simulated user ${username}`);
    return user;
  }
}

function sameGuid(a: string, b: string): boolean {
  const normalise = (value: string) => value.replace(/[{}]/g, '').toLowerCase();
  return normalise(a) === normalise(b);
}
