/**
 * Maps what e-Boekhouden answers onto the core error taxonomy. Errors arrive in-band (HTTP 200 with
 * ErrorMsg.LastErrorCode) or as SOAP faults and HTTP failures. Only E0023 (session expired) and
 * CREL001 (relation code in use) are published codes; the rest is classified by the operation and
 * the wording of the description. Upstream text is redacted before it goes into a message.
 */
import {
  AuthenticationError,
  ConfigurationError,
  KoppelwerkError,
  RejectedError,
  TransientError,
  parseRetryAfter,
  endpointNotFoundError,
  noAnswerError,
  type Redactor,
} from '@koppelwerk/core';
import { DEFAULT_ENDPOINT } from '../eboekhouden-config';
import { worded } from '../eboekhouden-messages';

export const SESSION_EXPIRED = 'E0023';
export const RELATION_CODE_IN_USE = 'CREL001';
/** "Mutation already exists" in e-Boekhouden's legacy import interface. */
export const MUTATION_EXISTS = 'M006';

const LOGIN_OPERATIONS = new Set(['OpenSession', 'OpenSessionSub']);
const AUTH_WORDS = /beveiligingscode|gebruikersnaam|wachtwoord|inloggen|login|credential|security ?code|niet geautoriseerd|unauthori[sz]ed|geblokkeerd/i;
const ADMINISTRATION_WORDS = /administratie/i;
const DUPLICATE_WORDS = /(bestaat al|reeds (in gebruik|aanwezig|geboekt)|already exists|duplicate|dubbel)/i;
const CLOSED_PERIOD_WORDS = /afgesloten|closed period|periode is gesloten/i;

export interface UpstreamErrorMsg {
  code: string;
  description: string;
}

/** The in-band error of a result, or null when both fields are empty. */
export function errorMsgOf(result: unknown): UpstreamErrorMsg | null {
  if (!result || typeof result !== 'object') return null;
  const record = result as Record<string, unknown>;
  // UpdateRelatie/UpdateGrootboekrekening return the cError itself.
  const error = (record.ErrorMsg ?? (('LastErrorCode' in record) ? record : undefined)) as Record<string, unknown> | undefined;
  if (!error || typeof error !== 'object') return null;
  const code = stringOf(error.LastErrorCode);
  const description = stringOf(error.LastErrorDescription);
  if (!code && !description) return null;
  return { code, description };
}

function stringOf(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
}

export function upstreamError(operation: string, error: UpstreamErrorMsg, redactor: Redactor): KoppelwerkError {
  // What e-Boekhouden said is Dutch already: shown as it comes, in a frame of the reader's language.
  const description = redactor.redactText(error.description);
  const code = error.code || undefined;
  const said = { what: operation, upstreamCode: code, said: description };
  if (code === SESSION_EXPIRED) {
    return new TransientError(...worded('EB_SESSION_EXPIRED', { operation }, { code }));
  }
  if (LOGIN_OPERATIONS.has(operation)) {
    if (ADMINISTRATION_WORDS.test(description) && !AUTH_WORDS.test(description)) {
      return new ConfigurationError([worded.problem('sink.settings.administration', 'EB_REFUSED', said)], { code });
    }
    return new AuthenticationError(...worded('EB_CODES_REFUSED', said, { code }));
  }
  if (AUTH_WORDS.test(description)) return new AuthenticationError(...worded('EB_CODES_REFUSED', said, { code }));
  if (code === MUTATION_EXISTS || DUPLICATE_WORDS.test(description) && /factuur|invoice|mutatie/i.test(description)) {
    return new RejectedError(...worded('EB_REFUSED_BOOKED', said, { code, alreadyBooked: true }));
  }
  if (CLOSED_PERIOD_WORDS.test(description)) return new RejectedError(...worded('EB_REFUSED_CLOSED_PERIOD', said, { code }));
  return new RejectedError(...worded('EB_REFUSED', said, { code }));
}

interface TransportFailure {
  code?: string;
  message?: string;
  root?: { Envelope?: { Body?: { Fault?: Record<string, unknown> } } };
  response?: { status?: number; headers?: Record<string, string | undefined>; config?: { url?: string } };
  /** The request, as the HTTP layer attaches it (its url names no secret: e-Boekhouden's are in the body). */
  config?: { url?: string };
}

/** Where the SOAP calls go, for what to do when one gets no answer. */
const SOAP_ENDPOINT = { side: 'sink', service: 'e-Boekhouden', simulate: 'eboekhouden' } as const;

/** A SOAP fault, an HTTP error status or a network failure, as a core error. Never carries the raw request. */
export function transportError(operation: string, failure: unknown, redactor: Redactor): KoppelwerkError {
  const error = (failure ?? {}) as TransportFailure;
  const fault = error.root?.Envelope?.Body?.Fault;
  if (fault) {
    const faultCode = stringOf(fault.faultcode ?? (fault.Code as Record<string, unknown> | undefined)?.Value);
    const faultString = redactor.redactText(stringOf(fault.faultstring ?? (fault.Reason as Record<string, unknown> | undefined)?.Text) || 'no reason given');
    const said = { operation, faultCode, said: faultString };
    if (/client|sender/i.test(faultCode)) return new RejectedError(...worded('EB_SOAP_FAULT', said, { code: 'SOAP_FAULT_CLIENT' }));
    return new TransientError(...worded('EB_SOAP_FAULT', said, { code: 'SOAP_FAULT_SERVER' }));
  }
  const status = error.response?.status;
  if (status !== undefined) {
    if (status === 404) {
      // The service answers on one path only; any other is a 404 before SOAP is even read.
      const url = error.response?.config?.url ?? error.config?.url ?? '';
      const onServicePath = /\/soap\.asmx\/?(\?.*)?$/i.test(url);
      return endpointNotFoundError({
        service: `e-Boekhouden (${operation})`,
        side: 'sink',
        url,
        advice: worded.text('EB_SOAP_ENDPOINT_ADVICE', { endpoint: DEFAULT_ENDPOINT, onServicePath: onServicePath ? 'yes' : 'no' }),
      });
    }
    const retryAfterMs = parseRetryAfter(error.response?.headers?.['retry-after']);
    return new TransientError(...worded('EB_HTTP_STATUS', { operation, status }, { code: `HTTP_${status}`, retryAfterMs }));
  }
  // No answer: the URL tried, the system's code in words (EMFILE, ECONNREFUSED, ...) and what to do.
  return noAnswerError(failure, { what: `e-Boekhouden ${operation}`, redactor, endpoint: SOAP_ENDPOINT });
}
