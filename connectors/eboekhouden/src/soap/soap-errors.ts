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
import { CODES_HINT, DEFAULT_ENDPOINT } from '../eboekhouden-config';

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
  const description = redactor.redactText(error.description || 'no description');
  const code = error.code || undefined;
  const said = `e-Boekhouden refused ${operation}${code ? ` (${code})` : ''}: ${description}`;
  if (code === SESSION_EXPIRED) {
    return new TransientError(`the e-Boekhouden session expired and could not be renewed (${operation})`, { code });
  }
  if (LOGIN_OPERATIONS.has(operation)) {
    if (ADMINISTRATION_WORDS.test(description) && !AUTH_WORDS.test(description)) {
      return new ConfigurationError([{ path: 'sink.settings.administration', message: said }], { code });
    }
    return new AuthenticationError(said, { code, hint: CODES_HINT });
  }
  if (AUTH_WORDS.test(description)) return new AuthenticationError(said, { code, hint: CODES_HINT });
  if (code === MUTATION_EXISTS || DUPLICATE_WORDS.test(description) && /factuur|invoice|mutatie/i.test(description)) {
    return new RejectedError(said, { code, alreadyBooked: true, hint: 'the document is already in e-Boekhouden; nothing to do' });
  }
  if (CLOSED_PERIOD_WORDS.test(description)) {
    return new RejectedError(said, {
      code,
      hint: 'the booking date falls in a period your accountant closed: ask to reopen it, or correct the date and retry',
    });
  }
  return new RejectedError(said, { code });
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
    const message = `e-Boekhouden answered ${operation} with a SOAP fault ${faultCode}: ${faultString}`;
    if (/client|sender/i.test(faultCode)) return new RejectedError(message, { code: 'SOAP_FAULT_CLIENT' });
    return new TransientError(message, { code: 'SOAP_FAULT_SERVER' });
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
        advice: onServicePath
          ? `no e-Boekhouden SOAP service there; the endpoint should be ${DEFAULT_ENDPOINT}, or the \`endpoint\` line of \`koppelwerk simulate eboekhouden\``
          : `the endpoint should end in /soap.asmx (${DEFAULT_ENDPOINT}, or the \`endpoint\` line of \`koppelwerk simulate eboekhouden\`)`,
      });
    }
    const retryAfterMs = parseRetryAfter(error.response?.headers?.['retry-after']);
    return new TransientError(`e-Boekhouden answered ${operation} with HTTP ${status}`, { code: `HTTP_${status}`, retryAfterMs });
  }
  // No answer: the URL tried, the system's code in words (EMFILE, ECONNREFUSED, ...) and what to do.
  return noAnswerError(failure, { what: `e-Boekhouden ${operation}`, redactor, endpoint: SOAP_ENDPOINT });
}
