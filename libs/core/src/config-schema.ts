/**
 * Config is zod, one source of truth: the TypeScript type, validation, JSON Schema, secret
 * redaction and the settings form all come from the schema. Mark a secret field with
 * `secret(z.string())`, give a field its label and help in Dutch and English with
 * `labelled(schema, { nl, en })`, and a message of your own in both with `bilingual({ nl, en })`.
 */
import { z } from 'zod';
import { ConfigurationError, type ConfigProblem } from './errors';
import { CONFIG_MESSAGES, hasKindWords } from './messages/config-messages';
import type { MessageParams } from './messages/message-entry';
import { wordedBy } from './messages/worded';

const configWorded = wordedBy(CONFIG_MESSAGES);

/** Fields registered here are secrets: never logged, never echoed, never stored. */
export const secretFields = z.registry<{ secret: true }>();

export function secret<T extends z.ZodType>(schema: T): T {
  secretFields.add(schema, { secret: true });
  return schema;
}

/**
 * A secret field, or a copy of one: zod's `.describe()`, `.meta()` and added checks make a new
 * schema whose parent is the one `secret()` marked, and a copy of a secret is a secret.
 */
export function isSecretSchema(schema: z.ZodType): boolean {
  for (let node: z.ZodType | undefined = schema; node; node = (node as unknown as { _zod: { parent?: z.ZodType } })._zod.parent) {
    if (secretFields.has(node)) return true;
  }
  return false;
}

/** The languages a connector writes its texts in: Dutch first (the shop owners'), English. */
export type TextLanguage = 'nl' | 'en';
export const TEXT_LANGUAGES: readonly TextLanguage[] = ['nl', 'en'];

/** One text in both languages. */
export type Bilingual = Record<TextLanguage, string>;

/** What a settings form shows for a field: its label, its help, and an enum's options in words. */
export interface FieldText {
  label: string;
  help: string;
  /** Words for the values of an enum field (a value not named here is shown as it is). */
  options?: Record<string, string>;
}

export type FieldTexts = Record<TextLanguage, FieldText>;

/** The key of a field's texts in its zod metadata and so in its JSON Schema (next to `description`). */
export const FIELD_TEXTS_KEY = 'x-texts';

/**
 * The field with its label and help in Dutch and English, as zod metadata: `configJsonSchema` (and
 * so `koppelwerk describe --json`) carries them, the dashboard's forms read them there, and the
 * English help is the field's `description`, which the CLI shows. Wrap the whole field, optional or
 * default included; a secret stays a secret.
 */
export function labelled<T extends z.ZodType>(schema: T, texts: FieldTexts): T {
  return schema.meta({ description: texts.en.help, [FIELD_TEXTS_KEY]: texts }) as T;
}

/** The texts of the fields most connectors have, written once. */
export const COMMON_FIELD_TEXTS = {
  /** `endpoint`: what the real service's address is replaced with. */
  endpoint: {
    nl: { label: 'Adres van de API', help: 'Alleen voor een testsysteem of de simulator: het adres (http of https). Leeg laten voor de echte dienst.' },
    en: { label: 'API address', help: 'Only for a test system or the simulator: its address (http or https). Leave it empty for the real service.' },
  },
  /** `timeoutSeconds`: how long one call may take. */
  timeoutSeconds: {
    nl: { label: 'Wachttijd per aanroep (seconden)', help: 'Zo lang wacht Koppelwerk op één antwoord; daarna telt de aanroep als tijdelijk mislukt en volgt later een nieuwe poging.' },
    en: { label: 'Timeout per call (seconds)', help: 'How long Koppelwerk waits for one answer; after that the call counts as failed for now and is tried again later.' },
  },
} satisfies Record<string, FieldTexts>;

