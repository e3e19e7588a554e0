/**
 * One e-Boekhouden session per tenant run: opened on first use, shared by concurrent calls,
 * reopened once when the service says it expired (E0023) and the call retried, closed at the end.
 * Every call's in-band ErrorMsg is inspected here. The session id is a secret: it is added to the
 * redactor and never logged.
 */
import { inject, injectable } from 'inversify';
import { ConfigurationError, TransientError, withRetry, type ModuleContext } from '@koppelwerk/core';
import { SESSION_SOURCE, type SoapSettings } from './eboekhouden-config';
import { EboekhoudenSoapClient } from './eboekhouden-soap-client';
import { EboekhoudenModuleContext, EboekhoudenSettings } from './eboekhouden-tokens';
import { SESSION_EXPIRED, errorMsgOf, upstreamError } from './upstream-error';
import { listOf, text, type WireObject } from './wire-format';

const GUID = /^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/;

interface Administratie {
  Bedrijf?: string;
  Plaats?: string;
  Guid?: string;
}

@injectable()
export class EboekhoudenSession {
  private current: Promise<string> | null = null;
  private administrationGuid: string | undefined;
  /** Sessions this client closed itself: a call that finds one of them gone does not open another (the run is ending). */
  private readonly closedByUs = new Set<string>();
  /** Sessions opened so far (for logs and tests). */
  opened = 0;

  constructor(
    @inject(EboekhoudenSoapClient) private readonly client: EboekhoudenSoapClient,
    @inject(EboekhoudenSettings) private readonly config: SoapSettings,
    @inject(EboekhoudenModuleContext) private readonly context: ModuleContext,
  ) {
    this.context.redactor.add([config.securityCode1, config.securityCode2]);
  }

  /** Opens the session now (check uses this to test credentials); reuses an open one. */
  async ensureOpen(): Promise<void> {
    await this.sessionId();
  }

  /**
   * Calls a data operation with SessionID and SecurityCode2 in front of `payload` and returns its
   * result; throws the mapped error when ErrorMsg is set. Reads (`Get*`) are retried on transient
   * errors; writes never are here: the engine first asks whether a failed write arrived.
   */
  async call<T = Record<string, unknown>>(operation: string, payload: WireObject): Promise<T> {
    if (!operation.startsWith('Get')) return this.callOnce<T>(operation, payload);
    return withRetry(() => this.callOnce<T>(operation, payload), {
      attempts: 4,
      onRetry: ({ attempt, delayMs }) => this.context.logger.info('e-Boekhouden read failed; retrying', { operation, attempt, delayMs }),
    });
  }

  private async callOnce<T>(operation: string, payload: WireObject): Promise<T> {
    let sessionId = await this.sessionId();
    let result = await this.client.call<T>(operation, this.request(sessionId, payload));
    let error = errorMsgOf(result);
    if (error?.code === SESSION_EXPIRED && this.closedByUs.has(sessionId)) {
      throw new TransientError(`e-Boekhouden ${operation} was not done: this run closed its session (it is ending); the next run goes on`, { code: 'EB_SESSION_CLOSED' });
    }
    if (error?.code === SESSION_EXPIRED) {
      this.context.logger.info('e-Boekhouden session expired; opening a new one', { operation });
      sessionId = await this.renew(sessionId);
      result = await this.client.call<T>(operation, this.request(sessionId, payload));
      error = errorMsgOf(result);
    }
    if (error) throw upstreamError(operation, error, this.context.redactor);
    return result;
  }

  /** Ends the session. Safe to call twice; a failure to close is only logged. */
  async close(): Promise<void> {
    const current = this.current;
    this.current = null;
    if (!current) return;
    let sessionId: string;
    try {
      sessionId = await current;
    } catch {
      return;
    }
    this.closedByUs.add(sessionId);
    try {
      await this.client.call('CloseSession', { SessionID: sessionId });
      this.context.logger.debug('e-Boekhouden session closed');
    } catch (error) {
      this.context.logger.warn('could not close the e-Boekhouden session', { error: this.context.redactor.redact(error) });
    }
  }

  private request(sessionId: string, payload: WireObject): WireObject {
    return { SessionID: sessionId, SecurityCode2: this.config.securityCode2, ...payload };
  }

  private sessionId(): Promise<string> {
    if (!this.current) {
      const opening = this.open();
      this.current = opening;
      opening.catch(() => {
        if (this.current === opening) this.current = null;
      });
    }
    return this.current;
  }

  /** A new session, unless another call already replaced the expired one. */
  private async renew(expired: string): Promise<string> {
    const current = this.current;
    if (current) {
      const id = await current.catch(() => null);
      if (id !== expired && this.current === current) return current;
    }
    if (this.current === current) this.current = null;
    return this.sessionId();
  }

  private async open(): Promise<string> {
    const mainSession = await this.login('OpenSession', {});
    if (!this.config.administration) return mainSession;
    const guid = this.administrationGuid ?? (await this.resolveAdministration(mainSession));
    this.administrationGuid = guid;
    const subSession = await this.login('OpenSessionSub', { AdministratieGUID: guid });
    await this.client.call('CloseSession', { SessionID: mainSession }).catch(() => undefined);
    return subSession;
  }

  private async login(operation: 'OpenSession' | 'OpenSessionSub', extra: WireObject): Promise<string> {
    const result = await this.client.call(operation, {
      Username: this.config.username,
      SecurityCode1: this.config.securityCode1,
      SecurityCode2: this.config.securityCode2,
      Source: SESSION_SOURCE,
      ...extra,
    });
    const error = errorMsgOf(result);
    if (error) throw upstreamError(operation, error, this.context.redactor);
    const sessionId = text(result?.SessionID);
    // No error and no session: not a refusal of the codes but an answer that is not one (an error page, a proxy).
    if (!sessionId) throw new TransientError(`e-Boekhouden answered ${operation} without a SessionID and without an error`, { code: 'EB_NO_SESSION' });
    this.context.redactor.add([sessionId, sessionId.replace(/^\{|\}$/g, '')]);
    this.opened++;
    this.context.logger.info('e-Boekhouden session opened', { administration: this.config.administration ?? null });
    return sessionId;
  }

  private async resolveAdministration(mainSession: string): Promise<string> {
    const wanted = this.config.administration as string;
    const result = await this.client.call('GetAdministraties', { SessionID: mainSession, SecurityCode2: this.config.securityCode2 });
    const error = errorMsgOf(result);
    if (error) throw upstreamError('GetAdministraties', error, this.context.redactor);
    const administrations = listOf<Administratie>(result?.Administraties);
    const normalise = (value: string) => value.replace(/[{}]/g, '').toLowerCase();
    const match = administrations.find((a) =>
      GUID.test(wanted) ? normalise(text(a.Guid)) === normalise(wanted) : text(a.Bedrijf).trim().toLowerCase() === wanted.toLowerCase(),
    );
    if (!match) {
      await this.client.call('CloseSession', { SessionID: mainSession }).catch(() => undefined);
      const known = administrations.map((a) => `"${text(a.Bedrijf)}"`).join(', ') || 'none';
      throw new ConfigurationError([
        {
          path: 'sink.settings.administration',
          message: `this login has no administration "${wanted}"; it has: ${known}`,
        },
      ]);
    }
    return text(match.Guid);
  }
}
