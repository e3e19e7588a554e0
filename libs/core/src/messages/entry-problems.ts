/**
 * What makes a catalogue entry usable, checked for Koppelwerk's own entries by their spec and for a
 * connector's by the manifest check: it words its message (and its hint, when it has one) in Dutch
 * and in English as functions of its params; with the params of its example, and with only those a
 * throw site must pass, each text is a sentence without `undefined`, `NaN` or a `${` left over, and
 * the Dutch differs from the English.
 */
import { MessageCatalogue } from './message-catalogue';
import { LANGUAGES, type AnyMessageEntry, type MessageEntries, type MessageParams } from './message-entry';

const LEFT_OVER = /\bundefined\b|\bNaN\b|\$\{|\[object /;

/**
 * The example's params without the optional ones: what every throw site passes at least. A nested
 * message (`cause`, `cause.text`, ...) stays whole: its throw sites pass an error.
 */
export function requiredParams(entry: AnyMessageEntry): MessageParams {
  const optional = new Set(entry.optional ?? []);
  const keys = Object.keys(entry.example as MessageParams);
  const nested = (key: string) => key.includes('.') || keys.some((other) => other.startsWith(`${key}.`));
  return Object.fromEntries(Object.entries(entry.example as MessageParams).filter(([key]) => !optional.has(key) || nested(key)));
}

/** Every problem of one entry, each a sentence naming `at` (e.g. `manifest.messages.ACME_GONE`). */
export function entryProblems(at: string, code: string, candidate: unknown, context: MessageEntries = {}): string[] {
  const entry = (candidate ?? {}) as Partial<AnyMessageEntry> & Record<string, unknown>;
  if (typeof entry.example !== 'object' || entry.example === null) return [`${at}.example is missing; it must be an object of the params a throw site passes`];
  const problems: string[] = [];
  for (const part of ['message', 'hint'] as const) {
    if (part === 'hint' && entry.hint === undefined) continue;
    for (const language of LANGUAGES) {
      if (typeof (entry[part] as Record<string, unknown> | undefined)?.[language] !== 'function') problems.push(`${at}.${part}.${language} must be a function of the params giving the text`);
    }
  }
  if (problems.length) return problems;
  const catalogue = new MessageCatalogue().add('context', context).add('entry', { [code]: entry as AnyMessageEntry });
  const usable = entry as AnyMessageEntry;
  for (const [which, params] of [['its example', usable.example as MessageParams], ['the params a throw site must pass', requiredParams(usable)]] as const) {
    const texts: Record<string, string | undefined> = {};
    for (const language of LANGUAGES) {
      let message: string | undefined;
      let hint: string | undefined;
      try {
        const rendered = catalogue.render(code, params, language, '');
        if (!rendered.translated) problems.push(`${at} does not render in ${language} with ${which}`);
        message = rendered.text;
        hint = catalogue.renderHint(code, params, language)?.text;
      } catch (error) {
        problems.push(`${at} fails in ${language} with ${which}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      for (const [part, text] of [['message', message], ['hint', hint]] as const) {
        if (part === 'hint' && usable.hint === undefined) continue;
        if (!text || text.trim() === '') problems.push(`${at}.${part}.${language} is empty with ${which}`);
        else if (LEFT_OVER.test(text)) problems.push(`${at}.${part}.${language} says ${JSON.stringify(text)} with ${which}`);
      }
      texts[`message.${language}`] = message;
      texts[`hint.${language}`] = hint;
    }
    for (const part of ['message', 'hint']) {
      const nl = texts[`${part}.nl`];
      if (nl !== undefined && nl === texts[`${part}.en`]) problems.push(`${at}.${part} is the same in Dutch and English with ${which}: ${JSON.stringify(nl)}`);
    }
  }
  return problems;
}

/** Every problem of a set of entries (a connector's, or Koppelwerk's own). */
export function entriesProblems(prefix: string, entries: MessageEntries, context: MessageEntries = {}): string[] {
  return Object.entries(entries).flatMap(([code, entry]) => entryProblems(`${prefix}.${code}`, code, entry, { ...context, ...entries }));
}