/** The texts of a field in a JSON Schema that `configJsonSchema` made; undefined for a field without them. */
export function fieldTextsIn(node: unknown): FieldTexts | undefined {
  const texts = (node as Record<string, unknown> | null | undefined)?.[FIELD_TEXTS_KEY] as Partial<FieldTexts> | undefined;
  const complete = (text: FieldText | undefined) => typeof text?.label === 'string' && typeof text.help === 'string';
  return texts && complete(texts.nl) && complete(texts.en) ? (texts as FieldTexts) : undefined;
}

/** The language of the parse under way: English (the CLI's) unless `safeParseIn` says otherwise. */
let parseLanguage: TextLanguage = 'en';

/** The text in the language of the parse under way; for messages a refinement adds (`ctx.addIssue`). */
export function localized(text: Bilingual): string {
  return text[parseLanguage];
}

/**
 * A message of a check in both languages, as zod's error parameter: `.min(6, bilingual({ nl, en }))`,
 * `z.string(bilingual(...))`. English wherever the config is parsed as usual; Dutch in a
 * `safeParseIn(schema, value, 'nl')`.
 */
export function bilingual(text: Bilingual): { error: () => string } {
  return { error: () => localized(text) };
}

/**
 * `schema.safeParse(value)` with the messages in `language`: the schema's own (`bilingual`,
 * `localized`) in that language, and zod's for everything else from `error`, a per-parse error map,
 * so the global configuration the CLI uses stays as it is. The parse is synchronous and its issues
 * are worded before it returns, so the language holds for this parse only.
 */
export function safeParseIn<S extends z.ZodType>(schema: S, value: unknown, language: TextLanguage, error?: z.core.$ZodErrorMap): z.ZodSafeParseResult<z.output<S>> {
  const previous = parseLanguage;
  parseLanguage = language;
  try {
    const result = schema.safeParse(value, error ? { error } : undefined);
    // zod words the issues when `error` is first read: read it while the language holds.
    if (!result.success) void result.error;
    return result;
  } finally {
    parseLanguage = previous;
  }
}

type AnySchema = z.ZodType;

function definition(schema: AnySchema): { type: string; [key: string]: unknown } {
  return (schema as unknown as { _zod: { def: { type: string } } })._zod.def;
}

/** Schema kinds that wrap one inner schema (`def.innerType`) without changing what it accepts inside. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);

/** The schema under its wrappers (optional, default, ...) and pipes (their input): what a value is checked as. */
export function unwrapSchema(schema: AnySchema): AnySchema {
  for (;;) {
    const def = definition(schema);
    if (WRAPPERS.has(def.type)) schema = def.innerType as AnySchema;
    else if (def.type === 'pipe') schema = def.in as AnySchema;
    else return schema;
  }
}

/** The object shape under wrappers and pipes, or undefined for a schema that is no object. */
export function objectShapeOf(schema: AnySchema): Record<string, AnySchema> | undefined {
  const inner = unwrapSchema(schema);
  return definition(inner).type === 'object' ? ((inner as unknown as z.ZodObject).shape as Record<string, AnySchema>) : undefined;
}

/** Walks a parsed config alongside its schema and calls `visit` for each value of a secret field. */
function walkSecrets(schema: AnySchema, value: unknown, path: string[], visit: (path: string[], value: unknown) => void): void {
  if (value === undefined || value === null) return;
  if (isSecretSchema(schema)) {
    visit(path, value);
    return;
  }
  const def = definition(schema);
  if (WRAPPERS.has(def.type)) {
    walkSecrets(def.innerType as AnySchema, value, path, visit);
    return;
  }
  switch (def.type) {
    case 'pipe':
      walkSecrets(def.in as AnySchema, value, path, visit);
      walkSecrets(def.out as AnySchema, value, path, visit);
      return;
    case 'object': {
      if (typeof value !== 'object') return;
      const shape = (schema as unknown as z.ZodObject).shape as Record<string, AnySchema>;
      for (const [key, child] of Object.entries(shape)) {
        walkSecrets(child, (value as Record<string, unknown>)[key], [...path, key], visit);
      }
      return;
    }
    case 'array':
      if (!Array.isArray(value)) return;
      value.forEach((item, index) => walkSecrets(def.element as AnySchema, item, [...path, String(index)], visit));
      return;
    case 'record':
      if (typeof value !== 'object') return;
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        walkSecrets(def.valueType as AnySchema, item, [...path, key], visit);
      }
      return;
    case 'union':
      for (const option of def.options as AnySchema[]) walkSecrets(option, value, path, visit);
      return;
    default:
      return;
  }
}

