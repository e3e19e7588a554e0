import { collectSecrets, ConfigurationError, createTenantContainer, MemoryLogger, parseConfig, Redactor, redactConfig, ShopSource } from '@koppelwerk/core';
import { factuursturenManifest } from './factuursturen-manifest';

describe('factuursturenManifest', () => {
  it('declares an hourly source that reads, refetches and exports date ranges', () => {
    expect(factuursturenManifest).toMatchObject({ id: 'factuursturen', kind: 'source', defaultIntervalMinutes: 60, capabilities: ['read', 'refetch', 'date-range'] });
    expect(Object.keys(factuursturenManifest.exampleConfig)).toEqual(['username', 'apiKey', 'endpoint']);
  });

  it('accepts the example config with defaults', () => {
    const config = parseConfig(factuursturenManifest.configSchema, factuursturenManifest.exampleConfig);
    expect(config).toMatchObject({ purchaseInvoices: true, pageSize: 100, overlapDays: 7 });
  });

  it('refuses broken configs, naming every problem and where the API key is found', () => {
    let problems: { path: string; message: string }[] = [];
    try {
      parseConfig(factuursturenManifest.configSchema, { username: '', pageSize: 0, endpoint: 'ftp://x', extra: 1 }, 'source.settings');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      problems = (error as ConfigurationError).problems;
    }
    expect(problems.map((problem) => problem.path)).toEqual(expect.arrayContaining(['source.settings.username', 'source.settings.apiKey', 'source.settings.pageSize', 'source.settings.endpoint', 'source.settings']));
    expect(problems.find((problem) => problem.path === 'source.settings.apiKey')?.message).toContain('Instellingen > Verbindingen > Maak API sleutel');
  });

  it('marks the API key secret and registers it (and the Basic auth value) for redaction', () => {
    const config = parseConfig(factuursturenManifest.configSchema, factuursturenManifest.exampleConfig);
    expect(collectSecrets(factuursturenManifest.configSchema, config)).toEqual([config.apiKey]);
    expect(redactConfig(factuursturenManifest.configSchema, config)).toMatchObject({ apiKey: '***', username: config.username });
    const redactor = new Redactor();
    const container = createTenantContainer({ tenant: 't', runId: 'r', logger: new MemoryLogger(), redactor, source: { manifest: factuursturenManifest, config } });
    expect(container.get(ShopSource)).toBeDefined();
    const basic = Buffer.from(`${config.username}:${config.apiKey}`).toString('base64');
    expect(redactor.redactText(`key ${config.apiKey} header Basic ${basic}`)).toBe('key *** header Basic ***');
  });
});
