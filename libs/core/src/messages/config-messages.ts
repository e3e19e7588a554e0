/**
 * The entries of a configuration's problems as a schema check finds them (`checkConfig`): a value
 * that is missing, of the wrong kind, too short or too big, not one of the options, a key nobody
 * knows, and a schema's own message in both languages (`bilingual`). The CLI prints the English, a
 * Dutch page shows the Dutch, and a settings form words its fields' problems with the same entries.
 */
import { entry } from './message-entry';

/** The kinds of value a problem can say a field must be, in words. */
const KINDS: Record<string, { nl: string; en: string }> = {
  string: { nl: 'tekst', en: 'text' },
  number: { nl: 'een getal', en: 'a number' },
  int: { nl: 'een geheel getal', en: 'a whole number' },
  boolean: { nl: 'ja of nee (true of false)', en: 'true or false' },
  array: { nl: 'een lijst', en: 'a list' },
  object: { nl: 'een groep instellingen', en: 'a group of settings' },
};

/** Whether a problem can say in words what kind of value a field must be (`CONFIG_KIND`). */
export function hasKindWords(kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(KINDS, kind);
}

const rows = (n: number, nl: boolean) => (nl ? (n === 1 ? 'één regel' : `${n} regels`) : n === 1 ? 'one entry' : `${n} entries`);

export const CONFIG_MESSAGES = {
  CONFIG_REQUIRED: entry({ example: {}, message: { nl: () => 'is verplicht', en: () => 'is required' } }),
  CONFIG_KIND: entry({
    example: { kind: 'number' },
    message: { nl: (p) => `moet ${KINDS[p.kind]?.nl ?? p.kind} zijn`, en: (p) => `must be ${KINDS[p.kind]?.en ?? p.kind}` },
  }),
  CONFIG_EMPTY: entry({ example: {}, message: { nl: () => 'mag niet leeg zijn', en: () => 'must not be empty' } }),
  CONFIG_TOO_SHORT: entry({ example: { n: 6 }, message: { nl: (p) => `moet minstens ${p.n} tekens hebben`, en: (p) => `must have at least ${p.n} characters` } }),
  CONFIG_TOO_LONG: entry({ example: { n: 15 }, message: { nl: (p) => `mag hoogstens ${p.n} tekens hebben`, en: (p) => `may have at most ${p.n} characters` } }),
  CONFIG_TOO_SMALL: entry({ example: { n: 1 }, message: { nl: (p) => `moet minstens ${p.n} zijn`, en: (p) => `must be at least ${p.n}` } }),
  CONFIG_TOO_BIG: entry({ example: { n: 1440 }, message: { nl: (p) => `mag hoogstens ${p.n} zijn`, en: (p) => `must be at most ${p.n}` } }),
  CONFIG_TOO_FEW: entry({ example: { n: 1 }, message: { nl: (p) => `moet minstens ${rows(p.n, true)} hebben`, en: (p) => `must have at least ${rows(p.n, false)}` } }),
  CONFIG_TOO_MANY: entry({ example: { n: 10 }, message: { nl: (p) => `mag hoogstens ${rows(p.n, true)} hebben`, en: (p) => `may have at most ${rows(p.n, false)}` } }),
  CONFIG_URL: entry({ example: {}, message: { nl: () => 'moet een adres zijn dat begint met http:// of https://', en: () => 'must be an address that starts with http:// or https://' } }),
  CONFIG_DATE: entry({ example: {}, message: { nl: () => 'moet een datum zijn (JJJJ-MM-DD)', en: () => 'must be a date (YYYY-MM-DD)' } }),
  CONFIG_PATTERN: entry({ example: {}, message: { nl: () => 'heeft niet de juiste vorm', en: () => 'does not have the right form' } }),
  CONFIG_ONE_OF: entry({ example: { values: 'debug, info, warn, error' }, message: { nl: (p) => `moet een van deze zijn: ${p.values}`, en: (p) => `must be one of: ${p.values}` } }),
  CONFIG_UNKNOWN_KEY: entry({
    example: { key: 'tennant', top: 'yes', nearest: 'tenant' },
    optional: ['top', 'nearest'],
    message: {
      nl: (p) => `onbekende sleutel \`${p.key}\`${p.top === 'yes' ? ' op het hoogste niveau' : ''}${p.nearest ? ` — bedoelt u \`${p.nearest}\`?` : ''}`,
      en: (p) => `unknown key \`${p.key}\`${p.top === 'yes' ? ' at top level' : ''}${p.nearest ? ` — did you mean \`${p.nearest}\`?` : ''}`,
    },
  }),
  /** A schema's own message (`bilingual`, `localized`), kept in both languages. */
  CONFIG_OWN: entry({ example: { nl: 'minstens 6 tekens', en: 'at least 6 characters' }, message: { nl: (p) => p.nl, en: (p) => p.en } }),
};
