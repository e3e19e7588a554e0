import { collectSecrets, ConfigurationError, createTenantContainer, MemoryLogger, parseConfig, Redactor, ShopSource, redactConfig } from '@koppelwerk/core';
import { mijnwebwinkelManifest } from './mijnwebwinkel-manifest';

describe('mijnwebwinkelManifest', () => {
  it('declares an hourly source that reads, refetches and exports date ranges', () => {
    expect(mijnwebwinkelManifest).toMatchObject({ id: 'mijnwebwinkel', kind: 'source', defaultIntervalMinutes: 60, capabilities: ['read', 'refetch', 'date-range'] });
  });

  it('accepts the example config with defaults for statuses and page size', () => {
    const config = parseConfig(mijnwebwinkelManifest.configSchema, mijnwebwinkelManifest.exampleConfig);
    expect(config).toMatchObject({ bookedStatuses: ['Betaald', 'Verzonden', 'Afgehaald'], pageSize: 100, overlapMinutes: 10 });
  });

  it('refuses broken configs, naming every problem and where the token is found', () => {
    const attempt = () => parseConfig(mijnwebwinkelManifest.configSchema, { token: '', pageSize: 500, endpoint: 'ftp://x', extra: 1 }, 'source.settings');
    expect(attempt).toThrow(ConfigurationError);
    const problems = (() => {
      try {
        attempt();
      } catch (error) {
        return (error as ConfigurationError).problems;
      }
      return [];
    })();
    const paths = problems.map((problem) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(['source.settings.token', 'source.settings.partner_token', 'source.settings.pageSize', 'source.settings.endpoint', 'source.settings']));
    expect(problems.find((problem) => problem.path === 'source.settings.token')?.message).toContain('Instellingen > API > Token toevoegen');
  });

  it('marks both tokens secret and registers them for redaction when the module loads', () => {
    const config = parseConfig(mijnwebwinkelManifest.configSchema, mijnwebwinkelManifest.exampleConfig);
    expect(collectSecrets(mijnwebwinkelManifest.configSchema, config).sort()).toEqual([config.partner_token, config.token].sort());
    expect(redactConfig(mijnwebwinkelManifest.configSchema, config)).toMatchObject({ token: '***', partner_token: '***' });
    const redactor = new Redactor();
    const container = createTenantContainer({ tenant: 't', runId: 'r', logger: new MemoryLogger(), redactor, source: { manifest: mijnwebwinkelManifest, config } });
    expect(container.get(ShopSource)).toBeDefined();
    expect(redactor.redactText(`?token=${config.token}`)).toBe('?token=***');
  });
});
