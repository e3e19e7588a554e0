import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '@koppelwerk/core';
import { scratchDir } from '../testing/scratch-dir';
import { decryptSecret, encryptSecret, generateSecretKey } from './secret-box';
import { encryptionKey, formatSecretKey, loadSecretKeyring, secretKeyFilePath, writeSecretKeyFile } from './secret-key';

const mode = (path: string) => statSync(path).mode & 0o777;

/** The ConfigurationError a call throws. */
function refusal(call: () => unknown): ConfigurationError {
  try {
    call();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('it was accepted');
}

describe('the secret keyring', () => {
  let dir: string;
  beforeEach(() => {
    dir = scratchDir('secret-key');
  });

  it('takes KOPPELWERK_SECRET_KEY as base64 or as 64 hex characters, before any key file', () => {
    const key = generateSecretKey();
    const file = join(dir, 'secret.key');
    writeSecretKeyFile(file, [generateSecretKey()]);
    for (const written of [key.bytes.toString('base64'), key.bytes.toString('hex'), key.bytes.toString('base64url'), `  ${key.bytes.toString('hex').toUpperCase()}\n`]) {
      const keyring = loadSecretKeyring({ KOPPELWERK_SECRET_KEY: written, KOPPELWERK_SECRET_KEY_FILE: file });
      expect(keyring.keys.map((k) => k.id)).toEqual([key.id]);
      expect(keyring.origin).toBe('KOPPELWERK_SECRET_KEY');
      expect(keyring.file).toBeUndefined();
    }
  });

  it('refuses a KOPPELWERK_SECRET_KEY that is no 32-byte key, naming the variable and never echoing it', () => {
    const wrong = [
      'hunter2-my-password',
      Buffer.alloc(31, 1).toString('base64'),
      Buffer.alloc(33, 1).toString('base64'),
      'ab'.repeat(31) + 'zz',
      Buffer.alloc(32, 1).toString('hex').slice(1),
    ];
    for (const value of wrong) {
      const error = refusal(() => loadSecretKeyring({ KOPPELWERK_SECRET_KEY: value }));
      expect(error.problems).toEqual([{ path: 'KOPPELWERK_SECRET_KEY', message: expect.stringContaining('is not a secret key: it must be 32 bytes written as base64') }]);
      expect(error.message).not.toContain(value);
    }
    const next = refusal(() => loadSecretKeyring({ KOPPELWERK_SECRET_KEY: formatSecretKey(generateSecretKey()), KOPPELWERK_NEW_SECRET_KEY: 'not-a-key-at-all' }));
    expect(next.problems[0].path).toBe('KOPPELWERK_NEW_SECRET_KEY');
  });

  it('looks for the key file in KOPPELWERK_SECRET_KEY_FILE, else $XDG_CONFIG_HOME/koppelwerk, else ~/.config/koppelwerk', () => {
    const home = scratchDir('secret-key-home');
    const config = join(home, 'config');
    const named = join(home, 'keys', 'k.key');
    expect(secretKeyFilePath({ KOPPELWERK_SECRET_KEY_FILE: named, XDG_CONFIG_HOME: config })).toBe(named);
    expect(secretKeyFilePath({ XDG_CONFIG_HOME: config, HOME: home })).toBe(join(config, 'koppelwerk', 'secret.key'));
    expect(secretKeyFilePath({ HOME: home })).toBe(join(home, '.config', 'koppelwerk', 'secret.key'));
    expect(secretKeyFilePath({ HOME: home, KOPPELWERK_SECRET_KEY_FILE: '' })).toBe(join(home, '.config', 'koppelwerk', 'secret.key'));
  });

  it('never creates the key file to decrypt; the first encryption creates it 0600 in a 0700 folder', () => {
    const file = join(dir, 'new', 'folder', 'secret.key');
    const env = { KOPPELWERK_SECRET_KEY_FILE: file };
    const empty = loadSecretKeyring(env);
    expect(empty.keys).toEqual([]);
    expect(empty.origin).toBe(`KOPPELWERK_SECRET_KEY (not set) and the key file ${file} (it does not exist)`);
    expect(existsSync(join(dir, 'new'))).toBe(false);

    const first = encryptionKey(env);
    expect(first.created).toBe(true);
    expect(first.file).toBe(file);
    expect(mode(file)).toBe(0o600);
    expect(mode(join(dir, 'new', 'folder'))).toBe(0o700);
    expect(mode(join(dir, 'new'))).toBe(0o700);
    const again = encryptionKey(env);
    expect(again.created).toBe(false);
    expect(again.key.id).toBe(first.key.id);
    expect(loadSecretKeyring(env).keys.map((k) => k.id)).toEqual([first.key.id]);
  });

  it("tightens Koppelwerk's own default folder, not a folder someone chose", () => {
    const config = join(dir, 'config');
    mkdirSync(join(config, 'koppelwerk'), { recursive: true, mode: 0o755 });
    chmodSync(join(config, 'koppelwerk'), 0o755);
    const created = encryptionKey({ XDG_CONFIG_HOME: config });
    expect(created.file).toBe(join(config, 'koppelwerk', 'secret.key'));
    expect(mode(join(config, 'koppelwerk'))).toBe(0o700);
    expect(mode(created.file!)).toBe(0o600);

    const shared = join(dir, 'shared');
    mkdirSync(shared, { mode: 0o755 });
    chmodSync(shared, 0o755);
    encryptionKey({ KOPPELWERK_SECRET_KEY_FILE: join(shared, 'secret.key') });
    expect(mode(shared)).toBe(0o755);
    expect(mode(join(shared, 'secret.key'))).toBe(0o600);
  });

  it('reads several keys from the key file, newest first, each decrypting its own secrets; the newest encrypts', () => {
    const file = join(dir, 'secret.key');
    const [newest, older, oldest] = [generateSecretKey(), generateSecretKey(), generateSecretKey()];
    writeFileSync(file, ['# a comment', '', formatSecretKey(newest), older.bytes.toString('hex'), '  ' + formatSecretKey(oldest), formatSecretKey(older), ''].join('\n'), { mode: 0o600 });
    const env = { KOPPELWERK_SECRET_KEY_FILE: file };
    const keyring = loadSecretKeyring(env);
    expect(keyring.keys.map((k) => k.id)).toEqual([newest.id, older.id, oldest.id]);
    expect(keyring.origin).toBe(`the key file ${file}`);
    for (const key of [newest, older, oldest]) expect(decryptSecret(encryptSecret('secret', key), keyring)).toBe('secret');
    expect(encryptionKey(env).key.id).toBe(newest.id);

    writeSecretKeyFile(file, [oldest]);
    expect(loadSecretKeyring(env).keys.map((k) => k.id)).toEqual([oldest.id]);
    expect(mode(file)).toBe(0o600);
  });

  it('refuses a key file with a line that is no key, naming the file and line but not the line', () => {
    const file = join(dir, 'secret.key');
    writeFileSync(file, `${formatSecretKey(generateSecretKey())}\nthe-password-that-slipped-in\n`);
    const error = refusal(() => loadSecretKeyring({ KOPPELWERK_SECRET_KEY_FILE: file }));
    expect(error.problems).toEqual([{ path: file, message: expect.stringMatching(/^line 2 is not a secret key/) }]);
    expect(error.message).not.toContain('the-password-that-slipped-in');
  });

  it('during a rotation of the variable, KOPPELWERK_NEW_SECRET_KEY decrypts too and encrypts', () => {
    const [current, next] = [generateSecretKey(), generateSecretKey()];
    const unused = join(dir, 'unused.key');
    const env = { KOPPELWERK_SECRET_KEY: formatSecretKey(current), KOPPELWERK_NEW_SECRET_KEY: next.bytes.toString('hex'), KOPPELWERK_SECRET_KEY_FILE: unused };
    const keyring = loadSecretKeyring(env);
    expect(keyring.keys.map((k) => k.id)).toEqual([next.id, current.id]);
    expect(keyring.origin).toBe('KOPPELWERK_NEW_SECRET_KEY and KOPPELWERK_SECRET_KEY');
    expect(encryptionKey(env).key.id).toBe(next.id);
    // Keys from the environment: no key file is made.
    expect(existsSync(unused)).toBe(false);
  });
});
