import { ContainerModule, inject, injectable } from 'inversify';
import { z } from 'zod';
import { ConnectorRegistry } from './connector-registry';
import { ShopSource, TenantContext, type CheckResult, type SourcePage } from './contracts';
import { ConfigurationError } from './errors';
import { silentLogger } from './logger';
import { defineConnector } from './manifest';
import { Redactor } from './redactor';
import { createTenantContainer } from './tenant-container';

@injectable()
class CountingSource implements ShopSource {
  private static instances = 0;
  readonly instance = ++CountingSource.instances;
  constructor(@inject(TenantContext) readonly context: TenantContext) {}
  async check(): Promise<CheckResult> {
    return { ok: true };
  }
  async *read(): AsyncIterable<SourcePage> {
    yield { items: [], nextCursor: null };
  }
}

const sourceManifest = defineConnector({
  contractVersion: 1,
  id: 'counting',
  kind: 'source',
  title: 'Counting',
  description: 'test source',
  capabilities: ['read'],
  configSchema: z.object({ shop: z.string() }),
  exampleConfig: { shop: 'demo' },
  createModule: () =>
    new ContainerModule(({ bind }) => {
      bind(ShopSource).to(CountingSource);
    }),
});

describe('connector registry and tenant containers', () => {
  it('refuses duplicate ids and names the known ones on a miss', () => {
    const registry = new ConnectorRegistry([sourceManifest]);
    expect(() => registry.register(sourceManifest)).toThrow(/registered twice/);
    expect(() => registry.get('nope', 'source', 'source.connector')).toThrow(ConfigurationError);
    expect(() => registry.get('nope')).toThrow(/known: counting/);
    expect(() => registry.get('counting', 'sink')).toThrow(/"counting" is a source connector, not a sink connector/);
  });

  it('gives each tenant its own instances', () => {
    const make = (tenant: string) =>
      createTenantContainer({
        tenant,
        runId: 'r1',
        logger: silentLogger,
        redactor: new Redactor(),
        source: { manifest: sourceManifest, config: { shop: 'x' } },
      });
    const a = make('a');
    const b = make('b');
    const sourceA = a.get<CountingSource>(ShopSource);
    expect(a.get<CountingSource>(ShopSource)).toBe(sourceA);
    expect(b.get<CountingSource>(ShopSource)).not.toBe(sourceA);
    expect(sourceA.context.tenant).toBe('a');
    expect(b.get<CountingSource>(ShopSource).context.tenant).toBe('b');
  });

  it('refuses a module that does not bind what its manifest declares', () => {
    const broken = { ...sourceManifest, id: 'broken', createModule: () => new ContainerModule(() => undefined) };
    expect(() =>
      createTenantContainer({
        tenant: 't',
        runId: 'r',
        logger: silentLogger,
        redactor: new Redactor(),
        source: { manifest: broken, config: {} },
      }),
    ).toThrow(/declares ShopSource .* does not bind it/);
  });
});
