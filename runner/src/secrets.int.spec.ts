/**
 * Secrets encrypted at rest, through the real `koppelwerk` process: a secret encrypted from stdin
 * into a tenant file made by `init`, which then checks and syncs against the simulators as with a
 * plain value; the key file 0600 in a 0700 folder; a lost key named per field; `rotate-key` over
 * tenant files (key file and KOPPELWERK_SECRET_KEY) and over the service's tenants table. No
 * secret ever appears in what the processes print nor in any file they leave.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEboekhoudenSimulator, type EboekhoudenSimulator } from '@koppelwerk/eboekhouden/simulator';
import { startMijnwebwinkelSimulator, type RunningMijnwebwinkelSimulator } from '@koppelwerk/mijnwebwinkel/simulator';
import { createRegistry, decryptSecret, encryptSecret, formatSecretKey, generateSecretKey, loadSecretKeyring } from '@koppelwerk/runtime';
import { scratchDir } from '@koppelwerk/runtime/testing';
import { serviceTenantConfig, TenantTable } from '@koppelwerk/service';
import { UsersTableStore } from '@koppelwerk/dashboard';
import { describeWithPostgres } from '@koppelwerk/testing';
import { cli, everyFileText, KOPPELWERK_BIN, SAFETY_TIMEOUT_MS, type CliResult } from './testing/cli-process';

jest.setTimeout(240_000);

const REFERENCE = /\$\{encrypted:v1:([A-Za-z0-9_-]{8}):[A-Za-z0-9_-]+\}/g;
const references = (text: string) => [...text.matchAll(REFERENCE)].map((match) => ({ reference: match[0], keyId: match[1] }));
const mode = (path: string) => statSync(path).mode & 0o777;
const keyLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() && !line.startsWith('#'));

/** `koppelwerk <args>` with `input` on its stdin (the kit's processes get none). */
function cliWithInput(args: string[], input: string, env: NodeJS.ProcessEnv, cwd?: string): Promise<CliResult> {
  const child = spawn(process.execPath, [KOPPELWERK_BIN, ...args], {
    cwd,
    env: { ...process.env, KOPPELWERK_FROM_SOURCE: '1', FORCE_COLOR: '0', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const texts = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (texts.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (texts.stderr += chunk));
  const guard = setTimeout(() => child.kill('SIGKILL'), SAFETY_TIMEOUT_MS);
  child.stdin.end(input);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, ...texts });
    });
  });
}

/** Every process's output, to show at the end that no secret was ever printed. */
const printed: string[] = [];
const keep = <T extends CliResult>(result: T): T => {
  printed.push(result.stdout, result.stderr);
  return result;
};

/** No key from this machine's own environment or database reaches the processes. */
const isolated = (keyFile: string): NodeJS.ProcessEnv => ({ KOPPELWERK_SECRET_KEY: '', KOPPELWERK_NEW_SECRET_KEY: '', KOPPELWERK_DATABASE_URL: '', KOPPELWERK_SECRET_KEY_FILE: keyFile });

