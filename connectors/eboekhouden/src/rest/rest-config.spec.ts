import { ConfigurationError, collectSecrets, configJsonSchema, parseConfig, redactConfig } from '@koppelwerk/core';
import { eboekhoudenConfigSchema } from '../eboekhouden-config';

const token = 'tok_3f9a1b2c3d4e5f60718293a4b5c6d7e8';

function problems(input: unknown): ConfigurationError {
  try {
    parseConfig(eboekhoudenConfigSchema, input, 'sink.settings');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a configuration error');
}

describe('e-Boekhouden settings: SOAP or REST', () => {
  it('defaults to SOAP, and takes REST with an API token and an optional source', () => {
    expect(parseConfig(eboekhoudenConfigSchema, { username: 'winkel.nl', securityCode1: 'a'.repeat(32), securityCode2: 'C25E1F0B-20A1-47CD-AAFD-620AACB6C6B0' }).api).toBe('soap');
    expect(parseConfig(eboekhoudenConfigSchema, { api: 'rest', accessToken: token, source: 'Webshop_1' })).toMatchObject({ api: 'rest', accessToken: token, source: 'Webshop_1' });
  });

  it('lists every problem in one pass, those of the chosen API included', () => {
    const error = problems({ api: 'rest', source: 'Koppel werk!', administration: 'Bakkerij', timeoutMs: 5 });
    expect(error.problems.map((p) => p.path).sort()).toEqual(['sink.settings.accessToken', 'sink.settings.administration', 'sink.settings.source', 'sink.settings.timeoutMs']);
    expect(error.message).toContain('Beheer > Inrichting > Koppelingen > API');
  });

  it('asks SOAP for its login, and not for REST settings', () => {
    const error = problems({ source: 'Koppelwerk' });
    expect(error.problems.map((p) => p.path).sort()).toEqual(['sink.settings.securityCode1', 'sink.settings.securityCode2', 'sink.settings.source', 'sink.settings.username']);
    expect(problems({ api: 'graphql' }).problems[0].path).toBe('sink.settings.api');
  });

  it('treats the token as a secret: redacted, writeOnly, never echoed in a problem', () => {
    const config = parseConfig(eboekhoudenConfigSchema, { api: 'rest', accessToken: token });
    expect(collectSecrets(eboekhoudenConfigSchema, config)).toEqual([token]);
    expect(JSON.stringify(redactConfig(eboekhoudenConfigSchema, config))).not.toContain(token);
    const schema = configJsonSchema(eboekhoudenConfigSchema) as { properties: Record<string, { writeOnly?: boolean; enum?: unknown[] }> };
    expect(schema.properties.accessToken.writeOnly).toBe(true);
    expect(schema.properties.api.enum).toEqual(['soap', 'rest']);
    expect(problems({ api: 'rest', accessToken: 'tok with-secret-part' }).message).not.toContain('with-secret-part');
  });
});
