/**
 * A 404 on a path every call needs (a SOAP service, a REST API's collection) means the tenant's
 * `endpoint` points at the wrong place: no retry helps. This says which URL was tried and what to
 * write instead, at the path in the tenant file where the endpoint is written.
 */
import { ConfigurationError } from './errors';

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
  /** What to write instead, e.g. `the endpoint should end in /soap.asmx`. */
  advice: string;
  /** How the service said so, when not with HTTP 404 (WerkbonApp: `code 1001 (unknown endpoint)`). */
  answered?: string;
}

export const ENDPOINT_NOT_FOUND = 'ENDPOINT_NOT_FOUND';

export function endpointNotFoundError({ service, side, url, advice, answered = '404 (not found)' }: EndpointNotFound): ConfigurationError {
  return new ConfigurationError(
    [{ path: `${side}.endpoint`, message: `${service} answered ${answered} for ${urlForMessage(url)}: ${advice}` }],
    { code: ENDPOINT_NOT_FOUND },
  );
}