/** Every secret string in a config, for value-based redaction of logs and messages. */
export function collectSecrets(schema: AnySchema, value: unknown): string[] {
  const found = new Set<string>();
  walkSecrets(schema, value, [], (_path, secretValue) => {
    if (typeof secretValue === 'string' && secretValue.length > 0) found.add(secretValue);
  });
  return [...found];
}

/** A deep copy of the config with every secret field replaced by `***`. */
/** Where a config's secrets are: the path of every secret field that holds a value. */
export function secretPaths(schema: AnySchema, value: unknown): string[][] {
  const paths: string[][] = [];
  walkSecrets(schema, value, [], (path, secretValue) => {
    if (secretValue !== undefined && secretValue !== null && secretValue !== '') paths.push([...path]);
  });
  return paths;
}

export function redactConfig<T>(schema: AnySchema, value: T): T {
  const copy = structuredClone(value) as unknown;
  walkSecrets(schema, value, [], (path) => {
    let node = copy as Record<string, unknown>;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[path[path.length - 1]] = '***';
  });
  return copy as T;
}

/** The marker a generic problem's message starts with in `checkConfig`'s parse: its coded text follows as JSON. */
const GENERIC = '\u0000';

type GenericText = { code: string; params: MessageParams } | { text: string };

let englishLocale: z.core.$ZodErrorMap | undefined;

/** A zod problem that the schema gave no message of its own, as a catalogue entry where one words it. */
function genericText(issue: z.core.$ZodRawIssue): GenericText {
  const coded = (code: keyof typeof CONFIG_MESSAGES, params: MessageParams = {}): GenericText => ({ code, params });
  const n = (value: unknown) => Number(value);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return coded('CONFIG_REQUIRED');
      if (hasKindWords(issue.expected)) return coded('CONFIG_KIND', { kind: issue.expected });
      break;
    case 'too_small':
      if (issue.origin === 'string') return n(issue.minimum) <= 1 ? coded('CONFIG_EMPTY') : coded('CONFIG_TOO_SHORT', { n: n(issue.minimum) });
      if (issue.origin === 'array') return coded('CONFIG_TOO_FEW', { n: n(issue.minimum) });
      if (issue.inclusive && (issue.origin === 'number' || issue.origin === 'int')) return coded('CONFIG_TOO_SMALL', { n: n(issue.minimum) });
      break;
    case 'too_big':
      if (issue.origin === 'string') return coded('CONFIG_TOO_LONG', { n: n(issue.maximum) });
      if (issue.origin === 'array') return coded('CONFIG_TOO_MANY', { n: n(issue.maximum) });
      if (issue.inclusive && (issue.origin === 'number' || issue.origin === 'int')) return coded('CONFIG_TOO_BIG', { n: n(issue.maximum) });
      break;
    case 'invalid_format':
      if (issue.format === 'url') return coded('CONFIG_URL');
      if (issue.format === 'date') return coded('CONFIG_DATE');
      if (issue.format === 'regex') return coded('CONFIG_PATTERN');
      break;
    case 'invalid_value':
      return coded('CONFIG_ONE_OF', { values: issue.values.map((value) => String(value)).join(', ') });
  }
  // zod's messages name the expectation but never echo the value, so secrets cannot leak through them.
  return { text: (englishLocale ??= z.locales.en().localeError)(issue) as string };
}

const markGeneric: z.core.$ZodErrorMap = (issue) => GENERIC + JSON.stringify(genericText(issue));

export type ConfigCheck<T> = { success: true; data: T } | { success: false; problems: ConfigProblem[] };

