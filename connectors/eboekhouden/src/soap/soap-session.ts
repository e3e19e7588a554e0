/**
 * The SOAP side of the e-Boekhouden session (the shared helper, ../eboekhouden-session.ts, opens,
 * reuses, reopens once on E0023 and closes it): logging in with OpenSession, or OpenSessionSub for
 * an accountant's administration, and every data call with SessionID and SecurityCode2 in front.
 * Every call's in-band ErrorMsg is inspected here. The session id is a secret: it is added to the
 * redactor and never logged.
 */
import { inject, injectable } from 'inversify';
import { ConfigurationError, TransientError, withRetry, type ModuleContext } from '@koppelwerk/core';
import { SESSION_SOURCE, type SoapSettings } from '../eboekhouden-config';
import { EboekhoudenSession } from '../eboekhouden-session';
import { EboekhoudenModuleContext, EboekhoudenSettings } from '../eboekhouden-tokens';
import { text } from '../wire-format';
import { SoapClient } from './soap-client';
import { SESSION_EXPIRED, errorMsgOf, upstreamError } from './soap-errors';
import { listOf, type WireObject } from './soap-wire';
import { worded } from '../eboekhouden-messages';

const GUID = /^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/;

interface Administratie {
  Bedrijf?: string;
  Plaats?: string;
  Guid?: string;
}

@injectable()
export class SoapSession {
  private administrationGuid: string | undefined;
  /** The session id, kept by the helper both APIs share. */
  private readonly session: EboekhoudenSession<string>;

  constructor(
    @inject(SoapClient) private readonly client: SoapClient,
    @inject(EboekhoudenSettings) private readonly config: SoapSettings,
    @inject(EboekhoudenModuleContext) private readonly context: ModuleContext,
  ) {
    this.context.redactor.add([config.securityCode1, config.securityCode2]);
    this.session = new EboekhoudenSession<string>(
      {
        open: () => this.open(),
        close: async (sessionId) => {
          await this.client.call('CloseSession', { SessionID: sessionId });
        },
      },
      context,
    );
  }

  /** Opens the session now (check uses this to test credentials); reuses an open one. */
  async ensureOpen(): Promise<void> {
    await this.session.session();
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
    const result = await this.session.use(
      operation,
      (sessionId) => this.client.call<T>(operation, this.request(sessionId, payload)),
      (answer) => errorMsgOf(answer)?.code === SESSION_EXPIRED,
    );
    // A second E0023 (the new session expired too) is transient, as upstreamError says.
    const error = errorMsgOf(result);
    if (error) throw upstreamError(operation, error, this.context.redactor);
    return result;
  }

  /** Ends the session. Safe to call twice; a failure to close is only logged. */
  close(): Promise<void> {
    return this.session.close();
  }

  private request(sessionId: string, payload: WireObject): WireObject {
    return { SessionID: sessionId, SecurityCode2: this.config.securityCode2, ...payload };
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
    if (!sessionId) throw new TransientError(...worded('EB_NO_SESSION', { operation, api: 'soap' }));
    this.context.redactor.add([sessionId, sessionId.replace(/^\{|\}$/g, '')]);
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
      const known = administrations.map((a) => `"${text(a.Bedrijf)}"`).join(', ');
      throw new ConfigurationError([worded.problem('sink.settings.administration', 'EB_NO_ADMINISTRATION', { wanted, known })]);
    }
    return text(match.Guid);
  }
}
