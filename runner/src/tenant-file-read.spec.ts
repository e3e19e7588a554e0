/**
 * A tenant file that cannot be read says why and where it was looked for, the same way in every
 * place that reads one: the commands, the service's `tenants add`, the dashboard and `disconnect`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError, renderMessage } from '@koppelwerk/core';
import { createRegistry, loadTenantConfig, readTenantFile, tenantConfigFromObject, unreadableFileReason } from '@koppelwerk/runtime';
import { disconnectCommand } from './commands/disconnect-command';
import { TenantFiles } from '@koppelwerk/dashboard';
import { readServiceTenantFile } from '@koppelwerk/service';
import { captureOutput, scratchDir } from '@koppelwerk/runtime/testing';

const registry = createRegistry();

/** The problems of a ConfigurationError thrown (sync or async) by `read`. */
async function problemsOf(read: () => unknown): Promise<{ path: string; message: string }[]> {
  try {
    await read();
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems.map(({ path, message }) => ({ path, message }));
    throw error;
  }
  throw new Error('the file was read');
}

describe('a tenant file that cannot be read', () => {
  let dir: string;
  beforeEach(() => {
    dir = scratchDir('tenant-file-read');
  });

  it('says it does not exist, where it was looked for, and how to write one: in every reader alike', async () => {
    const missing = join(dir, 'nope.yaml');
    const expected = [
      { path: missing, message: `cannot read the tenant file: it does not exist (looked for ${missing}); \`koppelwerk init --source <connector>\` writes a new one` },
    ];
    expect(await problemsOf(() => readTenantFile(missing))).toEqual(expected);
    // A Dutch page says the same in Dutch.
    const [problem] = (() => {
      try {
        readTenantFile(missing);
      } catch (error) {
        return (error as ConfigurationError).problems;
      }
      return [];
    })();
    expect(renderMessage(problem.code, problem.params, 'nl', problem.message)).toEqual({
      text: `het koppelingsbestand is niet te lezen: het bestaat niet (gezocht: ${missing}); \`koppelwerk init --source <koppeling>\` schrijft een nieuw`,
      translated: true,
    });
    expect(await problemsOf(() => loadTenantConfig(missing, registry))).toEqual(expected);
    expect(await problemsOf(() => readServiceTenantFile(missing, registry))).toEqual(expected);
    expect(await problemsOf(() => disconnectCommand(registry, missing, { side: 'sink' }, captureOutput().output))).toEqual(expected);
    // The dashboard is given a file or a directory: it says so, with the same reason.
    expect(await problemsOf(() => new TenantFiles(missing, registry).scan())).toEqual([
      { path: missing, message: `cannot read this tenant file or directory of tenant files: it does not exist (looked for ${missing})` },
    ]);
  });

  it('says a directory is a directory, and a missing folder on the way is a missing file', async () => {
    const folder = join(dir, 'tenants.yaml');
    mkdirSync(folder);
    expect(await problemsOf(() => loadTenantConfig(folder, registry))).toEqual([{ path: folder, message: `cannot read the tenant file: ${folder} is a directory, not a file` }]);
    const file = join(dir, 'plain');
    writeFileSync(file, '');
    expect((await problemsOf(() => readTenantFile(join(file, 'shop.yaml'))))[0].message).toBe(
      `cannot read the tenant file: it does not exist: a folder on the way to ${join(file, 'shop.yaml')} is a file`,
    );
  });

  it('names a missing permission with the path, and any other failure by its code', () => {
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    expect(unreadableFileReason(denied, '/srv/tenants/shop.yaml')).toBe('no permission to read /srv/tenants/shop.yaml (EACCES)');
    expect(unreadableFileReason(Object.assign(new Error('too many'), { code: 'EMFILE' }), '/srv/shop.yaml')).toBe('/srv/shop.yaml: EMFILE');
  });

  it('a ${file:} reference that cannot be read says the same, with the path it resolved to', async () => {
    const raw = {
      tenant: 'shop',
      source: { connector: 'mijnwebwinkel', settings: { token: '${file:secrets/token.txt}', partner_token: 'partner-token' } },
      sink: { connector: 'eboekhouden', settings: { username: 'demo.koppelwerk', securityCode1: 'a'.repeat(32), securityCode2: 'C0FFEE00-1234-4ABC-9DEF-0123456789AB' } },
    };
    const problems = await problemsOf(() => tenantConfigFromObject(raw, join(dir, 'shop.yaml'), registry, { env: {} }));
    expect(problems).toContainEqual({
      path: 'source.settings.token',
      message: `cannot read the file secrets/token.txt: it does not exist (looked for ${join(dir, 'secrets', 'token.txt')})`,
    });
  });
});
