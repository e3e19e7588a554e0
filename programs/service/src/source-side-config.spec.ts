import { AccountingSink, ConfigurationError, Redactor, ShopSource, createTenantContainer, silentLogger } from '@koppelwerk/core';
import { stringify } from 'yaml';
import { createRegistry } from '@koppelwerk/runtime';
import { sourceSideTenantConfig } from './source-side-config';

const registry = createRegistry();
const CODE1 = '0123456789abcdef0123456789abcdef';
const CODE2 = '01234567-89AB-4CDE-8F01-23456789ABCD';
const SOURCE = { SHOP_TOKEN: 'token-1', SHOP_PARTNER: 'partner-1' };

const yaml = stringify({
  tenant: 'shop',
  source: { connector: 'mijnwebwinkel', settings: { token: '${env:SHOP_TOKEN}', partner_token: '${env:SHOP_PARTNER}' } },
  sink: { connector: 'eboekhouden', settings: { username: 'bakker01', securityCode1: '${env:CODE1}', securityCode2: '${env:CODE2}' } },
});

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    sourceSideTenantConfig('shop', yaml, registry, env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error('the file was accepted');
}

describe("a service tenant for a command that asks only its source (explain)", () => {
  it('is the whole tenant when every secret is set here', () => {
    const config = sourceSideTenantConfig('shop', yaml, registry, { ...SOURCE, CODE1, CODE2 });
    expect([config.source.manifest.id, config.sink.manifest.id]).toEqual(['mijnwebwinkel', 'eboekhouden']);
  });

  it("needs only the source's secrets, and names the missing ones of the source alone", () => {
    expect(problemsOf({ SHOP_PARTNER: 'partner-1' })).toEqual(['source.settings.token: environment variable SHOP_TOKEN is not set']);
    expect(problemsOf({})).toEqual(['source.settings.token: environment variable SHOP_TOKEN is not set', 'source.settings.partner_token: environment variable SHOP_PARTNER is not set']);
  });

  it("opens the source without the sink's secrets; the sink, not opened here, refuses every call naming what it lacks", async () => {
    const config = sourceSideTenantConfig('shop', yaml, registry, SOURCE);
    expect(config.source.config).toMatchObject({ token: 'token-1', partner_token: 'partner-1' });
    expect(config.secrets).toEqual(expect.arrayContaining(['token-1', 'partner-1']));
    const container = createTenantContainer({ tenant: 'shop', runId: 'r', logger: silentLogger, redactor: new Redactor(), source: config.source, sink: config.sink });
    expect(container.get(ShopSource)).toBeDefined();
    const sink = container.get<AccountingSink>(AccountingSink);
    const refused = sink.listArticles();
    await expect(refused).rejects.toBeInstanceOf(ConfigurationError);
    await expect(refused).rejects.toThrow(/sink\.settings\.securityCode1: environment variable CODE1 is not set \(this document asks e-Boekhouden\.nl here, so the sink's secrets are needed too\)/);
    await expect(sink.check()).rejects.toThrow(/CODE2 is not set/);
    await expect(sink.close()).resolves.toBeUndefined();
  });
});
