import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError, ExitCode, collectSecrets, defineConnector, secret, type ConnectorManifest } from '@koppelwerk/core';
import { ContainerModule } from 'inversify';
import { parse } from 'yaml';
import { z } from 'zod';
import { createRegistry, tenantConfigFromObject } from '@koppelwerk/runtime';
import { runCommand, scratchDir } from '@koppelwerk/runtime/testing';
import { UsageError } from '@koppelwerk/core/errors';
import { endpointInfo } from './describe-command';
import { envName, templatePort, tenantTemplate } from '@koppelwerk/runtime';
import { initCommand } from './init-command';

const manifest = (id: string, kind: 'source' | 'sink', configSchema: z.ZodType = z.object({ apiToken: secret(z.string()), shopName: z.string(), endpoint: z.string().optional() }), exampleConfig: Record<string, unknown> = { apiToken: 'x', shopName: 'Demo' }) =>
  defineConnector({
  contractVersion: 1,
    id,
    kind,
    title: id,
    description: id,
    capabilities: kind === 'source' ? ['read'] : ['journal'],
    configSchema,
    exampleConfig,
    createModule: () => new ContainerModule(() => undefined),
  });

const registry = createRegistry();
const sink = registry.get('eboekhouden', 'sink');

/** The lines of one top-level section (`source:` up to the next top-level key). */
function section(text: string, name: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(`${name}:`);
  const end = lines.findIndex((line, i) => i > start && /^[a-z]/i.test(line));
  return lines.slice(start, end === -1 ? undefined : end);
}

/**
 * What a newcomer does with the template for the connectors' own simulators: every `${env:NAME}`
 * set to the demo login (the manifests' example values), the two `endpoint` lines uncommented.
 */
