/**
 * The dashboard's sessions, kept in this process: each expires after a time without use, and the
 * number is capped. Sessions of visitors who have not logged in (they hold only a CSRF secret) have
 * a smaller cap of their own and are evicted first, so a flood of anonymous requests cannot push
 * logged-in people out. Sessions end when the process stops.
 */
import type { FastifySessionObject, SessionStore } from '@fastify/session';

type StoredSession = Parameters<SessionStore['set']>[1];

export interface SessionLimits {
  /** A session not used for this long is gone. */
  idleMs: number;
  /** At most this many sessions; the least recently used go first. */
  maxSessions: number;
  /** At most this many sessions without a logged-in user. */
  maxAnonymous: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { idleMs: 8 * 60 * 60 * 1000, maxSessions: 10_000, maxAnonymous: 2_000 };

interface Entry {
  session: StoredSession;
  expiresAt: number;
  signedIn: boolean;
}

export class DashboardSessionStore implements SessionStore {
  /** In order of last use (oldest first): a Map keeps insertion order and `set` re-inserts. */
  private readonly entries = new Map<string, Entry>();
  private anonymous = 0;

  constructor(
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  set(sessionId: string, session: StoredSession, callback: (error?: unknown) => void): void {
    this.remove(sessionId);
    this.sweep();
    const signedIn = typeof (session as Partial<FastifySessionObject>).user === 'string';
    if (!signedIn) {
      while (this.anonymous >= this.limits.maxAnonymous && this.evictOldest(false));
    }
    while (this.entries.size >= this.limits.maxSessions && this.evictOldest(undefined));
    this.entries.set(sessionId, { session, expiresAt: this.now() + this.limits.idleMs, signedIn });
    if (!signedIn) this.anonymous++;
    callback();
  }

  get(sessionId: string, callback: (error: unknown, session?: StoredSession | null) => void): void {
    const entry = this.entries.get(sessionId);
    if (entry && entry.expiresAt <= this.now()) this.remove(sessionId);
    callback(null, entry && entry.expiresAt > this.now() ? entry.session : null);
  }

  destroy(sessionId: string, callback: (error?: unknown) => void): void {
    this.remove(sessionId);
    callback();
  }

  private remove(sessionId: string): void {
    const entry = this.entries.get(sessionId);
    if (!entry) return;
    this.entries.delete(sessionId);
    if (!entry.signedIn) this.anonymous--;
  }

  /** Removes expired sessions; they sit at the front, since every `set` moves a session to the back. */
  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.remove(id);
    }
  }

  /** The least recently used session (only anonymous ones when `signedIn` is false). */
  private evictOldest(signedIn: boolean | undefined): boolean {
    for (const [id, entry] of this.entries) {
      if (signedIn === undefined || entry.signedIn === signedIn) {
        this.remove(id);
        return true;
      }
    }
    return false;
  }
}
