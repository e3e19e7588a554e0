/**
 * The secret references of a tenant file, resolved in every string of it:
 *
 * - `${env:NAME}`: an environment variable;
 * - `${file:path}`: a file's content (trimmed), relative to the tenant file;
 * - `${encrypted:v1:<key id>:<data>}`: a secret encrypted with this machine's key (secret-box.ts,
 *   secret-key.ts), as `koppelwerk secrets encrypt` prints it.
 *
 * Every resolved value is a secret (the redactor's). One that cannot be resolved is noted with the
 * path of the field that uses it, never with its value; a machine that only checks a tenant for
 * another one (a service worker) may leave what it lacks (a variable, a file, a key) to that one.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigurationError, type ConfigProblem, type FILE_MESSAGES, type MessageParams } from '@koppelwerk/core';
import { decryptSecret, SecretDecryptionError, type SecretKeyring } from './secret-box';
import { loadSecretKeyring } from './secret-key';
import { fileWorded, reasonParams } from './unreadable-file-reason';

const REFERENCE = /\$\{(env|file|encrypted):([^}]+)\}/g;

export type SecretReferenceKind = 'env' | 'file' | 'encrypted';

/** The reference a value is, when it is exactly one (spaces around it allowed): its kind and what it names. */
export function secretReferenceOf(value: string): { kind: SecretReferenceKind; name: string } | undefined {
  const match = /^\s*\$\{(env|file|encrypted):([^}]+)\}\s*$/.exec(value);
  return match ? { kind: match[1] as SecretReferenceKind, name: match[2].trim() } : undefined;
}

/** One reference that could not be resolved: its text (English, code, params) and every path that uses it. */
export interface UnresolvedReference {
  text: { message: string; code?: string; params?: MessageParams };
  paths: string[];
}

/** What could not be resolved: one problem per variable, file or key (by its English), with every path that uses it. */
export type Unresolved = Map<string, UnresolvedReference>;

/**
 * The problems of what could not be resolved: one per variable, file or key at the first path that
 * uses it, naming the others (`also`), or with `eachPath` one at every path.
 */
export function unresolvedProblems(unresolved: Unresolved, options: { eachPath?: boolean } = {}): ConfigProblem[] {
  return [...unresolved.values()].flatMap(({ text, paths }): ConfigProblem[] => {
    if (options.eachPath) return paths.map((path) => ({ path, ...text }));
    const others = paths.slice(1).join(', ');
    if (!others) return [{ path: paths[0], ...text }];
    if (text.code === undefined) return [{ path: paths[0], message: `${text.message} (also used by ${others})` }];
    return [fileWorded.problem(paths[0], text.code as keyof typeof FILE_MESSAGES, { ...text.params, also: others } as never)];
  });
}

export interface ReferenceContext {
  /** The tenant file's folder: `${file:..}` is relative to it. */
  baseDir: string;
  env: NodeJS.ProcessEnv;
  /** The keys for `${encrypted:..}`; loaded from `env` at the first such reference when not given. */
  keyring?: SecretKeyring;
  /** Filled with what could not be resolved. */
  problems: Unresolved;
  /** Filled with every resolved value. */
  secrets: Set<string>;
  /** When given, a reference this machine cannot resolve stays as written and its path is added here. */
  deferred?: Set<string>;
}

/** Replaces every reference in every string of `value`; what cannot be resolved is noted with its path. */
export function resolveReferences(value: unknown, path: string[], context: ReferenceContext): unknown {
  if (typeof value === 'string') return resolveString(value, path.join('.'), context);
  if (Array.isArray(value)) return value.map((item, i) => resolveReferences(item, [...path, String(i)], context));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveReferences(item, [...path, key], context)]));
  }
  return value;
}

function resolveString(value: string, path: string, context: ReferenceContext): string {
  const { problems, secrets, deferred } = context;
  const note = (text: string | UnresolvedReference['text']) => {
    const coded = typeof text === 'string' ? { message: text } : text;
    const known = problems.get(coded.message);
    if (known) known.paths.push(path);
    else problems.set(coded.message, { text: coded, paths: [path] });
    return '';
  };
  // Checked where it runs: the value stays the reference, and what it then fails is left to that check.
  const defer = (match: string) => {
    deferred!.add(path);
    return match;
  };
  return value.replace(REFERENCE, (match, kind: string, name: string) => {
    const key = name.trim();
    if (kind === 'env') {
      const found = context.env[key];
      if (found === undefined || found === '') return deferred ? defer(match) : note(fileWorded.text('REFERENCE_ENV_MISSING', { name: key }));
      secrets.add(found);
      return found;
    }
    if (kind === 'file') {
      const file = isAbsolute(key) ? key : join(context.baseDir, key);
      try {
        const content = readFileSync(file, 'utf8').trim();
        secrets.add(content);
        return content;
      } catch (error) {
        return deferred ? defer(match) : note(fileWorded.text('REFERENCE_FILE_UNREADABLE', { name: key, ...reasonParams(error, resolve(file)) }));
      }
    }
    let keyring: SecretKeyring;
    try {
      keyring = context.keyring ??= loadSecretKeyring(context.env);
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      // A broken key setting on this machine: named once, at each field that needs a key.
      return note(`cannot decrypt: ${error.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`);
    }
    try {
      const plaintext = decryptSecret(match, keyring);
      secrets.add(plaintext);
      return plaintext;
    } catch (error) {
      if (!(error instanceof SecretDecryptionError)) throw error;
      // Only a key this machine lacks can be another machine's: a broken reference is broken everywhere.
      return error.reason === 'unknown-key' && deferred ? defer(match) : note(error.message);
    }
  });
}
