import { AuthenticationError, RejectedError, TransientError } from './errors';
import { httpCallError, noAnswerError, type CallEndpoint } from './http-call-error';
import { Redactor } from './redactor';

const wording = {
  what: 'Shop GET /orders',
  refused: 'Shop refused the token',
  credentialsHint: 'make a new token',
  redactor: new Redactor(['SECRET-TOKEN-1']),
  describe: (body: unknown) => ({ message: (body as { message?: string } | null)?.message, code: (body as { code?: string } | null)?.code }),
};
const answered = (status: number, data: unknown = {}, headers: Record<string, unknown> = {}) => ({ isAxiosError: true, response: { status, data, headers } });

describe('httpCallError', () => {
  it('treats no answer, 5xx and 429 as transient, honouring Retry-After', () => {
    expect(httpCallError({ isAxiosError: true, code: 'ECONNRESET' }, wording)).toMatchObject({ errorClass: 'transient', code: 'ECONNRESET', message: 'Shop GET /orders got no answer: the connection was dropped (ECONNRESET)' });
    expect(httpCallError(answered(503), wording)).toBeInstanceOf(TransientError);
    expect(httpCallError(answered(429, {}, { 'retry-after': '7' }), wording)).toMatchObject({ code: 'HTTP_429', retryAfterMs: 7000 });
  });

  it('treats a good status whose answer broke off on the way as transient, not as a refusal', () => {
    const cut = { isAxiosError: true, code: 'ERR_BAD_RESPONSE', response: { status: 200, data: undefined, headers: {} } };
    expect(httpCallError(cut, wording)).toMatchObject({ errorClass: 'transient', message: 'Shop GET /orders broke off while the answer arrived (ERR_BAD_RESPONSE)' });
  });

  it('turns 401 and 403 into refused credentials with the hint', () => {
    const error = httpCallError(answered(401, { message: 'bad token' }), wording);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ message: 'Shop refused the token (401: bad token)', hint: 'make a new token' });
  });

  it('turns any other status into a refusal of this request, with the upstream code when it has one', () => {
    const error = httpCallError(answered(422, { message: 'date invalid', code: 'ORD_004' }), wording);
    expect(error).toBeInstanceOf(RejectedError);
    expect(error).toMatchObject({ code: 'ORD_004', message: 'Shop GET /orders was refused (422: date invalid)' });
  });

  it('redacts and shortens what the upstream said', () => {
    const error = httpCallError(answered(400, { message: `token SECRET-TOKEN-1 unknown ${'x'.repeat(500)}` }), wording);
    expect(error.message).not.toContain('SECRET-TOKEN-1');
    expect(error.message.length).toBeLessThan(260);
  });

  it('passes our own errors through and wraps anything else as transient, redacted', () => {
    const own = new RejectedError('already');
    expect(httpCallError(own, wording)).toBe(own);
    expect(httpCallError(new Error('socket SECRET-TOKEN-1'), wording)).toMatchObject({ errorClass: 'transient', message: 'Shop GET /orders failed: socket ***' });
    const exhausted = httpCallError(Object.assign(new Error('connect failed'), { code: 'EMFILE' }), wording);
    expect(exhausted).toMatchObject({ errorClass: 'transient', code: 'EMFILE', message: 'Shop GET /orders failed: connect failed (EMFILE)' });
    expect(httpCallError({ isAxiosError: true, message: 'x', cause: { code: 'ENFILE' } }, wording)).toMatchObject({ code: 'ENFILE', message: 'Shop GET /orders got no answer (ENFILE)' });
  });

  const endpoint: CallEndpoint = { side: 'source', service: 'Shop', simulate: 'shop' };
  /** An axios error of a connection that was refused, as axios builds it from its config. */
  const refused = (baseURL: string, url: string) => ({
    isAxiosError: true,
    code: 'ECONNREFUSED',
    message: 'connect ECONNREFUSED',
    config: { baseURL, url, params: { token: 'SECRET-TOKEN-1' } },
  });

  it('names the URL a call without an answer tried, what the code means and what to do: the endpoint, and the simulator on its port', () => {
    const error = httpCallError(refused('http://127.0.0.1:8091/v1', '/orderstatuses'), { ...wording, endpoint });
    expect(error).toMatchObject({ errorClass: 'transient', code: 'ECONNREFUSED', message: 'Shop GET /orders got no answer from http://127.0.0.1:8091/v1/orderstatuses: nothing listens there (ECONNREFUSED)' });
    expect(error.hint).toBe(
      'check source.endpoint in the tenant file and that the service there runs, e.g. the simulator: `koppelwerk simulate shop --port 8091`; nothing was lost, the next attempt tries again',
    );
  });

  it('for an address elsewhere, says to check the endpoint and the way there, and how to try it on the simulator; never the user, password or query', () => {
    const failure = { ...refused('https://owner:SECRET-TOKEN-1@api.shop.example/v1/', 'orders?token=SECRET-TOKEN-1'), code: 'ENOTFOUND' };
    const error = httpCallError(failure, { ...wording, endpoint: { ...endpoint, side: 'sink' } });
    expect(error.message).toBe('Shop GET /orders got no answer from https://api.shop.example/v1/orders: that host name is not known (ENOTFOUND)');
    expect(error.hint).toBe(
      "check sink.endpoint in the tenant file and this machine's way to Shop: network, proxy, firewall; to try it without Shop, start `koppelwerk simulate shop` and write the endpoint it prints as sink.endpoint; nothing was lost, the next attempt tries again",
    );
    expect(`${error.message} ${error.hint}`).not.toContain('SECRET-TOKEN-1');
  });

  it('does not blame the endpoint for a dropped connection or for this machine running out of descriptors', () => {
    const dropped = noAnswerError({ code: 'ECONNRESET', config: { url: 'http://127.0.0.1:8091/soap.asmx' } }, { what: 'Shop AddMutatie', redactor: wording.redactor, endpoint });
    expect(dropped.message).toBe('Shop AddMutatie got no answer from http://127.0.0.1:8091/soap.asmx: the connection was dropped (ECONNRESET)');
    expect(dropped.hint).toBe('Shop dropped the connection; nothing was lost, the next attempt tries again');
    const exhausted = noAnswerError({ code: 'EMFILE', config: { url: 'http://127.0.0.1:8091/' } }, { what: 'Shop AddMutatie', redactor: wording.redactor, endpoint });
    expect(exhausted).toMatchObject({ code: 'EMFILE', message: 'Shop AddMutatie got no answer (EMFILE)', hint: undefined });
  });
});
