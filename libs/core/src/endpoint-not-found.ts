/**
 * A 404 on a path every call needs (a SOAP service, a REST API's collection) means the tenant's
 * `endpoint` points at the wrong place: no retry helps. This says which URL was tried and what to
 * write instead, at the path in the tenant file where the endpoint is written.
 */
import { ConfigurationError, type MessageParams } from './errors';
import { CORE_MESSAGES } from './messages/core-messages';
import { nestedParams } from './messages/message-entry';
import { wordedBy } from './messages/worded';

const worded = wordedBy(CORE_MESSAGES);

/** A URL as a message may show it: without user, password, query or fragment (tokens travel there). */
export function urlForMessage(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString();
  } catch {
    return 'the configured endpoint';
  }
}

export interface EndpointNotFound {
  /** Who answered: `e-Boekhouden`, `Mijnwebwinkel`. */
  service: string;
  /** Which section of the tenant file holds the endpoint. */
  side: 'source' | 'sink';
  /** The URL that answered 404 (shown without credentials or query). */
  url: string;
  /**
   * What to write instead, e.g. `the endpoint should end in /soap.asmx`: a text of the connector's
   * catalogue (`worded.text(...)`), or (worded in English only) a plain text.
   */
  advice: string | Worded;
  /** How the service said so, when not with HTTP 404 (WerkbonApp: code 1001, unknown endpoint), as a text of the connector's catalogue. */
  answered?: Worded;
}

/** A text of a catalogue, as `worded.text(...)` gives it. */
type Worded = { code: string; params: MessageParams; message: string };

const nested = (said: string | Worded) => (typeof said === 'string' ? { text: said } : { code: said.code, params: said.params, text: said.message });

export const ENDPOINT_NOT_FOUND = 'ENDPOINT_NOT_FOUND';

export function endpointNotFoundError({ service, side, url, advice, answered = worded.text('ANSWERED_404', {}) }: EndpointNotFound): ConfigurationError {
  const params = { ...nestedParams('advice', nested(advice)), ...nestedParams('answered', nested(answered)), service, url: urlForMessage(url) };
  return new ConfigurationError([worded.problem(`${side}.endpoint`, 'ENDPOINT_NOT_FOUND', params)], { code: ENDPOINT_NOT_FOUND });
}
