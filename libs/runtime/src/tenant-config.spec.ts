import { ConfigurationError } from '@koppelwerk/core';
import { createRegistry } from './connectors';
import { tenantConfigFromObject } from './tenant-config';

function problemsOf(raw: unknown): { path: string; message: string }[] {
  try {
    tenantConfigFromObject(raw, '/tenants/shop.yaml', createRegistry(), { env: {} });
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('the config was accepted');
}

const shop = { connector: 'mijnwebwinkel', settings: { token: 'shop-token', partner_token: 'partner-token' } };

describe('tenant config problems', () => {
  it('a broken endpoint does not hide the problems in the settings next to it', () => {
    const problems = problemsOf({
      tenant: 'shop',
      source: shop,
      sink: { connector: 'eboekhouden', endpoint: 'not a url', settings: { username: 'abc', securityCode1: 'short', securityCode2: 'nope' } },
    });
    expect(problems.map((p) => p.path).sort()).toEqual(['sink.endpoint', 'sink.settings.securityCode1', 'sink.settings.securityCode2', 'sink.settings.username']);
  });

  it('an endpoint the connector refuses is reported where it is written', () => {
    const problems = problemsOf({
      tenant: 'shop',
      source: { ...shop, endpoint: 'ftp://shop.example' },
      sink: { connector: 'eboekhouden', settings: { username: 'abcdefg', securityCode1: '0123456789abcdef0123456789abcdef', securityCode2: '01234567-89AB-4CDE-8F01-23456789ABCD' } },
    });
    expect(problems.map((p) => p.path)).toEqual(['source.endpoint']);
  });

  it('takes the log file level from log.level (info when left out) and refuses one it does not know', () => {
    const sink = { connector: 'eboekhouden', settings: { username: 'abcdefg', securityCode1: '0123456789abcdef0123456789abcdef', securityCode2: '01234567-89AB-4CDE-8F01-23456789ABCD' } };
    const load = (extra: Record<string, unknown>) => tenantConfigFromObject({ tenant: 'shop', source: shop, sink, ...extra }, '/tenants/shop.yaml', createRegistry(), { env: {} });
    expect(load({}).logLevel).toBe('info');
    expect(load({ log: { level: 'debug' } }).logLevel).toBe('debug');
    const problems = problemsOf({ tenant: 'shop', source: shop, sink, log: { level: 'verbose', colour: true } });
    expect(problems.map((p) => p.path).sort()).toEqual(['log', 'log.level']);
  });
});
