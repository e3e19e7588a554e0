/**
 * A key rotation's work on one text (a tenant file, a tenants table row): every
 * `${encrypted:..}` reference in it decrypted with the keys it was made with and encrypted again
 * with the new key, the rest of the text (comments, order, other values) left exactly as it is.
 */
import { decryptSecret, ENCRYPTED_REFERENCE, encryptSecret, referenceKeyId, SecretDecryptionError, type SecretKey, type SecretKeyring } from './secret-box';

/** A reference that cannot be decrypted: its line in the text and why (never the reference itself). */
export interface UnreadableReference {
  line: number;
  message: string;
}

/** How many references the text holds, and those the keyring cannot decrypt. */
export function inspectReferences(text: string, keyring: SecretKeyring): { count: number; unreadable: UnreadableReference[] } {
  const unreadable: UnreadableReference[] = [];
  let count = 0;
  for (const match of text.matchAll(ENCRYPTED_REFERENCE)) {
    count++;
    try {
      decryptSecret(match[0], keyring);
    } catch (error) {
      if (!(error instanceof SecretDecryptionError)) throw error;
      unreadable.push({ line: text.slice(0, match.index).split('\n').length, message: error.message });
    }
  }
  return { count, unreadable };
}

/**
 * The text with every reference not yet encrypted with `key` encrypted with it, and how many were.
 * A reference that cannot be decrypted throws its SecretDecryptionError (check with
 * `inspectReferences` first); `plaintexts` collects the secrets met on the way, for a redactor.
 */
export function reencryptReferences(text: string, keyring: SecretKeyring, key: SecretKey, plaintexts?: Set<string>): { text: string; count: number } {
  let count = 0;
  const replaced = text.replace(ENCRYPTED_REFERENCE, (reference) => {
    if (referenceKeyId(reference) === key.id) return reference;
    const plaintext = decryptSecret(reference, keyring);
    plaintexts?.add(plaintext);
    count++;
    return encryptSecret(plaintext, key);
  });
  return { text: replaced, count };
}
