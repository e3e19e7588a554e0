/**
 * Every answer of e-Boekhouden's REST API that is not a success, as one core error. The documented
 * error body is `{type, code, title, message?, propertyName?, errors?, status, traceId?}` (security
 * errors add `securityType`); anything else (an HTML page, a cut-off body) is a proxy or a broken
 * connection speaking, never a refusal of the document. Upstream text is redacted before it goes
 * into a message, and a message never carries the request.
 */
import {
  AuthenticationError,
  ConfigurationError,
  RecordError,
  RejectedError,
  TransientError,
  endpointNotFoundError,
  noAnswerError,
  parseRetryAfter,
  type KoppelwerkError,
  type Redactor,
} from '@koppelwerk/core';
import { DEFAULT_REST_ENDPOINT, TOKEN_HINT } from '../eboekhouden-config';

export interface RestErrorBody {
  type?: string;
  code?: string;
  title?: string;
  message?: string;
  propertyName?: string;
  errors?: string[];
  status?: number;
  traceId?: string;
  securityType?: number;
}

/** An HTTP answer as the client read it: the body as text, not yet parsed. */
export interface RestAnswer {
  status: number;
  headers: Record<string, unknown>;
  text: string;
}

/** Which call failed, for messages: `POST /v1/mutation`, and the document it concerned. */
export interface RestCall {
  what: string;
  /** `invoice 2024-0001`, `relation K00042`. */
  document?: string;
  /** The URL that was called (shown without its query). */
  url: string;
  /** POST /v1/session: a refusal there is always about the token. */
  login?: boolean;
  redactor: Redactor;
}

/** The token is missing, expired or not accepted. */
const AUTHENTICATION_CODES = new Set(['SECURITY_010', 'API_SESSION_003', 'API_SESSION_004', 'SECURITY_999']);
/** The session's `source` is missing or does not match the pattern. */
const SOURCE_CODES = new Set(['API_SESSION_001', 'API_SESSION_002']);
/** The booking date lies in a period the accountant closed. */
const CLOSED_PERIOD_CODES = new Set(['SECURITY_007', 'SECURITY_008', 'MUT_005', 'FACT_VERWERK_001']);
/**
 * "This invoice number is already in use": only a claim (RestTransport.claimsAlreadyBooked). The sink
 * looks the document up by its invoice number before it treats the write as booked (eboekhouden-sink.ts).
 */
export const DUPLICATE_CODES: ReadonlySet<string> = new Set(['MUT_019', 'MUT_020', 'FACT_101']);

export const CLOSED_PERIOD_HINT = 'the booking date falls in a period your accountant closed: ask to reopen it, or correct the date and retry';

/** The documented error body, or null when the text is something else. */
export function parseErrorBody(text: string): RestErrorBody | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const body = value as Record<string, unknown>;
  const hasText = (key: string) => typeof body[key] === 'string' && (body[key] as string).trim() !== '';
  if (!hasText('code') && !hasText('title')) return null;
  return {
    type: stringOf(body.type),
    code: stringOf(body.code),
    title: stringOf(body.title),
    message: stringOf(body.message),
    propertyName: stringOf(body.propertyName),
    errors: Array.isArray(body.errors) ? body.errors.map((e) => String(e)) : undefined,
    status: typeof body.status === 'number' ? body.status : undefined,
    traceId: stringOf(body.traceId),
    securityType: typeof body.securityType === 'number' ? body.securityType : undefined,
  };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** What e-Boekhouden said, in one line: title, message and the first validation errors, redacted. */
function said(body: RestErrorBody, redactor: Redactor): string {
  const parts = [body.title, body.message && body.message !== body.title ? body.message : undefined, ...(body.errors ?? []).slice(0, 3)];
  const text = parts.filter(Boolean).join('; ').replace(/\s+/g, ' ').trim() || 'no description';
  return redactor.redactText(text).slice(0, 300);
}

