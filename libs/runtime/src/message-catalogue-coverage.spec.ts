/**
 * Every text people read comes from the one catalogue, in Dutch and English: each connector the
 * runtime knows brings entries that render (manifest.messages), and the sources of libs/ and
 * connectors/ throw no error whose code has no entry. A new throw site with a code of its own, or
 * an error worded by hand, makes this test fail, naming the file and the line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BUILT_IN_MESSAGES, entriesProblems, messageCatalogue } from '@koppelwerk/core';
import { createRegistry } from './connectors';

const ROOT = join(__dirname, '..', '..', '..');
const ERROR = /\bnew (RecordError|RejectedError|TransientError|AuthenticationError|ConfigurationError)\(/g;
/** A code the catalogue words, where a text is made: worded('X'), worded.text('X'), worded.problem(path, 'X'), because('X'), ... */
const CODED = /\b(?:(?:[a-z]\w*W|w)orded(?:\.text)?|because|reason|valueOf|ruleOf|failedWith)\(\s*(?:'([A-Z][A-Z0-9_]*)'|([A-Z][A-Z0-9_]*)\b)|\b(?:[a-z]\w*W|w)orded\.problem\([^;]*?'([A-Z][A-Z0-9_]*)'/g;

/**
 * Throw sites that word no text of their own (they pass problems on), or whose texts are not (yet)
 * in the catalogue, each with why. A configuration problem without a code is shown as it is, marked
 * untranslated, on a Dutch page.
 */
const UNCODED: { file: string; line: RegExp; why: string }[] = [
  { file: 'libs/core/src/connector-registry.ts', line: /error\.problems\.map/, why: 'passes the problems of a connector package on, at the tenant file path' },
  { file: 'libs/mapping/src/vat-table.ts', line: /new ConfigurationError\(problems\)/, why: 'throws the coded problems the mapping collected' },
  { file: 'libs/core/src/config-schema.ts', line: /result\.problems/, why: 'throws the coded problems checkConfig found (CONFIG_MESSAGES)' },
  { file: 'libs/runtime/src/tenant-config.ts', line: /ConfigurationError/, why: "passes the tenant file's coded problems on (YAML, references, checkConfig, the mapping), a deferred reference's left out" },
  { file: 'libs/runtime/src/tenant-draft.ts', line: /ConfigurationError/, why: "the wizard's draft problems: owned by the settings work" },
  { file: 'libs/runtime/src/connector-lookups.ts', line: /ConfigurationError/, why: "passes a lookup's coded problems on (references, checkConfig)" },
  { file: 'libs/runtime/src/secrets/secret-key.ts', line: /ConfigurationError/, why: 'the secret key file: owned by the secrets work' },
  { file: 'libs/runtime/src/plugins/connector-loader.ts', line: /ConfigurationError/, why: "a connector package's manifest problems: for its developer, in English" },
];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!['simulator', 'testing', '__fixtures__', 'node_modules', 'dist'].includes(name)) out.push(...sources(path));
    } else if (name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const projectSources = (group: string) =>
  readdirSync(join(ROOT, group))
    .filter((name) => statSync(join(ROOT, group, name, 'src'), { throwIfNoEntry: false })?.isDirectory())
    .flatMap((name) => sources(join(ROOT, group, name, 'src')));

/** The text from `start` (an opening parenthesis) to its closing one. */
function balanced(text: string, start: number): string {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(start, i + 1);
  }
  return text.slice(start);
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

describe('the message catalogue covers every text', () => {
  const registry = createRegistry();
  const read = (path: string) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') });
  const files = [...projectSources('libs'), ...projectSources('connectors')].map(read);
  /** Where texts are worded too: the programs (the dashboard's action results). */
  const programs = projectSources('programs').map(read);
  /** Constants that name a code (`export const QUOTA_CODE = 'FS_QUOTA' as const`). */
  const constants = new Map<string, string>();
  for (const { text } of files) for (const match of text.matchAll(/\bconst ([A-Z][A-Z0-9_]*) = '([A-Z][A-Z0-9_]*)'/g)) constants.set(match[1], match[2]);

  it.each(registry.list().map((manifest) => [manifest.id, manifest] as const))('%s brings entries that render in Dutch and English', (_id, manifest) => {
    expect(manifest.messages).toBeDefined();
    expect(entriesProblems(`${manifest.id}.messages`, manifest.messages ?? {}, BUILT_IN_MESSAGES)).toEqual([]);
  });

  it("Koppelwerk's own entries render in Dutch and English", () => {
    expect(entriesProblems('koppelwerk', BUILT_IN_MESSAGES)).toEqual([]);
  });

  it('every code a source file words a text with has an entry', () => {
    const missing: string[] = [];
    let worded = 0;
    for (const { path, text } of [...files, ...programs]) {
      for (const match of text.matchAll(CODED)) {
        const code = match[1] ?? match[3] ?? constants.get(match[2] ?? '') ?? match[2];
        if (!code) continue;
        worded++;
        if (!messageCatalogue.entry(code)) missing.push(`${path}:${lineOf(text, match.index)} ${code}`);
      }
    }
    expect(missing).toEqual([]);
    expect(worded).toBeGreaterThan(200); // the search finds the throw sites
  });

  it('every error thrown in libs/ and connectors/ is worded by the catalogue (or passes coded problems on)', () => {
    const uncoded: string[] = [];
    let thrown = 0;
    for (const { path, text } of files) {
      for (const match of text.matchAll(ERROR)) {
        thrown++;
        const args = balanced(text, match.index + match[0].length - 1);
        if (/\.\.\.\w*[wW]orded\(|[wW]orded\.problem\(/.test(args)) continue;
        const line = text.split('\n')[lineOf(text, match.index) - 1];
        if (UNCODED.some((known) => known.file === path && known.line.test(`${line}\n${args}`))) continue;
        uncoded.push(`${path}:${lineOf(text, match.index)} ${line.trim()}`);
      }
    }
    expect(uncoded).toEqual([]);
    expect(thrown).toBeGreaterThan(150);
  });

  it('every entry is used somewhere: no text is kept that nothing says', () => {
    const used = new Set<string>();
    for (const { text } of [...files, ...programs]) {
      for (const match of text.matchAll(CODED)) used.add(match[1] ?? match[3] ?? constants.get(match[2] ?? '') ?? match[2] ?? '');
      // Codes a text names without wording it: a family default, a nested entry, a family a store writes.
      for (const match of text.matchAll(/'([A-Z][A-Z0-9_]{3,})'/g)) used.add(match[1]);
    }
    const unused = messageCatalogue.codes().filter(({ code }) => !used.has(code));
    expect(unused).toEqual([]);
  });
});
