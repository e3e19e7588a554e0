/**
 * The machine's secret keys (the keyring), which encrypt and decrypt the `${encrypted:..}` secrets
 * of tenant files (secret-box.ts). Where they come from, in this order:
 *
 * 1. `KOPPELWERK_SECRET_KEY`: one key, 32 bytes written as base64 or as 64 hex characters. While a
 *    rotation swaps keys, `KOPPELWERK_NEW_SECRET_KEY` is the newer one (both decrypt).
 * 2. The key file `KOPPELWERK_SECRET_KEY_FILE`, else `$XDG_CONFIG_HOME/koppelwerk/secret.key`
 *    (`~/.config/koppelwerk/secret.key`): one key per line, newest first; `#` lines are comments.
 *    Several keys are there only during a rotation, so an interrupted one leaves every secret
 *    readable. The file is created (0600, its folder 0700) on the first encryption only, never
 *    when something is decrypted.
 *
 * A key is never printed: messages name the variable or the file, and the key's id.
 */
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigurationError, makePrivateDirectory, tightenPrivateFile } from '@koppelwerk/core';
import { generateSecretKey, SECRET_KEY_BYTES, secretKey, type SecretKey, type SecretKeyring } from './secret-box';
import { fileWorded, reasonParams } from './unreadable-file-reason';
import { writeFileAtomically } from './write-file-atomically';

export const SECRET_KEY_VARIABLE = 'KOPPELWERK_SECRET_KEY';
export const SECRET_KEY_FILE_VARIABLE = 'KOPPELWERK_SECRET_KEY_FILE';
/** The next key while `KOPPELWERK_SECRET_KEY` is rotated (`koppelwerk secrets rotate-key`). */
export const NEW_SECRET_KEY_VARIABLE = 'KOPPELWERK_NEW_SECRET_KEY';

const KEY_RULE = `it must be ${SECRET_KEY_BYTES} bytes written as base64 (44 characters; \`openssl rand -base64 32\` makes one) or as 64 hexadecimal characters`;

/** The keyring as loaded, with the key file it came from (none when the keys come from the environment). */
export interface LoadedKeyring extends SecretKeyring {
  readonly file?: string;
}

function variable(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** Where the key file is: `KOPPELWERK_SECRET_KEY_FILE`, else `$XDG_CONFIG_HOME/koppelwerk/secret.key` (default `~/.config`). */
export function secretKeyFilePath(env: NodeJS.ProcessEnv = process.env): string {
  const file = variable(env, SECRET_KEY_FILE_VARIABLE);
  if (file) return resolve(file);
  const config = variable(env, 'XDG_CONFIG_HOME') ?? join(variable(env, 'HOME') ?? homedir(), '.config');
  return join(resolve(config), 'koppelwerk', 'secret.key');
}

/** A key written as base64 or hex; anything else is a configuration problem at `where`, which never repeats the text. */
export function parseSecretKey(text: string, where: string, problemPrefix = ''): SecretKey {
  const written = text.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-f]{64}$/i.test(written)) bytes = Buffer.from(written, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(written)) bytes = Buffer.from(written, 'base64');
  if (!bytes || bytes.length !== SECRET_KEY_BYTES) {
    throw new ConfigurationError([{ path: where, message: `${problemPrefix}is not a secret key: ${KEY_RULE}` }]);
  }
  return secretKey(bytes);
}

/** How a key is written in the key file and in `KOPPELWERK_SECRET_KEY`: base64. */
export function formatSecretKey(key: SecretKey): string {
  return key.bytes.toString('base64');
}

/** The keys of a key file, newest first; undefined when the file does not exist. */
function readKeyFile(file: string): SecretKey[] | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigurationError([fileWorded.problem(file, 'SECRET_KEY_FILE_UNREADABLE', reasonParams(error, file))]);
  }
  const keys: SecretKey[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const key = parseSecretKey(line, file, `line ${index + 1} `);
    if (!keys.some((known) => known.id === key.id)) keys.push(key);
  });
  return keys;
}

