import { AuthenticationError, ConfigurationError, RecordError, Redactor, RejectedError, TransientError, classifyError } from '@koppelwerk/core';
import { notJsonError, restError, restNetworkError, type RestCall } from './rest-errors';

const redactor = new Redactor(['tok-secret-123']);
const call: RestCall = { what: 'POST /v1/mutation', document: 'invoice F-1', url: 'http://127.0.0.1:9/v1/mutation?x=1', redactor };

function answer(status: number, body: unknown, headers: Record<string, unknown> = {}) {
  return { status, headers, text: typeof body === 'string' ? body : JSON.stringify(body) };
}

const error = (code: string, status: number, extra: Record<string, unknown> = {}) => ({ type: status === 403 ? 'security' : 'validation', code, title: `title of ${code}`, status, ...extra });

describe('REST error bodies -> the error taxonomy', () => {
  it('makes a validation error a record error naming the property and the document', () => {
    const mapped = restError(answer(400, error('MUT_104', 400, { propertyName: 'Rows[0].LedgerId', errors: ['Unknown ledger for row.'] })), call);
    expect(mapped).toBeInstanceOf(RecordError);
    expect(mapped).toMatchObject({ code: 'MUT_104', field: 'Rows[0].LedgerId' });
    expect(mapped.message).toContain('invoice F-1');
    expect(mapped.message).toContain('Unknown ledger for row.');
    expect(mapped.hint).toContain('Rows[0].LedgerId');
  });

  it.each([
    [401, 'SECURITY_010'],
    [400, 'API_SESSION_003'],
    [400, 'API_SESSION_004'],
  ])('turns HTTP %s %s into an authentication error with where to get a token', (status, code) => {
    const mapped = restError(answer(status, error(code, status)), call);
    expect(mapped).toBeInstanceOf(AuthenticationError);
    expect(mapped.code).toBe(code);
    expect(mapped.hint).toContain('Beheer > Inrichting > Koppelingen > API');
  });

  it('treats a bare 401 and any security refusal at login as authentication', () => {
    expect(restError(answer(401, ''), call)).toBeInstanceOf(AuthenticationError);
    expect(restError(answer(403, error('SECURITY_999', 403)), { ...call, what: 'POST /v1/session', login: true })).toBeInstanceOf(AuthenticationError);
    expect(restError(answer(403, error('SECURITY_003', 403, { securityType: 1 })), call)).toBeInstanceOf(AuthenticationError);
  });

  it('reports a bad source name at its setting', () => {
    const mapped = restError(answer(400, error('API_SESSION_002', 400)), call);
    expect(mapped).toBeInstanceOf(ConfigurationError);
    expect((mapped as ConfigurationError).problems[0].path).toBe('sink.settings.source');
  });

  it.each(['SECURITY_007', 'MUT_005', 'FACT_VERWERK_001'])('refuses a booking in a closed period (%s) with what to do, not retried', (code) => {
    const mapped = restError(answer(code.startsWith('SECURITY') ? 403 : 400, error(code, code.startsWith('SECURITY') ? 403 : 400)), call);
    expect(mapped).toBeInstanceOf(RejectedError);
    expect(mapped.hint).toMatch(/period your accountant closed/);
  });

  it.each(['MUT_019', 'MUT_020', 'FACT_101'])('keeps a duplicate number (%s) a claim: rejected, not yet "already booked"', (code) => {
    const mapped = restError(answer(400, error(code, 400)), call) as RejectedError;
    expect(mapped).toBeInstanceOf(RejectedError);
    expect(mapped.code).toBe(code);
    expect(mapped.alreadyBooked).toBe(false);
  });

  it('retries 429 after its Retry-After and 5xx, JSON or not', () => {
    const limited = restError(answer(429, error('ERR_001', 429), { 'retry-after': '7' }), call) as TransientError;
    expect(limited).toBeInstanceOf(TransientError);
    expect(limited.retryAfterMs).toBe(7000);
    expect(classifyError(restError(answer(503, error('ERR_001', 503)), call))).toBe('transient');
    expect(classifyError(restError(answer(502, '<html><body>Bad gateway</body></html>'), call))).toBe('transient');
  });

  it('calls a body that is not the error JSON (an HTML page, a cut-off body) transient, never a refusal of the document', () => {
    expect(restError(answer(400, '<html>proxy</html>'), call)).toMatchObject({ errorClass: 'transient', code: 'EB_REST_NOT_JSON' });
    expect(restError(answer(400, '{"type":"validation","code":"MUT_0'), call)).toMatchObject({ errorClass: 'transient' });
    const page = notJsonError(answer(200, '<!DOCTYPE html><html>Onderhoud</html>'), call);
    expect(page.message).toContain('an HTML page');
    expect(notJsonError(answer(200, '{"id":12'), call).message).toContain('not complete JSON');
  });

  it('says a 404 without the API behind it is a wrong endpoint, and a 404 with an error body a refusal', () => {
    const wrong = restError(answer(404, 'not found'), call) as ConfigurationError;
    expect(wrong).toBeInstanceOf(ConfigurationError);
    expect(wrong.problems[0].path).toBe('sink.endpoint');
    expect(wrong.message).not.toContain('x=1');
    expect(restError(answer(404, { type: 'notfound', code: 'MUT_300', title: 'Mutation not found.', status: 404 }), call)).toBeInstanceOf(RejectedError);
  });

  it('redacts secrets out of upstream text', () => {
    const mapped = restError(answer(400, error('ERR_002', 400, { title: 'bad value tok-secret-123' })), call);
    expect(mapped.message).not.toContain('tok-secret-123');
  });

  it('keeps the system code of a network failure and names the URL tried, without its query, and the REST simulator', () => {
    const mapped = restNetworkError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), call);
    expect(mapped).toMatchObject({ errorClass: 'transient', code: 'ECONNREFUSED' });
    expect(mapped.message).toBe('e-Boekhouden POST /v1/mutation got no answer from http://127.0.0.1:9/v1/mutation: nothing listens there (ECONNREFUSED)');
    expect(mapped.hint).toContain('`koppelwerk simulate eboekhouden --api rest --port 9`');
  });
});
