/**
 * One translation of a failed HTTP call into the error taxonomy, for every REST connector:
 * no answer, an answer that broke off, 5xx and 429 (with Retry-After) are transient, 401/403 mean
 * the credentials were refused, any other status is the upstream refusing this request. Works on the error shape of
 * axios (`isAxiosError`, `code`, `response.{status, headers, data}`) without depending on axios.
 *
 * A call that got no answer at all says, for every connector (REST or SOAP) alike, which URL it
 * tried, what the system's code means, and what to do: check the tenant file's endpoint, and
 * whether the service, or the simulator standing in for it, runs (`noAnswerError`).
 */
import { urlForMessage } from './endpoint-not-found';
import { AuthenticationError, KoppelwerkError, RESOURCE_EXHAUSTION_CODES, RejectedError, TransientError, systemErrorCode } from './errors';
import { CORE_MESSAGES, hasNoAnswerReason } from './messages/core-messages';
import { wordedBy } from './messages/worded';
import type { Redactor } from './redactor';
import { parseRetryAfter } from './retry';

const worded = wordedBy(CORE_MESSAGES);

/** Where a connector's calls go, for what to do when they get no answer. */
export interface CallEndpoint {
  /** Which section of the tenant file holds the endpoint. */
  side: 'source' | 'sink';
  /** Who should have answered: `Mijnwebwinkel`, `e-Boekhouden`. */
  service: string;
  /** What follows `koppelwerk simulate` to start its simulator: `mijnwebwinkel`, `eboekhouden --api rest`. */
  simulate: string;
}

interface NoAnswerShape {
  code?: string;
  message?: string;
  config?: { url?: string; baseURL?: string };
}

/** The URL a failed call went to, from the error of axios or of a transport shaped like it (`config.{baseURL, url}`). */
function urlTried(failure: NoAnswerShape): string | undefined {
  const { url, baseURL } = failure.config ?? {};
  if (!url) return baseURL || undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) || !baseURL) return url;
  return `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

/** The port of a URL on this machine, when it names one: the simulator to start would listen there. */
function loopbackPort(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i.test(parsed.hostname) && parsed.port ? parsed.port : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A call that got no answer (refused, unknown host, timed out, dropped): transient, naming the URL
 * tried (without user, password or query) and the system's code in words; with `endpoint`, the hint
 * says where the endpoint is written and how to start the simulator. Works on axios's error and on
 * any transport error that carries `code` and `config.{baseURL, url}`; `url` names the URL when the
 * caller knows it better.
 */
export function noAnswerError(failure: unknown, wording: { what: string; redactor: Redactor; endpoint?: CallEndpoint; url?: string }): TransientError {
  const shape = (typeof failure === 'object' && failure !== null ? failure : {}) as NoAnswerShape;
  // axios's own codes (ERR_NETWORK) say less than the system's code below them (ECONNREFUSED).
  const code = shape.code && !shape.code.startsWith('ERR_') ? shape.code : (systemErrorCode(failure) ?? shape.code);
  const exhausted = code !== undefined && RESOURCE_EXHAUSTION_CODES.includes(code);
  // This machine ran out of descriptors or memory: the endpoint is not to blame, so no URL and no hint about it.
  if (exhausted) return new TransientError(...worded('NO_ANSWER_EXHAUSTED', { what: wording.what, systemCode: code }, { code }));
  const raw = wording.url ?? urlTried(shape);
  const url = raw ? wording.redactor.redactText(urlForMessage(raw)) : undefined;
  const said = !hasNoAnswerReason(code) && /socket hang up|timeout|aborted/i.test(shape.message ?? '') ? wording.redactor.redactText(shape.message ?? '').slice(0, 120) : undefined;
  const call = { what: wording.what, url, systemCode: code, said };
  if (!wording.endpoint) return new TransientError(...worded('NO_ANSWER', call, { code }));
  const { service, side, simulate } = wording.endpoint;
  return new TransientError(...worded('NO_ANSWER_ENDPOINT', { ...call, service, side, simulate, port: loopbackPort(raw) }, { code }));
}

export interface HttpCallErrorWording {
  /** The call, for messages: `Mijnwebwinkel GET /orders`. */
  what: string;
  /**
   * The error of refused credentials (401, 403), worded by the connector's own catalogue entry with
   * the status and what the upstream said. Without it, `refused` and `credentialsHint` word it (in English only).
   */
  credentialsRefused?: (said: { status: number; detail?: string }) => KoppelwerkError;
  /** Said when the credentials are refused: `Mijnwebwinkel refused the shop token or partner token`. */
  refused?: string;
  /** Where to find new credentials. */
  credentialsHint?: string;
  redactor: Redactor;
  /** The upstream's own explanation and error code from its error body, when it has them. */
  describe?: (body: unknown) => { message?: string; code?: string };
  /** Where the calls go: a call without an answer then says what to do about the endpoint. */
  endpoint?: CallEndpoint;
}

interface HttpClientErrorShape {
  isAxiosError?: boolean;
  code?: string;
  message?: string;
  response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
  config?: { url?: string; baseURL?: string };
}

export function httpCallError(error: unknown, wording: HttpCallErrorWording): KoppelwerkError {
  if (KoppelwerkError.is(error)) return error;
  const { what, redactor } = wording;
  const failure = (typeof error === 'object' && error !== null ? error : {}) as HttpClientErrorShape;
  if (failure.isAxiosError !== true) {
    // Not the HTTP client's error: keep the system's code (EMFILE, ECONNRESET) so the cause stays visible.
    const code = systemErrorCode(error);
    const said = redactor.redactText(String(failure.message ?? error));
    return new TransientError(...worded('CALL_FAILED', { what, said, systemCode: code }, { code }));
  }
  const status = failure.response?.status;
  // No answer: timeout, refused or dropped connection.
  if (status === undefined) return noAnswerError(error, wording);
  if (status < 400) {
    // A good status, then the answer broke off (connection dropped mid-body): nothing was refused.
    return new TransientError(...worded('ANSWER_BROKE_OFF', { what, systemCode: failure.code }, { code: failure.code ?? 'ANSWER_BROKE_OFF' }));
  }
  const described = wording.describe?.(failure.response?.data) ?? {};
  const message = described.message?.replace(/\s+/g, ' ').trim();
  const detail = message ? redactor.redactText(message).slice(0, 200) : undefined;
  if (status === 401 || status === 403) {
    if (wording.credentialsRefused) return wording.credentialsRefused({ status, detail });
    const refused = { refused: wording.refused ?? `${what} refused the credentials`, credentialsHint: wording.credentialsHint ?? 'check the credentials in the tenant file', status, detail };
    return new AuthenticationError(...worded('HTTP_CREDENTIALS_REFUSED', refused, { code: `HTTP_${status}` }));
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(String(failure.response?.headers?.['retry-after'] ?? '')) ?? 1000;
    return new TransientError(...worded('HTTP_429', { what, detail }, { retryAfterMs }));
  }
  if (status >= 500) return new TransientError(...worded('HTTP_FAILED_UPSTREAM', { what, status, detail }, { code: `HTTP_${status}` }));
  return new RejectedError(...worded('HTTP_REFUSED', { what, status, detail }, { code: described.code ?? `HTTP_${status}` }));
}