/** A non-2xx answer as a core error. */
export function restError(answer: RestAnswer, call: RestCall): KoppelwerkError {
  const { status } = answer;
  const body = parseErrorBody(answer.text);
  const code = body?.code;
  const about = call.document ? ` for ${call.document}` : '';
  const refused = `e-Boekhouden refused ${call.what}${about}${code ? ` (${code})` : ''}`;
  const detail = body ? `: ${said(body, call.redactor)}` : '';

  if (status === 429) {
    const retryAfterMs = parseRetryAfter(String(answer.headers['retry-after'] ?? '')) ?? 1000;
    return new TransientError(`e-Boekhouden rate-limited ${call.what} (HTTP 429${detail})`, { code: 'HTTP_429', retryAfterMs });
  }
  if (status >= 500) {
    return new TransientError(`e-Boekhouden failed on ${call.what} (HTTP ${status}${code ? `, ${code}` : ''}${detail})`, {
      code: code ?? `HTTP_${status}`,
      hint: 'a problem on e-Boekhouden\'s side; nothing is lost, the next attempt tries again',
    });
  }
  if (!body) {
    if (status === 404) {
      return endpointNotFoundError({
        service: `e-Boekhouden (${call.what})`,
        side: 'sink',
        url: call.url,
        advice: `no e-Boekhouden REST API there; the endpoint should be the API's address without a path (${DEFAULT_REST_ENDPOINT}, or the url \`koppelwerk simulate eboekhouden --api rest\` prints)`,
      });
    }
    if (status === 401) return new AuthenticationError(`e-Boekhouden refused the API token (HTTP 401 on ${call.what})`, { code: 'HTTP_401', hint: TOKEN_HINT });
    // A page from something in between (a proxy, a firewall): not e-Boekhouden refusing the document.
    return new TransientError(`e-Boekhouden answered ${call.what} with HTTP ${status} and a body that is not its error format`, {
      code: 'EB_REST_NOT_JSON',
      hint: 'something between Koppelwerk and e-Boekhouden (a proxy, a firewall) answered; nothing was booked by it, the next attempt tries again',
    });
  }
  if (status === 401 || (code && AUTHENTICATION_CODES.has(code))) {
    return new AuthenticationError(`e-Boekhouden refused the API token${code ? ` (${code})` : ''}${detail}`, { code: code ?? 'HTTP_401', hint: TOKEN_HINT });
  }
  if (code && SOURCE_CODES.has(code)) {
    return new ConfigurationError([{ path: 'sink.settings.source', message: `${refused}${detail}; use 1 to 10 letters, digits or underscores` }], { code });
  }
  if (code && CLOSED_PERIOD_CODES.has(code)) return new RejectedError(`${refused}${detail}`, { code, hint: CLOSED_PERIOD_HINT });
  if (code && DUPLICATE_CODES.has(code)) {
    return new RejectedError(`${refused}${detail}`, { code, hint: 'e-Boekhouden already has a document with this invoice number' });
  }
  if (status === 403 || body.type === 'security' || call.login) {
    return new AuthenticationError(`${refused}${detail}`, { code: code ?? `HTTP_${status}`, hint: TOKEN_HINT });
  }
  if (status === 400) {
    // A validation error: this document cannot be booked as it is. Parked, naming the field.
    const field = body.propertyName;
    return new RecordError(`${refused}${detail}${field ? ` (field ${field})` : ''}`, {
      code: code ?? 'HTTP_400',
      field,
      hint: field ? `correct ${field} in the source or in the mapping, then retry` : undefined,
    });
  }
  return new RejectedError(`${refused} (HTTP ${status})${detail}`, { code: code ?? `HTTP_${status}` });
}

/** A 2xx whose body is not the JSON it should be (an HTML page, a cut-off body): whether a write landed is unknown. */
export function notJsonError(answer: RestAnswer, call: RestCall): TransientError {
  const kind = /<html|<!doctype/i.test(answer.text) ? 'an HTML page' : answer.text.trim() === '' ? 'an empty body' : 'a body that is not complete JSON';
  return new TransientError(`e-Boekhouden answered ${call.what}${call.document ? ` for ${call.document}` : ''} with ${kind} (HTTP ${answer.status})`, {
    code: 'EB_REST_NOT_JSON',
    hint: 'the answer was lost on the way; the next attempt first looks up whether the document arrived',
  });
}

/** Where the REST calls go, for what to do when one gets no answer. */
const REST_ENDPOINT = { side: 'sink', service: 'e-Boekhouden', simulate: 'eboekhouden --api rest' } as const;

/** No answer at all (refused, reset, timed out): transient, naming the URL tried (without its query) and what to do. */
export function restNetworkError(failure: unknown, call: RestCall): TransientError {
  return noAnswerError(failure, { what: `e-Boekhouden ${call.what}`, url: call.url, redactor: call.redactor, endpoint: REST_ENDPOINT });
}
