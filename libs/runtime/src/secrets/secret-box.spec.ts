import { decryptSecret, encryptSecret, generateSecretKey, referenceKeyId, SecretDecryptionError, secretKey, secretKeyId, type SecretKeyring } from './secret-box';
import { createHash } from 'node:crypto';

const ring = (...keys: ReturnType<typeof generateSecretKey>[]): SecretKeyring => ({ keys, origin: 'the key file /etc/koppelwerk/secret.key' });

/** What decryptSecret threw, as the error. */
function failure(reference: string, keyring: SecretKeyring): SecretDecryptionError {
  try {
    decryptSecret(reference, keyring);
  } catch (error) {
    if (error instanceof SecretDecryptionError) return error;
    throw error;
  }
  throw new Error('it decrypted');
}

describe('secret box (AES-256-GCM references)', () => {
  const plaintext = 'shop-token-0123456789 with ünïcode';

  it('encrypts to a v1 reference naming the key, and decrypts it back', () => {
    const key = generateSecretKey();
    const reference = encryptSecret(plaintext, key);
    expect(reference).toMatch(/^\$\{encrypted:v1:[A-Za-z0-9_-]{8}:[A-Za-z0-9_-]+\}$/);
    expect(referenceKeyId(reference)).toBe(key.id);
    expect(reference).not.toContain(plaintext);
    expect(decryptSecret(reference, ring(key))).toBe(plaintext);
    // A fresh iv each time: the same secret never gives the same reference.
    expect(encryptSecret(plaintext, key)).not.toBe(reference);
  });

  it('names a key by the first 8 characters of base64url(sha256(key))', () => {
    const bytes = Buffer.alloc(32, 7);
    expect(secretKeyId(bytes)).toBe(createHash('sha256').update(bytes).digest('base64url').slice(0, 8));
    expect(secretKey(bytes).id).toBe(secretKeyId(bytes));
    expect(() => secretKey(Buffer.alloc(16))).toThrow(/32 bytes/);
  });

  it('picks the key by its id from a keyring of several', () => {
    const older = generateSecretKey();
    const newer = generateSecretKey();
    expect(decryptSecret(encryptSecret(plaintext, older), ring(newer, older))).toBe(plaintext);
    expect(decryptSecret(encryptSecret(plaintext, newer), ring(newer, older))).toBe(plaintext);
  });

  it('a missing key is named by its id and where keys were looked for, never with the secret or the reference', () => {
    const key = generateSecretKey();
    const reference = encryptSecret(plaintext, key);
    const error = failure(reference, ring(generateSecretKey()));
    expect(error.reason).toBe('unknown-key');
    expect(error.keyId).toBe(key.id);
    expect(error.errorClass).toBe('configuration');
    expect(error.message).toContain(`key ${key.id}`);
    expect(error.message).toContain('the key file /etc/koppelwerk/secret.key');
    expect(error.message).toContain('koppelwerk secrets encrypt');
    expect(error.message).not.toContain(reference.slice(25));
    expect(failure(reference, ring()).reason).toBe('unknown-key');
  });

  it('a changed ciphertext, iv, tag or key id fails authentication instead of giving garbage', () => {
    const key = generateSecretKey();
    const reference = encryptSecret(plaintext, key);
    const [, head, data] = /^(\$\{encrypted:v1:[^:]+:)([^}]+)\}$/.exec(reference)!;
    const bytes = Buffer.from(data, 'base64url');
    for (const at of [0, 12, 28, bytes.length - 1]) {
      const changed = Buffer.from(bytes);
      changed[at] ^= 0x01;
      const error = failure(`${head}${changed.toString('base64url')}}`, ring(key));
      expect(error.reason).toBe('tampered');
      expect(error.message).toMatch(/does not authenticate with key .+ changed or cut off/);
    }
    expect(failure(`${head}${bytes.subarray(0, 20).toString('base64url')}}`, ring(key)).reason).toBe('tampered');
    expect(failure(`${head}${bytes.subarray(0, bytes.length - 3).toString('base64url')}}`, ring(key)).reason).toBe('tampered');
    // The same bytes under another key id (a second key with that id is impossible, so: another key's id) do not authenticate.
    const other = generateSecretKey();
    const relabelled = reference.replace(key.id, other.id);
    expect(failure(relabelled, ring(key, { id: other.id, bytes: key.bytes })).reason).toBe('tampered');
  });

  it('a reference written badly says how it should look, and never repeats what was written', () => {
    const key = generateSecretKey();
    const pasted = failure('${encrypted:my-plain-password}', ring(key));
    expect(pasted.reason).toBe('malformed');
    expect(pasted.message).not.toContain('my-plain-password');
    expect(pasted.message).toContain('${encrypted:v1:<key id>:<data>}');
    expect(failure('${encrypted:v7:abcdefgh:AAAA}', ring(key)).message).toContain('version v7, which this koppelwerk cannot read');
  });
});
