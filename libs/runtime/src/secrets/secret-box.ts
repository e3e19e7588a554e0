/**
 * A secret encrypted at rest: AES-256-GCM with the machine's secret key (secret-key.ts), written
 * in a tenant file as one reference,
 *
 *     ${encrypted:v1:<key id>:<base64url of iv (12 bytes) | auth tag (16 bytes) | ciphertext>}
 *
 * The key id is the first 8 characters of base64url(sha256(key)): it names the key a secret needs
 * without revealing it, so a missing key is named exactly, and a key file with several keys (a
 * rotation) picks the right one. The version and key id are authenticated with the ciphertext, so
 * a changed character anywhere fails authentication: never a wrong plaintext.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { KoppelwerkError } from '@koppelwerk/core';

/** A 32-byte AES-256 key and its id. */
export interface SecretKey {
  readonly id: string;
  readonly bytes: Buffer;
}

/** The keys this machine has, newest first (encryption uses the first), and where they were looked for. */
export interface SecretKeyring {
  readonly keys: readonly SecretKey[];
  /** Where the keys come from, in words, for messages: `KOPPELWERK_SECRET_KEY`, `the key file /path`. */
  readonly origin: string;
}

export const SECRET_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

/** Every `${encrypted:...}` reference in a text (global: use with `matchAll` or `replace`). */
export const ENCRYPTED_REFERENCE = /\$\{encrypted:[^}]*\}/g;
const V1_REFERENCE = /^\$\{encrypted:v1:([A-Za-z0-9_-]{8}):([A-Za-z0-9_-]+)\}$/;

/** The id of a key: the first 8 characters of base64url(sha256(key)). */
export function secretKeyId(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64url').slice(0, 8);
}

/** A key from its 32 bytes. */
export function secretKey(bytes: Buffer): SecretKey {
  if (bytes.length !== SECRET_KEY_BYTES) throw new RangeError(`a secret key has ${SECRET_KEY_BYTES} bytes, not ${bytes.length}`);
  return { id: secretKeyId(bytes), bytes: Buffer.from(bytes) };
}

/** A new random key. */
export function generateSecretKey(): SecretKey {
  return secretKey(randomBytes(SECRET_KEY_BYTES));
}

/** Why a reference could not be decrypted: written badly, a key this machine lacks, or changed. */
export type SecretDecryptionReason = 'malformed' | 'unknown-key' | 'tampered';

/** An encrypted secret that cannot be read. Its message never holds the reference nor the secret. */
export class SecretDecryptionError extends KoppelwerkError {
  readonly errorClass = 'configuration' as const;

  constructor(
    message: string,
    readonly reason: SecretDecryptionReason,
    /** The key the secret was encrypted with, when the reference names one. */
    readonly keyId?: string,
  ) {
    super(message, { code: `SECRET_${reason.toUpperCase().replace('-', '_')}` });
  }
}

const additionalData = (keyId: string) => Buffer.from(`${VERSION}:${keyId}`);

/** Encrypts a secret with the key (a fresh random iv each time) and returns its reference. */
export function encryptSecret(plaintext: string, key: SecretKey): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.bytes, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(key.id));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const payload = Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
  return `\${encrypted:${VERSION}:${key.id}:${payload}}`;
}

/** The key id a reference names, or undefined when it is not a v1 reference. */
export function referenceKeyId(reference: string): string | undefined {
  return V1_REFERENCE.exec(reference.trim())?.[1];
}

/** Decrypts a reference with the keyring's key of its id; throws a SecretDecryptionError saying what to do. */
export function decryptSecret(reference: string, keyring: SecretKeyring): string {
  const parts = V1_REFERENCE.exec(reference.trim());
  if (!parts) {
    // Only a version is named: whatever else is written there may be the secret itself.
    const version = /^\$\{encrypted:(v\d{1,4}):/.exec(reference.trim())?.[1];
    throw new SecretDecryptionError(
      version === undefined || version === VERSION
        ? 'the encrypted value is not written as ${encrypted:v1:<key id>:<data>}: copy the whole reference that `koppelwerk secrets encrypt` printed, or encrypt the value again'
        : `the encrypted value is of version ${version}, which this koppelwerk cannot read (it reads ${VERSION}): update koppelwerk on this machine`,
      'malformed',
    );
  }
  const [, keyId, data] = parts;
  const key = keyring.keys.find((candidate) => candidate.id === keyId);
  if (!key) {
    throw new SecretDecryptionError(
      `the secret was encrypted with key ${keyId}, which this machine does not have (looked in ${keyring.origin}): ` +
        'give this machine the key file (or KOPPELWERK_SECRET_KEY) of the machine where it was encrypted, ' +
        'or encrypt the value again here with `koppelwerk secrets encrypt` and write the new reference in its place',
      'unknown-key',
      keyId,
    );
  }
  const tampered = () =>
    new SecretDecryptionError(
      `the encrypted value does not authenticate with key ${keyId}: it was changed or cut off; copy the whole reference again, or encrypt the value again with \`koppelwerk secrets encrypt\``,
      'tampered',
      keyId,
    );
  const bytes = Buffer.from(data, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw tampered();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(keyId));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw tampered();
  }
}
