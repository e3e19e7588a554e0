/**
 * A browser stand-in for the dashboard's tests, over real HTTP on loopback: the dashboard runs in a
 * process of its own (`dashboard-harness.ts`); the client keeps cookies between requests and posts
 * forms with the CSRF token of the last page it read.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { startProcess, type RunningProcess } from './harness-process';
import type { HarnessOptions } from './dashboard-harness';
import type { RecordedAction } from './memory-directory';

export { PASSWORDS } from './test-users';

export interface HttpResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** One request; the answer whatever its status. Rejects only when the connection fails. */
export function send(port: number, raw: RawRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    // Node's client frames a DELETE or OPTIONS body by nothing unless told its length.
    const headers = raw.body === undefined ? raw.headers : { ...raw.headers, 'content-length': String(Buffer.byteLength(raw.body)) };
    const req = httpRequest({ host: '127.0.0.1', port, method: raw.method, path: raw.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(raw.body);
  });
}

export type Form = Record<string, string | string[]>;

export class DashboardClient {
  readonly cookies = new Map<string, string>();
  lastCsrf: string | undefined;

  constructor(
    readonly port: number,
    /** Sent as X-Forwarded-For (the dashboard trusts it only with trustProxy). */
    readonly forwardedFor?: string,
  ) {}

  async request(raw: RawRequest): Promise<HttpResponse> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const headers = { ...(cookie ? { cookie } : {}), ...(this.forwardedFor ? { 'x-forwarded-for': this.forwardedFor } : {}), ...raw.headers };
    const response = await send(this.port, { ...raw, headers });
    for (const line of response.headers['set-cookie'] ?? []) {
      const [pair, ...attributes] = line.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=/i.test(a) && new Date(a.split('=')[1]).getTime() < Date.now()) || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (value === '' || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.lastCsrf = token;
    return response;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
    return this.request({ method: 'GET', path, headers });
  }

  /** POSTs a form; the last page's CSRF token is added unless the form has its own `_csrf`. */
  post(path: string, form: Form = {}): Promise<HttpResponse> {
    const body = new URLSearchParams();
    const fields: Form = { ...(this.lastCsrf !== undefined ? { _csrf: this.lastCsrf } : {}), ...form };
    for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    return this.request({ method: 'POST', path, body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /** POSTs JSON to the API with the CSRF token in its header. */
  async postJson(path: string, value: unknown): Promise<HttpResponse> {
    const token = JSON.parse((await this.get('/api/csrf')).body).token as string;
    return this.request({ method: 'POST', path, body: JSON.stringify(value), headers: { 'content-type': 'application/json', 'x-csrf-token': token } });
  }

  async login(username: string, password: string): Promise<HttpResponse> {
    await this.get('/login');
    return this.post('/login', { username, password });
  }
}

export interface TestDashboard {
  port: number;
  process: RunningProcess;
  client(forwardedFor?: string): DashboardClient;
  /** The actions the in-memory directory recorded. */
  actions(): Promise<RecordedAction[]>;
  stop(): Promise<void>;
}

const HARNESS = join(__dirname, 'dashboard-harness.ts');

/** Starts the dashboard over the sample tenants (shop-a, shop-b with 120 errors, shop-c) in its own process. */
export async function startTestDashboard(options: HarnessOptions = {}): Promise<TestDashboard> {
  const running = startProcess(HARNESS, [JSON.stringify(options)]);
  await running.waitFor(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
  const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(running.stdout())![1]);
  return {
    port,
    process: running,
    client: (forwardedFor) => new DashboardClient(port, forwardedFor),
    actions: async () => JSON.parse((await send(port, { method: 'GET', path: '/__test__/actions' })).body).actions,
    stop: async () => {
      running.child.kill('SIGTERM');
      await running.done;
    },
  };
}
