/**
 * An error's English message and hint, generated from its catalogue entry, with its code and params:
 * `throw new RecordError(...worded('MAP_NO_LINES', {}, { field: 'lines', documentKey }))`. A throw
 * site whose code is someone else's (an upstream's `E0023`, `HTTP_503`) passes it as `code`; the
 * entry then words it as its family (FAMILY_PARAM). Params are type-checked against the entry.
 */
import { BUILT_IN_MESSAGES, BUILT_IN_ORIGIN } from './built-in-messages';
import { MessageCatalogue } from './message-catalogue';
import { FAMILY_PARAM, definedParams, type MessageEntries, type MessageParams, type ParamsOf } from './message-entry';

export type WordedOptions<O> = Omit<O, 'code' | 'params' | 'hint'> & { code: string | undefined; params: MessageParams; hint?: string };

export interface WordedBy<T extends MessageEntries> {
  /** `[message, options]` for an error's constructor. */
  <K extends keyof T & string, O extends object = Record<never, never>>(code: K, params: ParamsOf<T[K]>, options?: O & { code?: string }): [string, WordedOptions<O>];
  /** One problem of a ConfigurationError, at `path` in the tenant file. */
  problem<K extends keyof T & string>(path: string, code: K, params: ParamsOf<T[K]>): { path: string; message: string; code: string; params: MessageParams };
  /** The English text alone (a run's message, an activity line), with the code and params to store beside it. */
  text<K extends keyof T & string>(code: K, params: ParamsOf<T[K]>): { code: string; params: MessageParams; message: string; hint?: string };
}

/** The `worded` function of one package's entries (core's, a connector's). */
export function wordedBy<T extends MessageEntries>(entries: T): WordedBy<T> {
  // Koppelwerk's own entries too, for a cause nested in one of these texts (its message, its hint).
  const catalogue = new MessageCatalogue().add('own', entries).add(BUILT_IN_ORIGIN, BUILT_IN_MESSAGES);
  const text = (code: string, given: unknown) => {
    const params = definedParams(given as Record<string, string | number | undefined>);
    return { code, params, ...catalogue.english(code, params) };
  };
  const worded = (code: string, given: unknown, options: { code?: string } = {}) => {
    const own = text(code, given);
    const foreign = Object.prototype.hasOwnProperty.call(options, 'code') && options.code !== code;
    const params = foreign ? { ...own.params, [FAMILY_PARAM]: code } : own.params;
    const result: Record<string, unknown> = { ...options, code: foreign ? options.code : code, params };
    if (own.hint !== undefined) result.hint = own.hint;
    return [own.message, result];
  };
  worded.problem = (path: string, code: string, given: unknown) => {
    const own = text(code, given);
    return { path, message: own.message, code, params: own.params };
  };
  worded.text = text;
  return worded as unknown as WordedBy<T>;
}
