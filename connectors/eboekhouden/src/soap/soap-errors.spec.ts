import { AuthenticationError, ConfigurationError, Redactor, RejectedError, TransientError } from '@koppelwerk/core';
import { errorMsgOf, transportError, upstreamError } from './soap-errors';

const redactor = new Redactor(['{4A1F0000-SESSION-SECRET}']);

describe('mapping e-Boekhouden answers onto the error taxonomy', () => {
  it('reads ErrorMsg from wrapped results and from the bare cError of the update calls; empty means success', () => {
    expect(errorMsgOf({ ErrorMsg: { LastErrorCode: '', LastErrorDescription: '' }, Mutatienummer: 5 })).toBeNull();
    expect(errorMsgOf({ ErrorMsg: { LastErrorCode: 'E0023', LastErrorDescription: 'verlopen' } })).toEqual({ code: 'E0023', description: 'verlopen' });
    expect(errorMsgOf({ LastErrorCode: 'X1', LastErrorDescription: 'fout' })).toEqual({ code: 'X1', description: 'fout' });
    expect(errorMsgOf(undefined)).toBeNull();
  });

  it.each([
    ['OpenSession', 'E9', 'Gebruikersnaam of beveiligingscode onjuist', AuthenticationError],
    ['OpenSessionSub', 'E9', 'Administratie niet gevonden', ConfigurationError],
    ['AddMutatie', 'E0023', 'Sessie verlopen', TransientError],
    ['AddMutatie', 'X', 'Beveiligingscode 2 onjuist', AuthenticationError],
    ['AddMutatie', 'M006', 'bestaat al', RejectedError],
    ['AddMutatie', 'X', 'Periode is afgesloten', RejectedError],
    ['AddRelatie', 'CREL001', 'Relatiecode in gebruik', RejectedError],
  ])('%s %s "%s"', (operation, code, description, type) => {
    expect(upstreamError(operation, { code, description }, redactor)).toBeInstanceOf(type);
  });

  it('marks duplicates as already booked and redacts upstream text', () => {
    const error = upstreamError('AddMutatie', { code: 'Q1', description: 'Factuurnummer bestaat al voor sessie {4A1F0000-SESSION-SECRET}' }, redactor) as RejectedError;
    expect(error.alreadyBooked).toBe(true);
    expect(error.message).not.toContain('SESSION-SECRET');
  });

  it('maps SOAP faults, HTTP statuses and network failures', () => {
    const fault = (faultcode: string) => ({ root: { Envelope: { Body: { Fault: { faultcode, faultstring: 'Server was unable to read request.' } } } } });
    expect(transportError('AddMutatie', fault('soap:Client'), redactor)).toBeInstanceOf(RejectedError);
    expect(transportError('AddMutatie', fault('soap:Server'), redactor)).toBeInstanceOf(TransientError);
    const busy = transportError('GetRelaties', { response: { status: 429, headers: { 'retry-after': '3' } } }, redactor) as TransientError;
    expect(busy.retryAfterMs).toBe(3000);
    expect(transportError('GetRelaties', { response: { status: 404 } }, redactor)).toBeInstanceOf(ConfigurationError);
    const refused = transportError('GetRelaties', { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED', config: { url: 'http://127.0.0.1:8080/soap.asmx' } }, redactor);
    expect(refused).toMatchObject({ errorClass: 'transient', code: 'ECONNREFUSED', message: 'e-Boekhouden GetRelaties got no answer from http://127.0.0.1:8080/soap.asmx: nothing listens there (ECONNREFUSED)' });
    expect(refused.hint).toContain('check sink.endpoint in the tenant file and that the service there runs, e.g. the simulator: `koppelwerk simulate eboekhouden --port 8080`');
    // A system code the list does not know stays in the message and the code, never "connection failed".
    const exhausted = transportError('OpenSession', Object.assign(new Error('connect EMFILE 127.0.0.1:8080 - Local (undefined:undefined)'), { code: 'EMFILE' }), redactor);
    expect(exhausted).toMatchObject({ errorClass: 'transient', code: 'EMFILE', message: 'e-Boekhouden OpenSession got no answer (EMFILE)' });
    expect(transportError('GetRelaties', { message: 'x', cause: { code: 'ENFILE' } }, redactor).message).toMatch(/ENFILE/);
  });
});
