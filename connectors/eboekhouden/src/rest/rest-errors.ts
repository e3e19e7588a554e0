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
import { DEFAULT_REST_ENDPOINT } from '../eboekhouden-config';
import { worded } from '../eboekhouden-messages';

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

/** What e-Boekhouden said, in one line: title, message and the first validation errors, redacted ('' when it said nothing). */
function said(body: RestErrorBody, redactor: Redactor): string {
  const parts = [body.title, body.message && body.message !== body.title ? body.message : undefined, ...(body.errors ?? []).slice(0, 3)];
  const text = parts.filter(Boolean).join('; ').replace(/\s+/g, ' ').trim();
  return redactor.redactText(text).slice(0, 300);
}

/** A non-2xx answer as a core error. */
export function restError(answer: RestAnswer, call: RestCall): KoppelwerkError {
  const { status } = answer;
  const body = parseErrorBody(answer.text);
  const code = body?.code;
  const detail = body ? said(body, call.redactor) : undefined;
  const refused = { what: call.what, document: call.document, upstreamCode: code, said: detail };

  if (status === 429) {
    const retryAfterMs = parseRetryAfter(String(answer.headers['retry-after'] ?? '')) ?? 1000;
    return new TransientError(...worded('EB_RATE_LIMITED', { what: call.what, detail }, { code: 'HTTP_429', retryAfterMs }));
  }
  if (status >= 500) {
    return new TransientError(...worded('EB_FAILED_UPSTREAM', { what: call.what, status, upstreamCode: code, detail }, { code: code ?? `HTTP_${status}` }));
  }
  if (!body) {
    if (status === 404) {
      return endpointNotFoundError({
        service: `e-Boekhouden (${call.what})`,
        side: 'sink',
        url: call.url,
        advice: worded.text('EB_REST_ENDPOINT_ADVICE', { endpoint: DEFAULT_REST_ENDPOINT }),
      });
    }
    if (status === 401) return new AuthenticationError(...worded('EB_TOKEN_REFUSED_HTTP', { what: call.what }, { code: 'HTTP_401' }));
    // A page from something in between (a proxy, a firewall): not e-Boekhouden refusing the document.
    return new TransientError(...worded('EB_REST_NOT_JSON', { what: call.what, status, kind: 'error-format' }));
  }
  if (status === 401 || (code && AUTHENTICATION_CODES.has(code))) {
    return new AuthenticationError(...worded('EB_TOKEN_REFUSED', { upstreamCode: code, said: detail }, { code: code ?? 'HTTP_401' }));
  }
  if (code && SOURCE_CODES.has(code)) return new ConfigurationError([worded.problem('sink.settings.source', 'EB_SOURCE_REFUSED', refused)], { code });
  if (code && CLOSED_PERIOD_CODES.has(code)) return new RejectedError(...worded('EB_REFUSED_CLOSED_PERIOD', refused, { code }));
  if (code && DUPLICATE_CODES.has(code)) return new RejectedError(...worded('EB_REFUSED_DUPLICATE', refused, { code }));
  if (status === 403 || body.type === 'security' || call.login) {
    return new AuthenticationError(...worded('EB_REFUSED_TOKEN_HINT', refused, { code: code ?? `HTTP_${status}` }));
  }
  if (status === 400) {
    // A validation error: this document cannot be booked as it is. Parked, naming the field.
    const field = body.propertyName;
    return new RecordError(...worded('EB_REFUSED_FIELD', { ...refused, field }, { code: code ?? 'HTTP_400', field }));
  }
  return new RejectedError(...worded('EB_REFUSED_STATUS', { ...refused, status }, { code: code ?? `HTTP_${status}` }));
}

/** A 2xx whose body is not the JSON it should be (an HTML page, a cut-off body): whether a write landed is unknown. */
export function notJsonError(answer: RestAnswer, call: RestCall): TransientError {
  const kind = /<html|<!doctype/i.test(answer.text) ? 'html' : answer.text.trim() === '' ? 'empty' : 'incomplete';
  return new TransientError(...worded('EB_REST_NOT_JSON', { what: call.what, document: call.document, status: answer.status, kind }));
}

/** Where the REST calls go, for what to do when one gets no answer. */
const REST_ENDPOINT = { side: 'sink', service: 'e-Boekhouden', simulate: 'eboekhouden --api rest' } as const;

/** No answer at all (refused, reset, timed out): transient, naming the URL tried (without its query) and what to do. */
export function restNetworkError(failure: unknown, call: RestCall): TransientError {
  return noAnswerError(failure, { what: `e-Boekhouden ${call.what}`, url: call.url, redactor: call.redactor, endpoint: REST_ENDPOINT });
}
