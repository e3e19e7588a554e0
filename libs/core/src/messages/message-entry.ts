/**
 * What a message catalogue is made of. A text people read (an error's message and hint, a run's
 * outcome, an activity line, a mapping step's reason) is known by its code and the values it is made
 * of (its params); its entry words it in Dutch and in English. The English text an error carries is
 * generated from the same entry (`wordedBy`), so no text is written twice.
 */

export type Language = 'nl' | 'en';
export const LANGUAGES: readonly Language[] = ['nl', 'en'];

export function isLanguage(value: unknown): value is Language {
  return value === 'nl' || value === 'en';
}

/** The values a text is made of: the rate, the rule list, the field, the invoice number. */
export type MessageParams = Record<string, string | number>;

/** A text as it is stored beside its English: its catalogue code and params. */
export interface CodedText {
  code: string;
  params: MessageParams;
}

/**
 * The text a part of the params holds, in the language being rendered: a nested message
 * (`nestedParams`: the cause of a wrapped error, one problem of a configuration error); with
 * `withHint`, followed by its hint in parentheses, as `describeError` words an error; with `hint`,
 * its hint alone ('' when it has none, or its code has no entry).
 */
export type NestedText = (prefix: string, options?: { withHint?: boolean; hint?: boolean }) => string;

/** A text as a function of its params. */
export type Wording<P> = (params: P, nested: NestedText) => string;

export interface Worded<P> {
  nl: Wording<P>;
  en: Wording<P>;
}

export interface MessageEntry<P extends MessageParams = MessageParams> {
  message: Worded<P>;
  /** What a person can do about it. */
  hint?: Worded<P>;
  /** Params as a throw site passes them: the completeness tests render the entry with them. */
  example: P;
  /** Keys of `example` a throw site may leave out (the entry words their absence); every other key must be there to render. */
  optional?: readonly string[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMessageEntry = MessageEntry<any>;

/** A set of entries by code: a package's (core, a connector's). */
export type MessageEntries = Readonly<Record<string, AnyMessageEntry>>;

/**
 * One entry, its params' type taken from `example`; the keys named in `optional` may be left out
 * by a throw site. `entry({ example: { rate: '9' }, message: { nl: (p) => ..., en: (p) => ... } })`.
 */
export function entry<P extends MessageParams, O extends keyof P & string = never>(definition: {
  message: Worded<P>;
  hint?: Worded<P>;
  example: P;
  optional?: readonly O[];
}): MessageEntry<P> & { readonly __optional?: O } {
  return definition;
}

/** The keys of a nested message's params (`cause.text`, `problem.1.path`): `errorParams` and `nestedParams` fill them. */
type NestedKeys<P> = { [K in keyof P]: K extends `${string}.${string}` ? K : never }[keyof P];

/** The params a throw site passes for an entry: every key of its example; the optional ones and those of a nested message may be absent. */
export type ParamsOf<E> = E extends MessageEntry<infer P> & { readonly __optional?: infer O }
  ? Omit<P, (O & keyof P) | NestedKeys<P>> & Partial<Pick<P, (O & keyof P) | NestedKeys<P>>>
  : MessageParams;

/** The param that names the entry wording an error whose code is someone else's (an upstream's `E0023`, `HTTP_503`). */
export const FAMILY_PARAM = 'family';

/**
 * A nested message inside params, under `prefix`: its code at `prefix`, its English text at
 * `prefix.text` (shown when its code has no entry) and each of its params at `prefix.<key>`.
 */
export function nestedParams(prefix: string, nested: { code?: string; params?: MessageParams; text: string }): MessageParams {
  const params: MessageParams = { [`${prefix}.text`]: nested.text };
  if (nested.code !== undefined) params[prefix] = nested.code;
  for (const [key, value] of Object.entries(nested.params ?? {})) params[`${prefix}.${key}`] = value;
  return params;
}

/** The nested message under `prefix`, as `nestedParams` wrote it. */
export function unnestParams(params: MessageParams, prefix: string): { code?: string; params: MessageParams; text?: string } {
  const inner: MessageParams = {};
  const start = `${prefix}.`;
  for (const [key, value] of Object.entries(params)) if (key.startsWith(start)) inner[key.slice(start.length)] = value;
  const { text, ...rest } = inner;
  const code = params[prefix];
  return { code: code === undefined ? undefined : String(code), params: rest, text: text === undefined ? undefined : String(text) };
}

/** Params without the keys whose value is undefined (a throw site's optional values). */
export function definedParams(params: Record<string, string | number | undefined> | undefined): MessageParams {
  const out: MessageParams = {};
  for (const [key, value] of Object.entries(params ?? {})) if (value !== undefined) out[key] = value;
  return out;
}
