import { collectSecrets, ConfigurationError, createTenantContainer, ImportTarget, MemoryLogger, parseConfig, Redactor, redactConfig, ShopSource } from '@koppelwerk/core';
import { werkbonappManifest } from './werkbonapp-manifest';

describe('werkbonappManifest', () => {
  it('declares a source for both directions that runs every 15 minutes', () => {
    expect(werkbonappManifest).toMatchObject({ id: 'werkbonapp', kind: 'source', defaultIntervalMinutes: 15 });
    expect([...werkbonappManifest.capabilities].sort()).toEqual(['acknowledge', 'import-target', 'read', 'refetch']);
  });

  it('defaults to work status "1 naar E-boekhouden" and every import switched on', () => {
    const config = parseConfig(werkbonappManifest.configSchema, werkbonappManifest.exampleConfig);
    expect(config).toMatchObject({ apiVersion: 8, export: { enabled: true, workStatus: '1 naar E-boekhouden' }, import: { relations: true, materials: true, hourTypes: true } });
  });

  it('refuses broken configs, naming every problem and where the token is found', () => {
    let problems: { path: string; message: string }[] = [];
    try {
      parseConfig(werkbonappManifest.configSchema, { token: ' ', import: { relations: 'yes' }, export: { materialVatRate: '19' }, extra: 1 }, 'source.settings');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      problems = (error as ConfigurationError).problems;
    }
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['source.settings.token', 'source.settings.software_token', 'source.settings.import.relations', 'source.settings.export.materialVatRate', 'source.settings']),
    );
    expect(problems.find((p) => p.path === 'source.settings.token')?.message).toContain('Start > ERP/CRM > Overzicht');
  });

  it('marks both tokens secret, binds source and import target, and redacts the tokens once loaded', () => {
    const config = parseConfig(werkbonappManifest.configSchema, werkbonappManifest.exampleConfig);
    expect(collectSecrets(werkbonappManifest.configSchema, config).sort()).toEqual([config.software_token, config.token].sort());
    expect(redactConfig(werkbonappManifest.configSchema, config)).toMatchObject({ token: '***', software_token: '***' });
    const redactor = new Redactor();
    const container = createTenantContainer({ tenant: 't', runId: 'r', logger: new MemoryLogger(), redactor, source: { manifest: werkbonappManifest, config } });
    expect(container.get(ShopSource)).toBeDefined();
    expect(container.get(ImportTarget)).toBeDefined();
    expect(redactor.redactText(`?token=${config.token}&software_token=${config.software_token}`)).toBe('?token=***&software_token=***');
  });
});
