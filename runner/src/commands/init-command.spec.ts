import { defineConnector, secret } from '@koppelwerk/core';
import { ContainerModule } from 'inversify';
import { parse } from 'yaml';
import { z } from 'zod';
import { envName, tenantTemplate } from './init-command';

const manifest = (id: string, kind: 'source' | 'sink') =>
  defineConnector({
    id,
    kind,
    title: id,
    description: id,
    capabilities: kind === 'source' ? ['read'] : ['journal'],
    configSchema: z.object({ apiToken: secret(z.string()), shopName: z.string(), endpoint: z.string().optional() }),
    exampleConfig: { apiToken: 'x', shopName: 'Demo' },
    createModule: () => new ContainerModule(() => undefined),
  });

describe('init template', () => {
  it('names secret variables so a shell accepts them, also for connector ids with hyphens', () => {
    expect(envName('acme-shop')).toBe('ACME_SHOP');
    const text = tenantTemplate('my-shop', manifest('acme-shop', 'source'), manifest('eboekhouden', 'sink'));
    expect(text).toContain('apiToken: ${env:ACME_SHOP_APITOKEN}');
    expect(text).toContain('apiToken: ${env:EBOEKHOUDEN_APITOKEN}');
    for (const [, name] of text.matchAll(/\$\{env:([^}]+)\}/g)) expect(name).toMatch(/^[A-Z_][A-Z0-9_]*$/);
  });

  it('is valid YAML with the example values filled in', () => {
    const parsed = parse(tenantTemplate('my-shop', manifest('acme-shop', 'source'), manifest('eboekhouden', 'sink')));
    expect(parsed).toMatchObject({ tenant: 'my-shop', source: { connector: 'acme-shop', settings: { shopName: 'Demo' } }, schedule: { everyMinutes: 60 } });
  });
});
