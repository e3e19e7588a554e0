import { inspectReferences, reencryptReferences } from './reencrypt-references';
import { decryptSecret, encryptSecret, generateSecretKey, referenceKeyId } from './secret-box';

describe('re-encrypting the references of a text', () => {
  const [oldKey, newKey] = [generateSecretKey(), generateSecretKey()];
  const both = { keys: [newKey, oldKey], origin: 'the test keys' };

  it('replaces exactly the references, keeping comments and order, and counts them', () => {
    const text = [
      '# the shop, with a comment',
      'source:',
      `  settings: { token: "${encryptSecret('token-1', oldKey)}", partner_token: ${encryptSecret('partner-2', oldKey)} }   # keep me`,
      `sink: { settings: { securityCode1: ${encryptSecret('code-3', newKey)} } }`,
      '',
    ].join('\n');
    const seen = new Set<string>();
    const result = reencryptReferences(text, both, newKey, seen);
    expect(result.count).toBe(2);
    expect([...seen].sort()).toEqual(['partner-2', 'token-1']);
    const references = [...result.text.matchAll(/\$\{encrypted:[^}]+\}/g)].map((m) => m[0]);
    expect(references.map(referenceKeyId)).toEqual([newKey.id, newKey.id, newKey.id]);
    expect(references.map((reference) => decryptSecret(reference, { keys: [newKey], origin: 'new' }))).toEqual(['token-1', 'partner-2', 'code-3']);
    // Everything but the references is as it was; the one already under the new key is untouched.
    expect(result.text.replace(/\$\{encrypted:[^}]+\}/g, 'X')).toBe(text.replace(/\$\{encrypted:[^}]+\}/g, 'X'));
    expect(result.text.split('\n')[3]).toBe(text.split('\n')[3]);
    expect(reencryptReferences(result.text, both, newKey).count).toBe(0);
  });

  it('names the line of each reference the keys cannot read', () => {
    const stranger = generateSecretKey();
    const text = `a: ${encryptSecret('x', oldKey)}\nb: ${encryptSecret('y', stranger)}\nc: \${encrypted:v1:broken}\n`;
    const { count, unreadable } = inspectReferences(text, both);
    expect(count).toBe(3);
    expect(unreadable.map((u) => u.line)).toEqual([2, 3]);
    expect(unreadable[0].message).toContain(`key ${stranger.id}`);
  });
});