/** The keys this machine has (see the top of this file). Never creates anything. */
export function loadSecretKeyring(env: NodeJS.ProcessEnv = process.env): LoadedKeyring {
  const current = variable(env, SECRET_KEY_VARIABLE);
  if (current) {
    const next = variable(env, NEW_SECRET_KEY_VARIABLE);
    const keys = next ? [parseSecretKey(next, NEW_SECRET_KEY_VARIABLE)] : [];
    const key = parseSecretKey(current, SECRET_KEY_VARIABLE);
    if (!keys.some((known) => known.id === key.id)) keys.push(key);
    return { keys, origin: next ? `${NEW_SECRET_KEY_VARIABLE} and ${SECRET_KEY_VARIABLE}` : SECRET_KEY_VARIABLE };
  }
  const file = secretKeyFilePath(env);
  const keys = readKeyFile(file);
  if (!keys) return { keys: [], file, origin: `${SECRET_KEY_VARIABLE} (not set) and the key file ${file} (it does not exist)` };
  return { keys, file, origin: keys.length ? `the key file ${file}` : `the key file ${file} (it holds no key)` };
}

/** The key file's text: a comment, then the keys, newest first. */
function keyFileText(keys: readonly SecretKey[]): string {
  return [
    "# Koppelwerk's secret keys, newest first: the first encrypts, each decrypts what was encrypted with it.",
    '# Keep a copy somewhere safe: without its key an encrypted secret cannot be read. Never share it in clear text.',
    ...keys.map(formatSecretKey),
    '',
  ].join('\n');
}

/** Replaces the key file's keys (newest first) at once; a new file is 0600 in a 0700 folder. */
export function writeSecretKeyFile(file: string, keys: readonly SecretKey[], env: NodeJS.ProcessEnv = process.env): void {
  makeKeyFolder(file, env);
  writeFileAtomically(file, keyFileText(keys), 0o600);
  tightenPrivateFile(file);
}

/** The key file's folder, 0700 when it is made; Koppelwerk's own default folder is tightened too. */
function makeKeyFolder(file: string, env: NodeJS.ProcessEnv): void {
  makePrivateDirectory(dirname(file), { tighten: variable(env, SECRET_KEY_FILE_VARIABLE) === undefined });
}

/**
 * Creates the key file with one new key, unless it exists by then (another process made it at the
 * same moment): the file appears whole or not at all, and is never overwritten.
 */
function createKeyFile(file: string, env: NodeJS.ProcessEnv): boolean {
  makeKeyFolder(file, env);
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.new`;
  writeFileSync(temporary, keyFileText([generateSecretKey()]), { flag: 'wx', mode: 0o600 });
  try {
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    unlinkSync(temporary);
  }
}

/** The key that encrypts, where it is, and whether its key file was made just now. */
export interface EncryptionKey {
  key: SecretKey;
  origin: string;
  file?: string;
  created: boolean;
}

/** The newest key, for encrypting; without any key the key file is created with a new one. */
export function encryptionKey(env: NodeJS.ProcessEnv = process.env): EncryptionKey {
  const keyring = loadSecretKeyring(env);
  if (keyring.keys.length) {
    if (keyring.file) tightenPrivateFile(keyring.file);
    return { key: keyring.keys[0], origin: keyring.origin, file: keyring.file, created: false };
  }
  const file = keyring.file ?? secretKeyFilePath(env);
  let created: boolean;
  if (readKeyFile(file) === undefined) {
    created = createKeyFile(file, env);
  } else {
    // The file is there but holds nothing but comments: it is written anew with one key.
    writeSecretKeyFile(file, [generateSecretKey()], env);
    created = true;
  }
  const made = loadSecretKeyring(env);
  return { key: made.keys[0], origin: made.origin, file, created };
}
