import { z } from 'zod';
import { collectSecrets, configJsonSchema, parseConfig, redactConfig, secret } from './config-schema';
import { ConfigurationError } from './errors';

const schema = z.object({
  username: z.string().min(6),
  securityCode1: secret(z.string().regex(/^[0-9a-f]{32}$/i)),
  nested: z.object({ token: secret(z.string()).optional(), url: z.string().url() }),
  list: z.array(z.object({ key: secret(z.string()) })).default([]),
});

describe('config schemas', () => {
  it('lists every problem with its path, never the value', () => {
    let error: unknown;
    try {
      parseConfig(schema, { username: 'abc', securityCode1: 'canary-secret-value', nested: { url: 'nope' } }, 'sink.settings');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const problems = (error as ConfigurationError).problems.map((p) => p.path);
    expect(problems).toEqual(['sink.settings.username', 'sink.settings.securityCode1', 'sink.settings.nested.url']);
    expect((error as Error).message).not.toContain('canary-secret-value');
  });

  it('finds secrets through optional, default and array wrappers', () => {
    const config = parseConfig(schema, {
      username: 'shopowner',
      securityCode1: 'a'.repeat(32),
      nested: { token: 'tok-123456', url: 'http://127.0.0.1:1' },
      list: [{ key: 'key-abcdef' }],
    });
    expect(collectSecrets(schema, config).sort()).toEqual(['a'.repeat(32), 'key-abcdef', 'tok-123456']);
    const redacted = redactConfig(schema, config);
    expect(JSON.stringify(redacted)).not.toMatch(/tok-123456|key-abcdef|aaaa/);
    expect(redacted.username).toBe('shopowner');
  });

  it('exports a JSON Schema that flags secrets as write-only', () => {
    const json = configJsonSchema(schema) as { properties: Record<string, { writeOnly?: boolean }> };
    expect(json.properties.securityCode1.writeOnly).toBe(true);
    expect(json.properties.username.writeOnly).toBeUndefined();
  });
});
