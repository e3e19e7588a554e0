import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '@koppelwerk/core';
import { stringify } from 'yaml';
import { createRegistry } from './connectors';
import { encryptSecret, generateSecretKey } from './secrets/secret-box';
import { encryptionKey, writeSecretKeyFile } from './secrets/secret-key';
import { loadTenantConfig, tenantConfigFromObject } from './tenant-config';
import { scratchDir } from './testing/scratch-dir';

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

describe('encrypted secrets in a tenant file', () => {
  const token = 'mwv-token-4d1f0c9e';
  const code1 = '0123456789abcdef0123456789abcdef';
  const sinkSettings = (securityCode1: string) => ({ username: 'abcdefg', securityCode1, securityCode2: '01234567-89AB-4CDE-8F01-23456789ABCD' });

  /** A tenant file with the shop token and security code 1 encrypted; returns it and the key file's env. */
  function encryptedTenant() {
    const dir = scratchDir('encrypted-tenant');
    const env = { KOPPELWERK_SECRET_KEY_FILE: join(dir, 'keys', 'secret.key') };
    const { key } = encryptionKey(env);
    const file = join(dir, 'shop.yaml');
    writeFileSync(
      file,
      stringify({
        tenant: 'shop',
        source: { connector: 'mijnwebwinkel', settings: { token: encryptSecret(token, key), partner_token: 'partner-token' } },
        sink: { connector: 'eboekhouden', settings: sinkSettings(encryptSecret(code1, key)) },
      }),
    );
    return { dir, env, file, key };
  }

  it('loads like a plain value, and the decrypted values are secrets for the redactor', () => {
    const { env, file } = encryptedTenant();
    const config = loadTenantConfig(file, createRegistry(), { env });
    expect((config.source.config as { token: string }).token).toBe(token);
    expect((config.sink.config as { securityCode1: string }).securityCode1).toBe(code1);
    expect(config.secrets).toEqual(expect.arrayContaining([token, code1]));
  });

  it('without the key, each field is a configuration problem at its path naming the key id and where the key was looked for', () => {
    const { dir, file, key } = encryptedTenant();
    const elsewhere = join(dir, 'other', 'secret.key');
    const env = { KOPPELWERK_SECRET_KEY_FILE: elsewhere };
    let error: unknown;
    try {
      loadTenantConfig(file, createRegistry(), { env });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const problems = (error as ConfigurationError).problems;
    expect(problems).toEqual([
      {
        path: 'source.settings.token',
        message: expect.stringContaining(`the secret was encrypted with key ${key.id}, which this machine does not have (looked in KOPPELWERK_SECRET_KEY (not set) and the key file ${elsewhere} (it does not exist))`),
      },
    ]);
    expect(problems[0].message).toContain('(also used by sink.settings.securityCode1)');
    expect((error as Error).message).not.toContain(token);
    expect((error as Error).message).not.toContain('encrypted:v1');

    // Another key in the key file: the same, naming that file.
    writeSecretKeyFile(elsewhere, [generateSecretKey()]);
    expect(() => loadTenantConfig(file, createRegistry(), { env })).toThrow(`looked in the key file ${elsewhere})`);
  });

  it('a machine that leaves references to the worker leaves one whose key it lacks too, but not a damaged one', () => {
    const { file, key } = encryptedTenant();
    const deferred = new Set<string>();
    const registry = createRegistry();
    const raw = { tenant: 'shop', source: { connector: 'mijnwebwinkel', settings: { token: encryptSecret(token, key), partner_token: 'partner-token' } }, sink: { connector: 'eboekhouden', settings: sinkSettings(code1) } };
    expect(() => tenantConfigFromObject(raw, file, registry, { env: { KOPPELWERK_SECRET_KEY: generateSecretKey().bytes.toString('hex') }, deferReferences: deferred })).not.toThrow();
    expect([...deferred]).toEqual(['source.settings.token']);

    // One character of the data changed (to another than it was): the tag no longer authenticates.
    const damaged = encryptSecret(token, key).replace(/(.)(.)\}$/, (_, before: string, last: string) => `${before === 'A' ? 'B' : 'A'}${last}}`);
    deferred.clear();
    const keyring = { keys: [key], origin: 'the test key' };
    let problems: unknown;
    try {
      tenantConfigFromObject({ ...raw, source: { ...raw.source, settings: { ...raw.source.settings, token: damaged } } }, file, registry, { env: {}, keyring, deferReferences: deferred });
    } catch (error) {
      problems = (error as ConfigurationError).problems;
    }
    expect(problems).toEqual([{ path: 'source.settings.token', message: expect.stringContaining(`does not authenticate with key ${key.id}`) }]);
  });

  it('a KOPPELWERK_SECRET_KEY that is no key is a problem at each encrypted field, without the value', () => {
    const { file } = encryptedTenant();
    let error: ConfigurationError | undefined;
    try {
      loadTenantConfig(file, createRegistry(), { env: { KOPPELWERK_SECRET_KEY: 'my-password-not-a-key' } });
    } catch (thrown) {
      error = thrown as ConfigurationError;
    }
    expect(error?.problems).toEqual([{ path: 'source.settings.token', message: expect.stringMatching(/^cannot decrypt: KOPPELWERK_SECRET_KEY: is not a secret key.*\(also used by sink.settings.securityCode1\)$/) }]);
    expect(error?.message).not.toContain('my-password-not-a-key');
  });
});