function filledIn(text: string, source: ConnectorManifest): { raw: unknown; env: NodeJS.ProcessEnv } {
  const env: NodeJS.ProcessEnv = {};
  for (const side of [source, sink]) {
    const example = side.exampleConfig as Record<string, unknown>;
    for (const [, name, variable] of section(text, side.kind).join('\n').matchAll(/^ {4}(\w+): \$\{env:([A-Z0-9_]+)\}/gm)) env[variable] = String(example[name]);
  }
  const uncommented = text.replace(/^ {2}# endpoint: (\S+).*$/gm, '  endpoint: $1');
  return { raw: parse(uncommented), env };
}

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

  it('renders settings from the schema: defaults of any shape stay inside their comment, and only what the schema needs is written out', () => {
    const schema = z
      .object({
        token: secret(z.string().min(1)),
        shopName: z.string(),
        statuses: z.array(z.string()).min(1).default(['Betaald', 'Verzonden']),
        export: z.object({ enabled: z.boolean().default(true), status: z.string().default('klaar') }).strict().prefault({}),
        since: z.iso.date().optional(),
        pageSize: z.number().int().min(1).max(100).default(50),
      })
      .strict();
    const text = tenantTemplate('shop', manifest('acme-shop', 'source', schema, { token: 'x' }), sink);
    const settings = section(text, 'source').slice(section(text, 'source').indexOf('  settings:') + 1);
    // Every line of a commented default is commented: nothing spills into the file.
    for (const line of settings.filter((l) => /statuses|Betaald|Verzonden|export|enabled|status:|since|pageSize/.test(l))) expect(line).toMatch(/^ {4}# /);
    expect(settings).toContain('    # statuses:   # the default');
    expect(settings).toContain('    #   - Betaald');
    expect(settings).toContain('    #   enabled: true');
    expect(settings.find((l) => l.includes('since:'))).toMatch(/optional; a date, YYYY-MM-DD/);
    // The one required field without an example is written out, never as a commented guess.
    expect(settings.find((l) => l.includes('shopName'))).toMatch(/^ {4}shopName: ""\s+# required; text/);
    const parsed = parse(text) as { source: { settings: Record<string, unknown> } };
    expect(Object.keys(parsed.source.settings)).toEqual(['token', 'shopName']);
    // Uncommenting every default as it stands (each line of it) gives what the schema makes of a missing value.
    const withDefaults = text
      .split('\n')
      .map((line) => (/^ {4}# /.test(line) && !line.includes('optional;') ? line.replace('# ', '').replace(/\s+# the default$/, '') : line))
      .join('\n');
    const uncommented = (parse(withDefaults) as { source: { settings: Record<string, unknown> } }).source.settings;
    expect(Object.keys(uncommented).sort()).toEqual(['export', 'pageSize', 'shopName', 'statuses', 'token']);
    expect(schema.parse({ ...uncommented, token: 'x', shopName: 'Demo' })).toEqual(schema.parse({ token: 'x', shopName: 'Demo' }));
  });

  it.each(registry.list().filter((m) => m.kind === 'source').map((m) => [m.id, m] as const))(
    'for %s: loads once the simulator logins are in the environment and the endpoint lines are uncommented',
    (_id, source) => {
      const text = tenantTemplate('try-it', source, sink);
      expect(text).not.toMatch(/undefined/);
      const { raw, env } = filledIn(text, source);
      const config = tenantConfigFromObject(raw, '/tenants/try-it.yaml', registry, { env });
      expect(config).toMatchObject({ tenant: 'try-it', source: { manifest: { id: source.id } }, sink: { manifest: { id: 'eboekhouden' } } });
      // The endpoints came from the uncommented lines, at `<side>.endpoint`.
      expect((config.source.config as { endpoint?: string }).endpoint).toBe(`http://127.0.0.1:${source.simulator!.port}`);
      expect((config.sink.config as { endpoint?: string }).endpoint).toBe('http://127.0.0.1:8080/soap.asmx');
      // Secrets live in the environment, never in the file.
      for (const value of [...collectSecrets(source.configSchema, config.source.config), ...collectSecrets(sink.configSchema, config.sink.config)]) {
        expect(text).not.toContain(value);
      }
    },
  );

  it("gives every connector's simulator a port of its own, so all four source templates can be tried at once with e-Boekhouden's", () => {
    const ports = registry.list().map((manifest) => templatePort(manifest));
    expect(registry.list().every((manifest) => manifest.simulator?.port !== undefined)).toBe(true);
    expect(new Set(ports).size).toBe(ports.length);
    for (const source of registry.list('source')) {
      // One source of truth: the template's endpoint line, its simulate line and the manifest's example login agree.
      const text = tenantTemplate('try-it', source, sink);
      const port = source.simulator!.port!;
      expect(section(text, 'source')).toContain(`  #   \`koppelwerk simulate ${source.id} --port ${port}\` prints this line as "endpoint http://127.0.0.1:${port}"`);
      expect((source.exampleConfig as { endpoint?: string }).endpoint).toBe(`http://127.0.0.1:${port}`);
    }
  });

  it("takes a connector package's simulator port from its example endpoint when its manifest names none", () => {
    const simulator = { start: () => Promise.reject(new Error('not started here')) };
    const withEndpoint = { ...manifest('acme-shop', 'source', undefined, { apiToken: 'x', shopName: 'Demo', endpoint: 'http://127.0.0.1:8090' }), simulator };
    expect(templatePort(withEndpoint)).toBe(8090);
    expect(section(tenantTemplate('try-it', withEndpoint, sink), 'source')).toContain('  # endpoint: http://127.0.0.1:8090   # only for a simulator or test system; left out: the real acme-shop.');
    expect(templatePort({ ...manifest('acme-books', 'sink'), simulator })).toBe(8080);
  });

  it('puts the endpoint where describe shows it and where configuration errors name it', () => {
    const source = registry.get('mijnwebwinkel', 'source');
    const text = tenantTemplate('try-it', source, sink);
    expect(section(text, 'source')).toContain('  # endpoint: http://127.0.0.1:8081   # only for a simulator or test system; left out: the real Mijnwebwinkel.');
    expect(section(text, 'sink').some((line) => line.startsWith('  # endpoint: http://127.0.0.1:8080/soap.asmx '))).toBe(true);
    expect(endpointInfo(sink)).toEqual({ key: 'sink.endpoint', simulator: 'http://127.0.0.1:<port>/soap.asmx' });
    expect(endpointInfo(source)).toEqual({ key: 'source.endpoint', simulator: 'http://127.0.0.1:<port>' });
    const { raw, env } = filledIn(text.replace('# endpoint: http://127.0.0.1:8080/soap.asmx', '# endpoint: http//127.0.0.1:8080/soap.asmx'), source);
    try {
      tenantConfigFromObject(raw, '/tenants/try-it.yaml', registry, { env });
      throw new Error('a broken endpoint was accepted');
    } catch (error) {
      expect((error as ConfigurationError).problems.map((p) => p.path)).toEqual(['sink.endpoint']);
    }
  });
});

describe('init command', () => {
  it('refuses a tenant name the tenant file would refuse, as wrong usage, before writing anything', async () => {
    const dir = scratchDir('init');
    for (const tenant of ['my shop', '../elsewhere', '-shop', '']) {
      const file = join(dir, 'refused.yaml');
      const result = await runCommand(async (output) => initCommand(registry, { source: 'mijnwebwinkel', sink: 'eboekhouden', tenant, file }, output));
      expect(result.code).toBe(ExitCode.usage);
      expect(result.stderr).toMatch(/cannot name a tenant: letters, digits, - and _ only/);
      expect(existsSync(file)).toBe(false);
    }
  });

  it('refuses a connector that does not fit as wrong usage (exit 64), naming the ones it can use, before writing anything', async () => {
    const file = join(scratchDir('init'), 'refused.yaml');
    const init = (source: string, sink: string) => runCommand(async (output) => initCommand(registry, { source, sink, tenant: 'shop', file }, output));
    const unknown = init('shopify', 'eboekhouden');
    await expect(unknown).rejects.toBeInstanceOf(UsageError);
    await expect(unknown).rejects.toThrow(
      '--source "shopify": no source connector of that name is built in or installed here; the source connectors this koppelwerk can use: mijnwebwinkel, factuursturen, werkbonapp, stella',
    );
    expect(new UsageError('x').exitCode).toBe(ExitCode.usage);
    await expect(init('mijnwebwinkel', 'stella')).rejects.toThrow('--sink "stella": stella is a source connector, not a sink; the sink connectors this koppelwerk can use: eboekhouden');
    expect(existsSync(file)).toBe(false);
  });

  it('writes the file and says how to try it on the simulators', async () => {
    const file = join(scratchDir('init'), 'shop.yaml');
    const result = await runCommand(async (output) => initCommand(registry, { source: 'stella', sink: 'eboekhouden', tenant: 'shop_2', file }, output));
    expect(result.code).toBe(ExitCode.ok);
    expect(result.stdout).toContain('`koppelwerk simulate stella --port 8084` and `koppelwerk simulate eboekhouden --port 8080`');
    expect(existsSync(file)).toBe(true);
  });
});
