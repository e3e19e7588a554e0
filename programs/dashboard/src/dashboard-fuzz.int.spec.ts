import { connect } from 'node:net';
import { SESSION_COOKIE } from './dashboard-server';
import { PASSWORDS, send, startTestDashboard, type HttpResponse, type TestDashboard } from './testing/dashboard-client';
import { fuzzRequest, seededRandom } from './testing/request-fuzzer';

jest.setTimeout(600_000);

/** Writes raw bytes to the server and reads what comes back (empty when it just closes). */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', () => resolve(text));
    socket.on('close', () => resolve(text));
    socket.end(bytes);
  });
}

const SEED = Number(process.env.KOPPELWERK_FUZZ_SEED ?? 20260302);
const REQUESTS = { loggedIn: 2500, loggedOut: 1500 };

describe('dashboard fuzz', () => {
  let dashboard: TestDashboard;

  beforeAll(async () => {
    dashboard = await startTestDashboard({ hostile: '<script>x</script>' });
  });
  afterAll(() => dashboard.stop());

  it(`answers ${REQUESTS.loggedIn + REQUESTS.loggedOut} malformed requests without a 5xx, stays up and changes nothing (seed ${SEED})`, async () => {
    const user = dashboard.client();
    expect((await user.login('bureau', PASSWORDS.bureau)).statusCode).toBe(303);
    const other = dashboard.client();
    await other.login('winkel', PASSWORDS.shop);
    await other.get('/tenants/shop-a/errors');
    const sessionCookie = `${SESSION_COOKIE}=${user.cookies.get(SESSION_COOKIE)}`;
    const random = seededRandom(SEED);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const run = async (count: number, loggedIn: boolean) => {
      for (let i = 0; i < count; i++) {
        const request = fuzzRequest(random, { sessionCookie: loggedIn ? sessionCookie : undefined, foreignToken: other.lastCsrf });
        let response: HttpResponse;
        try {
          response = await send(dashboard.port, request);
        } catch (error) {
          failures.push(`${request.method} ${request.path}: connection failed: ${(error as Error).message}`);
          continue;
        }
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode >= 500) failures.push(`${request.method} ${request.path} -> ${response.statusCode}: ${response.body.slice(0, 200)}`);
        if (/\bat .+\.(ts|js):\d+:\d+/.test(response.body)) failures.push(`${request.method} ${request.path}: a stack trace in the answer`);
      }
    };
    await run(REQUESTS.loggedIn, true);
    await run(REQUESTS.loggedOut, false);

    const raw = [
      'GET / HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /\u0000 HTTP/1.1\r\n\r\n',
      'GARBAGE\r\n\r\n',
      'GET / HTTP/9.9\r\n\r\n',
      'POST /login HTTP/1.1\r\nContent-Length: 10\r\n\r\nab',
      'POST /login HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nzz\r\n',
      `GET /${'a'.repeat(100_000)} HTTP/1.1\r\n\r\n`,
      `GET / HTTP/1.1\r\nCookie: ${'x'.repeat(20_000)}\r\n\r\n`,
    ];
    for (const bytes of raw) {
      const answer = await rawExchange(dashboard.port, bytes);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      if (status >= 500) failures.push(`raw ${JSON.stringify(bytes.slice(0, 40))} -> ${status}`);
    }

    expect(failures).toEqual([]);
    // Many kinds of answers, none a server error.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 303, 400, 401, 403, 404]));
    // Still up, still logged in, and the directory saw no action at all.
    expect((await user.get('/tenants/shop-a/errors')).statusCode).toBe(200);
    expect(await dashboard.actions()).toEqual([]);
    expect(dashboard.process.stderr()).not.toContain('internal error');
  });
});
