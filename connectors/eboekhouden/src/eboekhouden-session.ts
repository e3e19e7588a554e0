/**
 * One e-Boekhouden session per tenant run, over either API: opened on first use and shared by
 * concurrent calls, renewed when the wire says it is due (REST: shortly before `expiresIn` ends),
 * reopened once when a call finds it expired (SOAP: E0023, REST: 401) and that call repeated, and
 * closed at the end. A call that finds a session this run closed itself opens no other: the run is
 * ending. What a session is and how it is opened, proven and closed is the wire's
 * (soap/soap-session.ts, rest/rest-client.ts); the session ids are secrets the wire redacts.
 */
import { TransientError, type ModuleContext } from '@koppelwerk/core';
import { worded } from './eboekhouden-messages';

/** What one API does with its sessions. */
export interface SessionWire<S> {
  /** Opens a new session (logging in); its errors are the wire's own. */
  open(): Promise<S>;
  /** Ends a session; a failure is only logged. */
  close(session: S): Promise<void>;
  /** Whether an open session should be replaced before its next call (REST: its lifetime is nearly up). */
  due?(session: S): boolean;
}

export class EboekhoudenSession<S> {
  /** Sessions opened so far (for logs and tests). */
  opened = 0;
  private current: Promise<S> | null = null;
  /** Sessions this run closed itself: a call that finds one of them gone does not open another. */
  private readonly closedByUs = new Set<S>();

  constructor(
    private readonly wire: SessionWire<S>,
    private readonly context: ModuleContext,
  ) {}

  /** The open session: reused while it lasts, opened on first use, replaced when it is due. */
  async session(): Promise<S> {
    const current = this.current;
    if (!current) return this.start();
    const session = await current;
    return this.wire.due?.(session) ? this.renew(session) : session;
  }

  /**
   * Runs one call with the session. When its answer says the session expired (`expired`), opens one
   * new session (unless another call already did) and runs the call once more; that second answer
   * is returned as it is, for the wire to turn into its own error. An expired session means the call
   * was not carried out, so repeating a write here cannot book it twice.
   */
  async use<R>(what: string, call: (session: S) => Promise<R>, expired: (answer: R) => boolean): Promise<R> {
    const session = await this.session();
    const answer = await call(session);
    if (!expired(answer)) return answer;
    if (this.closedByUs.has(session)) {
      throw new TransientError(...worded('EB_SESSION_CLOSED', { what }));
    }
    this.context.logger.info('e-Boekhouden session expired; opening a new one', { call: what });
    return call(await this.renew(session));
  }

  /** Ends the session. Safe to call twice; a failure to close is only logged. */
  async close(): Promise<void> {
    const current = this.current;
    this.current = null;
    if (!current) return;
    let session: S;
    try {
      session = await current;
    } catch {
      return;
    }
    this.closedByUs.add(session);
    try {
      await this.wire.close(session);
      this.context.logger.debug('e-Boekhouden session closed');
    } catch (error) {
      this.context.logger.warn('could not close the e-Boekhouden session', { error: this.context.redactor.redact(error) });
    }
  }

  /** A new session in place of `stale`, unless another call already replaced it. */
  private async renew(stale: S): Promise<S> {
    const current = this.current;
    if (current) {
      const session = await current.then(
        (value) => ({ value }),
        () => null,
      );
      if (session && session.value !== stale && this.current === current) return session.value;
    }
    if (this.current === current) this.current = null;
    return this.current ?? this.start();
  }

  private start(): Promise<S> {
    const opening = this.wire.open().then((session) => {
      this.opened++;
      return session;
    });
    this.current = opening;
    opening.catch(() => {
      if (this.current === opening) this.current = null;
    });
    return opening;
  }
}