/**
 * Checks a config section against its schema: every problem at its path in the tenant file, each
 * by its catalogue code so a page words it in its own language (zod's generic problems by
 * CONFIG_MESSAGES, the schema's own `bilingual` messages in both languages). Given the schema, an
 * unknown key names the nearest known key at its level ("did you mean `tenant`?").
 */
export function checkConfig<S extends AnySchema>(schema: S, value: unknown, prefix = ''): ConfigCheck<z.output<S>> {
  const result = safeParseIn(schema, value, 'en', markGeneric);
  if (result.success) return { success: true, data: result.data };
  let dutch: z.core.$ZodIssue[] | undefined;
  const problems = result.error.issues.flatMap((issue, index): ConfigProblem[] => {
    const at = issue.path.map(String);
    const path = [prefix, ...at].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      const nearest = (key: string) => (schema ? nearestKey(key, knownKeysAt(schema, at)) : undefined);
      return issue.keys.map((key) => configWorded.problem(path, 'CONFIG_UNKNOWN_KEY', { key, top: path ? undefined : 'yes', nearest: nearest(key) }));
    }
    if (issue.message.startsWith(GENERIC)) {
      const generic = JSON.parse(issue.message.slice(GENERIC.length)) as GenericText;
      return ['code' in generic ? configWorded.problem(path, generic.code as keyof typeof CONFIG_MESSAGES, generic.params as never) : { path, message: generic.text }];
    }
    // The schema's own message: its Dutch from the same parse in Dutch (a message that is the same in both is English only).
    dutch ??= safeParseIn(schema, value, 'nl', markGeneric).error?.issues ?? [];
    const nl = dutch[index]?.message;
    return [nl && nl !== issue.message && !nl.startsWith(GENERIC) ? configWorded.problem(path, 'CONFIG_OWN', { nl, en: issue.message }) : { path, message: issue.message }];
  });
  return { success: false, problems };
}

/** The known key closest to `key` (Levenshtein, case-insensitive), if it is close enough to be a typo. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = levenshtein(key.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  if (!best) return undefined;
  const allowed = Math.max(1, Math.floor(Math.max(key.length, best.key.length) / 3));
  return best.distance <= allowed ? best.key : undefined;
}

export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The keys an object schema knows at a path inside `schema` (empty when the path leads elsewhere). */
export function knownKeysAt(schema: AnySchema, path: readonly string[]): string[] {
  const inner = unwrapSchema(schema);
  const def = definition(inner);
  switch (def.type) {
    case 'object': {
      const shape = objectShapeOf(inner)!;
      if (path.length === 0) return Object.keys(shape);
      const child = shape[path[0]];
      return child ? knownKeysAt(child, path.slice(1)) : [];
    }
    case 'array':
      return path.length ? knownKeysAt(def.element as AnySchema, path.slice(1)) : [];
    case 'record':
      return path.length ? knownKeysAt(def.valueType as AnySchema, path.slice(1)) : [];
    case 'union':
      return [...new Set((def.options as AnySchema[]).flatMap((option) => knownKeysAt(option, path)))];
    default:
      return [];
  }
}

/** Parses a config section; on failure throws a ConfigurationError listing every problem. */
export function parseConfig<S extends AnySchema>(schema: S, value: unknown, prefix = ''): z.output<S> {
  const result = checkConfig(schema, value, prefix);
  if (!result.success) throw new ConfigurationError(result.problems);
  return result.data;
}

/**
 * JSON Schema of a config section, for editor completion and the dashboard's settings forms; secrets
 * are flagged `writeOnly`, and a field's texts (`labelled`) are its `description` and `x-texts`.
 */
export function configJsonSchema(schema: AnySchema): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    unrepresentable: 'any',
    override: (ctx) => {
      if (isSecretSchema(ctx.zodSchema as unknown as AnySchema)) (ctx.jsonSchema as Record<string, unknown>).writeOnly = true;
    },
  }) as Record<string, unknown>;
}
