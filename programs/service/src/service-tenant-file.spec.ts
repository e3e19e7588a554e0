import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '@koppelwerk/core';
import { stringify } from 'yaml';
import { createRegistry } from '@koppelwerk/runtime';
import { scratchDir } from '@koppelwerk/runtime/testing';
import { readServiceTenantFile, serviceTenantConfig } from './service-tenant-file';

const registry = createRegistry();
const CODE1 = '0123456789abcdef0123456789abcdef';
const CODE2 = '01234567-89AB-4CDE-8F01-23456789ABCD';

function tenantFile(settings: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const file = join(scratchDir('service-file'), 'shop.yaml');
  writeFileSync(
    file,
    stringify({
      tenant: 'shop',
      source: { connector: 'mijnwebwinkel', settings: { token: '${env:SHOP_TOKEN}', partner_token: '${file:secrets/partner}' } },
      sink: { connector: 'eboekhouden', settings: { username: 'bakker01', securityCode1: '${env:CODE1}', securityCode2: '${env:CODE2}', ...settings } },
      ...extra,
    }),
  );
  return file;
}

function problemsOf(file: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    readServiceTenantFile(file, registry, env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('tenant files for the service database', () => {
  it('accepts references this machine cannot resolve, leaving them to the worker, and keeps the text as written', () => {
    const file = tenantFile({}, { schedule: { everyMinutes: 7 } });
    const checked = readServiceTenantFile(file, registry, {});
    expect(checked).toMatchObject({ tenant: 'shop', everyMinutes: 7, scheduleEnabled: true });
    expect(checked.deferred.sort()).toEqual(['sink.settings.securityCode1', 'sink.settings.securityCode2', 'source.settings.partner_token', 'source.settings.token']);
    expect(checked.yaml).toContain('${env:CODE1}');
  });

  it('refuses a written-out secret without echoing it, and lists it with every other problem', () => {
    const problems = problemsOf(tenantFile({ username: 'abc', securityCode2: CODE2 }, { schedule: { everyMinutes: 0 } }));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^sink\.settings\.securityCode2: a secret must be a reference/),
        expect.stringMatching(/^sink\.settings\.username: .*at least 6 characters/),
        expect.stringMatching(/^schedule\.everyMinutes: /),
      ]),
    );
    expect(problems.join('\n')).not.toContain(CODE2);
  });

  it('still checks a reference that resolves here', () => {
    expect(problemsOf(tenantFile({}), { CODE1: 'not-a-code', CODE2 })).toEqual([expect.stringMatching(/^sink\.settings\.securityCode1: security code 1 must be/)]);
  });

  it("the worker resolves the stored text with its own environment and names what is missing", () => {
    const yaml = readServiceTenantFile(tenantFile({ securityCode1: '${env:CODE1}' }), registry, {}).yaml.replace('${file:secrets/partner}', '${env:PARTNER}');
    const config = serviceTenantConfig('shop', yaml, registry, { SHOP_TOKEN: 't', PARTNER: 'p', CODE1, CODE2 });
    expect(config.secrets).toEqual(expect.arrayContaining([CODE1, CODE2, 't', 'p']));
    expect(() => serviceTenantConfig('shop', yaml, registry, {})).toThrow(/environment variable CODE1 is not set/);
  });
});
