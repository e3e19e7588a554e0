/** A plain HTTP client for the REST simulator's specs: real requests over loopback, nothing interpreted. */
export interface RestAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  body: any;
}

export class RestTestClient {
  token: string | null = null;

  constructor(readonly baseUrl: string) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RestAnswer> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: this.token } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  }

  /** POST /v1/session; keeps the session token for the next calls. */
  async login(accessToken: string, source = 'Koppelwerk'): Promise<RestAnswer> {
    this.token = null;
    const answer = await this.call('POST', '/v1/session', { accessToken, source });
    if (answer.status === 200) this.token = answer.body.token;
    return answer;
  }

  get(path: string): Promise<RestAnswer> {
    return this.call('GET', path);
  }

  post(path: string, body: unknown): Promise<RestAnswer> {
    return this.call('POST', path, body);
  }
}

/** The id of a ledger by code, over REST. */
export async function ledgerId(client: RestTestClient, code: string): Promise<number> {
  const answer = await client.get(`/v1/ledger?code=${encodeURIComponent(code)}`);
  if (answer.body?.items?.length !== 1) throw new Error(`ledger ${code} not found: ${answer.text}`);
  return answer.body.items[0].id as number;
}
