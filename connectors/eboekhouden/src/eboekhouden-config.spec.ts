import { ConfigurationError, collectSecrets, configJsonSchema, parseConfig } from '@koppelwerk/core';
import { eboekhoudenConfigSchema } from './eboekhouden-config';
import { eboekhoudenManifest } from './eboekhouden-manifest';

const good = { username: 'winkel.nl', securityCode1: '170c5f984c92df4b0dd515012db99db4', securityCode2: 'C25E1F0B-20A1-47CD-AAFD-620AACB6C6B0' };

function problems(input: unknown): string {
  try {
    parseConfig(eboekhoudenConfigSchema, input, 'sink.settings');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).message;
  }
  throw new Error('expected a configuration error');
}

describe('e-Boekhouden settings', () => {
  it('refuses a username under 6 characters before any call, saying why and what to do', () => {
    const message = problems({ ...good, username: 'jan' });
    expect(message).toContain('sink.settings.username');
    expect(message).toMatch(/at least 6 characters/);
    expect(message).toMatch(/Beheer > Uw account > Gebruikers > Toevoegen/);
  });

  it('refuses malformed codes, says where the right ones are, and never echoes them', () => {
    const message = problems({ ...good, securityCode1: 'not-a-code-secret-1', securityCode2: '1234-secret-2' });
    expect(message).toMatch(/securityCode1: security code 1 must be the 32-character code/);
    expect(message).toMatch(/securityCode2: security code 2 must be the code of the form/);
    expect(message).toContain('Beheer > Inrichting > Instellingen > Koppelingen > API/SOAP');
    expect(message).not.toContain('secret-1');
    expect(message).not.toContain('secret-2');
  });

  it('marks both codes as secrets (redaction, JSON Schema writeOnly) and not the username', () => {
    const config = parseConfig(eboekhoudenConfigSchema, good);
    expect(collectSecrets(eboekhoudenConfigSchema, config).sort()).toEqual([good.securityCode1, good.securityCode2].sort());
    const schema = configJsonSchema(eboekhoudenConfigSchema) as { properties: Record<string, { writeOnly?: boolean }> };
    expect(schema.properties.securityCode1.writeOnly).toBe(true);
    expect(schema.properties.securityCode2.writeOnly).toBe(true);
    expect(schema.properties.username.writeOnly).toBeUndefined();
  });

  it('accepts an administration and an endpoint override, and nothing unknown', () => {
    expect(parseConfig(eboekhoudenConfigSchema, { ...good, administration: 'Bakkerij B.V.', endpoint: 'http://127.0.0.1:9/soap.asmx' }).administration).toBe('Bakkerij B.V.');
    expect(problems({ ...good, endpoint: 'ftp://x' })).toMatch(/endpoint/);
    expect(problems({ ...good, pasword: 'x' })).toMatch(/unknown key `pasword`/);
  });

  it('has an example config (the simulator demo login) that the schema accepts', () => {
    expect(() => parseConfig(eboekhoudenConfigSchema, eboekhoudenManifest.exampleConfig)).not.toThrow();
  });
});
