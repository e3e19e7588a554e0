import { collectSecrets, ConfigurationError, createTenantContainer, MemoryLogger, parseConfig, Redactor, redactConfig, ShopSource } from '@koppelwerk/core';
import { stellaManifest } from './stella-manifest';

describe('stellaManifest', () => {
  it('declares a source polled every 2 minutes that reads and refetches', () => {
    expect(stellaManifest).toMatchObject({ id: 'stella', kind: 'source', defaultIntervalMinutes: 2, capabilities: ['read', 'refetch'] });
    expect(stellaManifest.description).toMatch(/1300.*8000/);
  });

  it('accepts the example config and refuses a broken one naming every problem', () => {
    expect(parseConfig(stellaManifest.configSchema, stellaManifest.exampleConfig)).toMatchObject({ pageSize: 50, overlapMinutes: 10 });
    let paths: string[] = [];
    try {
      parseConfig(stellaManifest.configSchema, { pageSize: 500, endpoint: 'ftp://x' }, 'source.settings');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      paths = (error as ConfigurationError).problems.map((p) => p.path);
    }
    expect(paths).toEqual(expect.arrayContaining(['source.settings.api_key', 'source.settings.pageSize', 'source.settings.endpoint']));
  });

  it('marks the API key secret and redacts it once the module loads', () => {
    const config = parseConfig(stellaManifest.configSchema, stellaManifest.exampleConfig);
    expect(collectSecrets(stellaManifest.configSchema, config)).toEqual([config.api_key]);
    expect(redactConfig(stellaManifest.configSchema, config)).toMatchObject({ api_key: '***' });
    const redactor = new Redactor();
    const container = createTenantContainer({ tenant: 't', runId: 'r', logger: new MemoryLogger(), redactor, source: { manifest: stellaManifest, config } });
    expect(container.get(ShopSource)).toBeDefined();
    expect(redactor.redactText(`Bearer ${config.api_key}`)).toBe('Bearer ***');
  });
});
