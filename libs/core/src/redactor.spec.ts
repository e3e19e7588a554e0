import { dec } from './decimal';
import { MemoryLogger } from './logger';
import { Redactor } from './redactor';

describe('Redactor and logging', () => {
  const canary = 'CANARY-7f3a9c1e';

  it('removes a secret from text, URLs (encoded) and nested fields', () => {
    const redactor = new Redactor([canary, 'p@ss word!']);
    expect(redactor.redactText(`GET /orders?token=${canary}`)).toBe('GET /orders?token=***');
    expect(redactor.redactText(`q=${encodeURIComponent('p@ss word!')}`)).toBe('q=***');
    const out = redactor.redact({ a: [{ b: `x${canary}y` }], error: new Error(`bad ${canary}`) });
    expect(JSON.stringify(out)).not.toContain(canary);
  });

  it('keeps exact amounts serialisable (Decimal.toJSON) while redacting', () => {
    const out = new Redactor([canary]).redact({ amount: dec('12.10'), note: canary, when: new Date('2024-01-01T00:00:00Z') });
    expect(JSON.stringify(out)).toBe('{"amount":"12.1","note":"***","when":"2024-01-01T00:00:00.000Z"}');
  });

  it('hides values of sensitive keys even when not registered', () => {
    const out = new Redactor().redact({ securityCode2: 'C25E1F0B', SessionID: '{abc}', name: 'ok' });
    expect(out).toEqual({ securityCode2: '***', SessionID: '***', name: 'ok' });
  });

  it('keeps secrets out of every log line', () => {
    const logger = new MemoryLogger([], {}, new Redactor([canary]));
    logger.child({ tenant: 'acme' }).error(`login failed for ${canary}`, { url: `https://x/?k=${canary}` });
    expect(logger.text()).not.toContain(canary);
    expect(logger.entries[0].fields.tenant).toBe('acme');
  });
});
