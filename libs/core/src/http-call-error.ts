/**
 * One translation of a failed HTTP call into the error taxonomy, for every REST connector:
 * no answer, an answer that broke off, 5xx and 429 (with Retry-After) are transient, 401/403 mean
 * the credentials were refused, any other status is the upstream refusing this request. Works on the error shape of
 * axios (`isAxiosError`, `code`, `response.{status, headers, data}`) without depending on axios.
 */
import { AuthenticationError, KoppelwerkError, RejectedError, TransientError, systemErrorCode } from './errors';
import type { Redactor } from './redactor';
import { parseRetryAfter } from './retry';

export interface HttpCallErrorWording {
  /** The call, for messages: `Mijnwebwinkel GET /orders`. */
  what: string;
  /** Said when the credentials are refused: `Mijnwebwinkel refused the shop token or partner token`. */
  refused: string;
  /** Where to find new credentials. */
  credentialsHint: string;
  redactor: Redactor;
  /** The upstream's own explanation and error code from its error body, when it has them. */
  describe?: (body: unknown) => { message?: string; code?: string };
}

interface HttpClientErrorShape {
  isAxiosError?: boolean;
  code?: string;
  message?: string;
  response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
}

export function httpCallError(error: unknown, wording: HttpCallErrorWording): KoppelwerkError {
  if (KoppelwerkError.is(error)) return error;
  const { what, redactor } = wording;
  const failure = (typeof error === 'object' && error !== null ? error : {}) as HttpClientErrorShape;
  if (failure.isAxiosError !== true) {
    // Not the HTTP client's error: keep the system's code (EMFILE, ECONNRESET) so the cause stays visible.
    const code = systemErrorCode(error);
    const message = redactor.redactText(String(failure.message ?? error));
    return new TransientError(`${what} failed: ${message}${code && !message.includes(code) ? ` (${code})` : ''}`, { code });
  }
  const status = failure.response?.status;
  if (status === undefined) {
    // No answer: timeout, refused or dropped connection. The code names no URL or header.
    const code = failure.code ?? systemErrorCode(error);
    return new TransientError(`${what} got no answer (${code ?? 'network error'})`, { code });
  }
  if (status < 400) {
    // A good status, then the answer broke off (connection dropped mid-body): nothing was refused.
    return new TransientError(`${what} broke off while the answer arrived (${failure.code ?? 'aborted'})`, { code: failure.code ?? 'ANSWER_BROKE_OFF' });
  }
  const described = wording.describe?.(failure.response?.data) ?? {};
  const message = described.message?.replace(/\s+/g, ' ').trim();
  const detail = message ? `: ${redactor.redactText(message).slice(0, 200)}` : '';
  if (status === 401 || status === 403) {
    return new AuthenticationError(`${wording.refused} (${status}${detail})`, { code: `HTTP_${status}`, hint: wording.credentialsHint });
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(String(failure.response?.headers?.['retry-after'] ?? '')) ?? 1000;
    return new TransientError(`${what} was rate limited (429${detail})`, { code: 'HTTP_429', retryAfterMs });
  }
  if (status >= 500) return new TransientError(`${what} failed upstream (${status}${detail})`, { code: `HTTP_${status}` });
  return new RejectedError(`${what} was refused (${status}${detail})`, { code: described.code ?? `HTTP_${status}` });
}