describe('secrets encrypted at rest, through the real CLI', () => {
  let bookkeeping: EboekhoudenSimulator;
  let shop: RunningMijnwebwinkelSimulator;

  beforeAll(async () => {
    [bookkeeping, shop] = await Promise.all([startEboekhoudenSimulator({ port: 0 }), startMijnwebwinkelSimulator({ port: 0 })]);
  });

  afterAll(async () => {
    await Promise.all([bookkeeping?.close(), shop?.close()]);
  });

  it('encrypts from stdin into a tenant file made by init, which checks, syncs and survives a key rotation; nothing prints a secret', async () => {
    const dir = scratchDir('secrets');
    const keyFile = join(dir, 'keys', 'koppelwerk', 'secret.key');
    const env = isolated(keyFile);
    const token = shop.credentials.token;
    const code1 = bookkeeping.credentials.securityCode1;

    expect(keep(await cli(['init', '--source', 'mijnwebwinkel', '--tenant', 'vault-shop'], env, undefined, dir)).code).toBe(0);
    const encryptedToken = keep(await cliWithInput(['secrets', 'encrypt'], `${token}\n`, env, dir));
    expect(encryptedToken.code).toBe(0);
    const [first] = references(encryptedToken.stdout);
    expect(encryptedToken.stdout.split('\n')[0]).toBe(first.reference);
    expect(encryptedToken.stdout).toContain(`in the new key file ${keyFile} (mode 0600)`);
    const encryptedCode = keep(await cliWithInput(['--json', 'secrets', 'encrypt'], code1, env, dir));
    expect(encryptedCode.code).toBe(0);
    const json = JSON.parse(encryptedCode.stdout) as { reference: string; keyId: string; keyFile: string; keyFileCreated: boolean };
    expect(json).toEqual({ reference: expect.stringMatching(REFERENCE), keyId: first.keyId, keyFile, keyFileCreated: false });

    // The key file is the owner's alone, and holds one key.
    expect(mode(keyFile)).toBe(0o600);
    expect(mode(join(dir, 'keys', 'koppelwerk'))).toBe(0o700);
    expect(mode(join(dir, 'keys'))).toBe(0o700);
    expect(keyLines(keyFile)).toHaveLength(1);

    // The references in place of the template's variables; the endpoints pointed at the simulators.
    const file = join(dir, 'vault-shop.yaml');
    const template = readFileSync(file, 'utf8');
    const filled = template
      .replace('${env:MIJNWEBWINKEL_TOKEN}', first.reference)
      .replace('${env:EBOEKHOUDEN_SECURITYCODE1}', json.reference)
      .replace(/# endpoint: http:\/\/127\.0\.0\.1:8081\S*/, `endpoint: ${shop.url}`)
      .replace(/# endpoint: http:\/\/127\.0\.0\.1:8080\S*/, `endpoint: ${bookkeeping.endpoint}`)
      .replace(/username: \S+/, `username: ${bookkeeping.credentials.username}`);
    expect(references(filled)).toHaveLength(2);
    writeFileSync(file, filled);
    const plain = { MIJNWEBWINKEL_PARTNER_TOKEN: shop.credentials.partner_token, EBOEKHOUDEN_SECURITYCODE2: bookkeeping.credentials.securityCode2 };

    const check = keep(await cli(['check', 'vault-shop.yaml'], { ...env, ...plain }, undefined, dir));
    expect({ code: check.code, stderr: check.stderr }).toEqual({ code: 0, stderr: '' });
    const sync = keep(await cli(['sync', 'vault-shop.yaml'], { ...env, ...plain }, undefined, dir));
    expect(sync.code).toBe(0);
    expect(bookkeeping.state().administraties[0].mutaties.length).toBeGreaterThan(0);

    // Without the key: a configuration problem at each field, naming the key and where it was looked for.
    const lost = join(dir, 'elsewhere', 'secret.key');
    const withoutKey = keep(await cli(['check', 'vault-shop.yaml'], { ...env, ...plain, KOPPELWERK_SECRET_KEY_FILE: lost }, undefined, dir));
    expect(withoutKey.code).toBe(2);
    expect(withoutKey.stderr).toContain(`source.settings.token: the secret was encrypted with key ${first.keyId}, which this machine does not have`);
    expect(withoutKey.stderr).toContain(`the key file ${lost} (it does not exist)`);
    expect(withoutKey.stderr).toContain('also used by sink.settings.securityCode1');

    // Rotation: new references with a new key, comments kept, the old key gone, the tenant as before.
    chmodSync(file, 0o640);
    const oldKey = keyLines(keyFile)[0];
    // A place without any encrypted secret is most likely the wrong one: nothing changes.
    const empty = join(dir, 'keys');
    const wrongPlace = keep(await cli(['secrets', 'rotate-key', empty], env, undefined, dir));
    expect(wrongPlace.code).toBe(2);
    expect(wrongPlace.stderr).toContain(`${empty}: holds no \${encrypted:..} secret, so nothing was changed`);
    expect(keyLines(keyFile)).toEqual([oldKey]);
    const rotated = keep(await cli(['secrets', 'rotate-key', dir], env, undefined, dir));
    expect(rotated.code).toBe(0);
    const after = readFileSync(file, 'utf8');
    const now = references(after);
    expect(now).toHaveLength(2);
    const newKeyId = now[0].keyId;
    expect(newKeyId).not.toBe(first.keyId);
    expect(now.map((r) => r.keyId)).toEqual([newKeyId, newKeyId]);
    expect(now.map((r) => r.reference)).not.toContain(first.reference);
    expect(after.replace(REFERENCE, 'X')).toBe(filled.replace(REFERENCE, 'X'));
    expect(mode(file)).toBe(0o640);
    expect(rotated.stdout).toContain(`re-encrypted 2 secrets in 1 file with the new key ${newKeyId}`);
    expect(rotated.stdout).toContain(`the key file ${keyFile} now holds only key ${newKeyId} (removed: ${first.keyId})`);
    expect(keyLines(keyFile)).toHaveLength(1);
    expect(readFileSync(keyFile, 'utf8')).not.toContain(oldKey);
    expect(loadSecretKeyring({ KOPPELWERK_SECRET_KEY_FILE: keyFile }).keys.map((key) => key.id)).toEqual([newKeyId]);
    expect(mode(keyFile)).toBe(0o600);
    expect(keep(await cli(['check', 'vault-shop.yaml'], { ...env, ...plain }, undefined, dir)).code).toBe(0);

    // Nothing printed and nothing written holds a secret in clear text.
    for (const secret of [token, code1]) {
      for (const text of printed) expect(text).not.toContain(secret);
      expect(everyFileText(dir)).not.toContain(secret);
    }
  });

  it('refuses an empty stdin, and rotates a KOPPELWERK_SECRET_KEY with KOPPELWERK_NEW_SECRET_KEY, saying to swap them', async () => {
    const dir = scratchDir('secrets-env');
    const noFile = join(dir, 'no', 'secret.key');
    expect(keep(await cliWithInput(['secrets', 'encrypt'], '', isolated(noFile), dir)).code).toBe(64);

    const [current, next] = [generateSecretKey(), generateSecretKey()];
    const env = { ...isolated(noFile), KOPPELWERK_SECRET_KEY: formatSecretKey(current) };
    const encrypted = keep(await cliWithInput(['secrets', 'encrypt'], 'env-kept-secret-7731\r\n', env, dir));
    expect(encrypted.code).toBe(0);
    expect(encrypted.stdout).toContain(`encrypted with key ${current.id} from KOPPELWERK_SECRET_KEY`);
    const [reference] = references(encrypted.stdout);
    const file = join(dir, 'env-shop.yaml');
    writeFileSync(file, `# keep this comment\nsource:\n  settings:\n    token: ${reference.reference}   # and this one\n`);

    const missing = keep(await cli(['secrets', 'rotate-key', file], env, undefined, dir));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('KOPPELWERK_NEW_SECRET_KEY: the key is in KOPPELWERK_SECRET_KEY, so the new one comes from KOPPELWERK_NEW_SECRET_KEY');

    // A secret no key here can read: reported with its file and line, and nothing changes.
    const stranger = join(dir, 'stranger.yaml');
    writeFileSync(stranger, `tenant: stranger\n\nsecret: ${encryptSecret('not ours', generateSecretKey())}\n`);
    const refused = keep(await cli(['secrets', 'rotate-key', file, stranger], { ...env, KOPPELWERK_NEW_SECRET_KEY: next.bytes.toString('hex') }, undefined, dir));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('rotate-key changed nothing');
    expect(refused.stderr).toContain(`${stranger}, line 3: the secret was encrypted with key`);
    expect(references(readFileSync(file, 'utf8'))[0].keyId).toBe(current.id);

    const rotated = keep(await cli(['secrets', 'rotate-key', file], { ...env, KOPPELWERK_NEW_SECRET_KEY: next.bytes.toString('hex') }, undefined, dir));
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain(`re-encrypted 1 secret in 1 file with the new key ${next.id}`);
    expect(rotated.stdout).toContain(`now set KOPPELWERK_SECRET_KEY to the value of KOPPELWERK_NEW_SECRET_KEY (key ${next.id})`);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# keep this comment\n[\s\S]*# and this one\n$/);
    const [now] = references(text);
    expect(now.keyId).toBe(next.id);
    // After the swap, the new key alone reads it; the trailing newline was not part of the secret.
    expect(decryptSecret(now.reference, loadSecretKeyring({ KOPPELWERK_SECRET_KEY: formatSecretKey(next) }))).toBe('env-kept-secret-7731');
    expect(everyFileText(join(dir, 'no'))).toBe('');
    for (const output of printed) expect(output).not.toContain('env-kept-secret-7731');
  });
});

/** `script` (util-linux) gives a process a terminal, as a person typing has. */
const SCRIPT = '/usr/bin/script';

describe('typing a secret in a terminal', () => {
  /** `koppelwerk secrets encrypt` in a terminal: `typed` is typed once the prompt shows. */
  function typeInTerminal(typed: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
    const command = [process.execPath, KOPPELWERK_BIN, 'secrets', 'encrypt'].map((word) => `'${word}'`).join(' ');
    const child = spawn(SCRIPT, ['-qec', command, '/dev/null'], { env: { ...process.env, KOPPELWERK_FROM_SOURCE: '1', FORCE_COLOR: '0', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let sent = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!sent && stdout.includes('then Enter: ')) {
        sent = true;
        child.stdin.write(typed);
      }
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), SAFETY_TIMEOUT_MS);
    return new Promise((resolve) => child.on('close', (code, signal) => {
      clearTimeout(guard);
      child.stdin.destroy();
      resolve({ code, signal, stdout, stderr: '' });
    }));
  }

  (existsSync(SCRIPT) ? it : it.skip)('is not shown, Enter ends it, and Ctrl-C stops with exit 130', async () => {
    const dir = scratchDir('secrets-terminal');
    const env = isolated(join(dir, 'secret.key'));
    const typed = keep(await typeInTerminal('typed-secret-6620\r', env));
    expect(typed.code).toBe(0);
    expect(typed.stdout).not.toContain('typed-secret-6620');
    const [reference] = references(typed.stdout);
    expect(decryptSecret(reference.reference, loadSecretKeyring({ KOPPELWERK_SECRET_KEY_FILE: join(dir, 'secret.key') }))).toBe('typed-secret-6620');

    const stopped = keep(await typeInTerminal('half-typed\u0003', env));
    expect(stopped.code).toBe(130);
    expect(references(stopped.stdout)).toEqual([]);
    expect(stopped.stdout).not.toContain('half-typed');
  });
});

describe('a key rotation that stops halfway', () => {
  it('leaves every secret readable (new key first, old kept) and completes when run again', async () => {
    const dir = scratchDir('secrets-halfway');
    const keyFile = join(dir, 'secret.key');
    const env = isolated(keyFile);
    const encrypted = keep(await cliWithInput(['secrets', 'encrypt'], 'halfway-secret-9931', env, dir));
    const [first] = references(encrypted.stdout);
    const tenants = join(dir, 'tenants');
    mkdirSync(tenants);
    const done = join(tenants, 'a-shop.yaml');
    // A name so long that no temporary file can be made beside it: writing it fails, as a full disk would.
    const stuck = join(tenants, `z-${'x'.repeat(238)}.yaml`);
    for (const file of [done, stuck]) writeFileSync(file, `tenant: t\nsecret: ${first.reference}\n`);

    const stopped = keep(await cli(['secrets', 'rotate-key', tenants], env, undefined, dir));
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toContain('cannot write it again (it is unchanged): ENAMETOOLONG');
    expect(stopped.stderr).toContain(`the rotation stopped halfway: the key file ${keyFile} holds the new key`);
    const keyring = loadSecretKeyring({ KOPPELWERK_SECRET_KEY_FILE: keyFile });
    expect(keyring.keys.map((key) => key.id)).toEqual([expect.any(String), first.keyId]);
    const [halfway] = references(readFileSync(done, 'utf8'));
    expect(halfway.keyId).toBe(keyring.keys[0].id);
    expect(references(readFileSync(stuck, 'utf8'))[0].keyId).toBe(first.keyId);
    for (const file of [done, stuck]) expect(decryptSecret(references(readFileSync(file, 'utf8'))[0].reference, keyring)).toBe('halfway-secret-9931');

    renameSync(stuck, join(tenants, 'z-shop.yaml'));
    const again = keep(await cli(['secrets', 'rotate-key', tenants], env, undefined, dir));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('re-encrypted 2 secrets in 2 files');
    const final = loadSecretKeyring({ KOPPELWERK_SECRET_KEY_FILE: keyFile });
    expect(final.keys).toHaveLength(1);
    for (const file of [done, join(tenants, 'z-shop.yaml')]) expect(decryptSecret(references(readFileSync(file, 'utf8'))[0].reference, final)).toBe('halfway-secret-9931');
    for (const output of printed) expect(output).not.toContain('halfway-secret-9931');
  });
});

describeWithPostgres('secrets rotate-key over the service database', (database) => {
  it("re-encrypts the tenants table's rows in place, leaving rows without encrypted secrets alone", async () => {
    const dir = scratchDir('secrets-service');
    const keyFile = join(dir, 'secret.key');
    const env = isolated(keyFile);
    const token = 'service-row-token-55120';
    const encrypted = keep(await cliWithInput(['secrets', 'encrypt'], token, env, dir));
    expect(encrypted.code).toBe(0);
    const [first] = references(encrypted.stdout);
    const yaml = [
      '# stored as written',
      'tenant: vault-row',
      'source:',
      '  connector: mijnwebwinkel',
      '  settings:',
      `    token: ${first.reference}`,
      '    partner_token: ${env:VAULT_PARTNER}',
      'sink:',
      '  connector: eboekhouden',
      '  settings: { username: abcdefg, securityCode1: "${env:VAULT_CODE1}", securityCode2: "${env:VAULT_CODE2}" }',
      '',
    ].join('\n');
    const plainRow = yaml.replace(first.reference, '${env:VAULT_TOKEN}').replace('vault-row', 'plain-row');
    const table = await TenantTable.open(database().url);
    // A dashboard user's second factor is encrypted with the same key: rotated with the tenants.
    const totp = keep(await cliWithInput(['secrets', 'encrypt'], 'JBSWY3DPEHPK3PXP', env, dir));
    const [factor] = references(totp.stdout);
    const users = new UsersTableStore(table.pool);
    try {
      await table.upsert('vault-row', yaml, 60, true);
      await table.upsert('plain-row', plainRow, 60, true);
      await users.add({ name: 'beheer', role: 'operator', passwordHash: 'scrypt$1024$8$1$c2FsdA$aGFzaA', totpSecret: factor.reference });
      const before = await table.get('plain-row');

      const rotated = keep(await cli(['secrets', 'rotate-key', '--database', database().url], env, undefined, dir));
      expect({ code: rotated.code, stderr: rotated.stderr }).toEqual({ code: 0, stderr: '' });
      const row = (await table.get('vault-row'))!;
      const [now] = references(row.configYaml);
      expect(now.keyId).not.toBe(first.keyId);
      expect(rotated.stdout).toContain(`re-encrypted 2 secrets in 0 files and 2 database rows with the new key ${now.keyId}`);
      const rotatedFactor = (await users.find('beheer'))!.totpSecret!;
      expect(references(rotatedFactor)[0].keyId).toBe(now.keyId);
      expect(decryptSecret(rotatedFactor, loadSecretKeyring({ KOPPELWERK_SECRET_KEY_FILE: keyFile }))).toBe('JBSWY3DPEHPK3PXP');
      expect(row.configYaml.replace(REFERENCE, 'X')).toBe(yaml.replace(REFERENCE, 'X'));
      expect(await table.get('plain-row')).toEqual(before);
      expect(loadSecretKeyring({ KOPPELWERK_SECRET_KEY_FILE: keyFile }).keys.map((key) => key.id)).toEqual([now.keyId]);

      // A worker with the new key file loads the row as before.
      const workerEnv = { KOPPELWERK_SECRET_KEY_FILE: keyFile, VAULT_PARTNER: 'partner-1234', VAULT_CODE1: '0123456789abcdef0123456789abcdef', VAULT_CODE2: '01234567-89AB-4CDE-8F01-23456789ABCD' };
      const config = serviceTenantConfig('vault-row', row.configYaml, createRegistry(), workerEnv, dir);
      expect((config.source.config as { token: string }).token).toBe(token);
      expect(config.secrets).toContain(token);
      for (const output of printed) expect(output).not.toContain(token);
    } finally {
      await table.close();
    }
  });
});
