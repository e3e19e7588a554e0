import { ConfigurationError, TransientError, describeError, resourceExhaustion, systemErrorCode } from './errors';

const systemError = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('system error codes', () => {
  it('are found on the error, its cause chain and the errors of an AggregateError', () => {
    expect(systemErrorCode(systemError('read ECONNRESET', 'ECONNRESET'))).toBe('ECONNRESET');
    expect(systemErrorCode(new Error('request failed', { cause: systemError('open', 'EMFILE') }))).toBe('EMFILE');
    expect(systemErrorCode(new AggregateError([new Error('first'), systemError('connect', 'ENFILE')]))).toBe('ENFILE');
    // Codes that are not the system's (an upstream's, an HTTP status) are not taken for one.
    expect(systemErrorCode(new TransientError('busy', { code: 'HTTP_503' }))).toBeUndefined();
    expect(systemErrorCode(new ConfigurationError([{ path: 'x', message: 'y' }], { code: 'E0023' }))).toBeUndefined();
    expect(systemErrorCode(systemError('getaddrinfo EAI_AGAIN', 'EAI_AGAIN'))).toBe('EAI_AGAIN');
    expect(systemErrorCode('EMFILE')).toBeUndefined();
  });

  it('stay in the message a person reads', () => {
    expect(describeError(systemError('socket closed', 'ECONNRESET'))).toBe('socket closed (ECONNRESET)');
    expect(describeError(systemError('open EMFILE, too many open files', 'EMFILE'))).toBe('open EMFILE, too many open files');
    expect(describeError(new Error('plain'))).toBe('plain');
  });

  it('tell running out of descriptors or memory apart from an upstream failure', () => {
    expect(resourceExhaustion(systemError('open', 'EMFILE'))).toBe('EMFILE');
    expect(resourceExhaustion(new Error('wrapped', { cause: systemError('socket', 'ENFILE') }))).toBe('ENFILE');
    expect(resourceExhaustion('e-Boekhouden could not be reached for OpenSession: EMFILE')).toBe('EMFILE');
    expect(resourceExhaustion(new Error('Too many open files'))).toBe('EMFILE');
    expect(resourceExhaustion(new Error('JavaScript heap out of memory'))).toBe('ENOMEM');
    expect(resourceExhaustion(systemError('read ECONNRESET', 'ECONNRESET'))).toBeUndefined();
    expect(resourceExhaustion(undefined)).toBeUndefined();
  });
});
