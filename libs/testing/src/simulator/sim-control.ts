/** For tests: one request to a simulator's control API under `/_sim/`, over HTTP as any client makes it. */
import { CONTROL_PREFIX } from './simulator-server';

export interface ControlAnswer {
  status: number;
  /** The answer parsed as JSON (undefined when it is empty or not JSON). */
  body: unknown;
}

/**
 * `request` is `'<METHOD> <path after /_sim>'` (`'POST /manual/edit-document'`); `body` is sent
 * as JSON, a string as it is (to send a body that is not JSON).
 */
export async function simControl(baseUrl: string, request: string, body?: unknown): Promise<ControlAnswer> {
  const [method, path] = request.split(' ');
  const response = await fetch(`${baseUrl}${CONTROL_PREFIX}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed };
}
