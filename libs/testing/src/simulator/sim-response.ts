/** What a route handler answers: a status, a body and headers. Plain data, so handlers stay easy to test. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface SimResponse {
  status: number;
  /** A string or Buffer is sent as is; anything else is sent as JSON. Undefined sends no body. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A JSON answer. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): SimResponse {
  return { status, body, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } };
}

/** A text answer (XML, SOAP, plain text). */
export function text(body: string, status = 200, contentType = 'text/plain; charset=utf-8'): SimResponse {
  return { status, body, headers: { 'content-type': contentType } };
}

export function writeResponse(res: ServerResponse, response: SimResponse): void {
  const headers = { ...response.headers };
  let payload: string | Buffer | undefined;
  if (response.body === undefined) payload = undefined;
  else if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) payload = response.body;
  else {
    payload = JSON.stringify(response.body);
    if (!Object.keys(headers).some((key) => key.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json; charset=utf-8';
    }
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

/** Reads a request body as text (UTF-8). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
