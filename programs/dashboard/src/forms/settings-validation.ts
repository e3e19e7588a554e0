/**
 * Validation is the CLI's: the connector's own zod schema checks the settings, every problem at
 * its field's path, all in one pass, worded in the page's language. The schema's own messages
 * (`bilingual`, `localized` in the connector) come in that language; zod's generic ones are worded
 * here for the problems a form meets (zod's Dutch locale names types as "string" and shows
 * patterns as regular expressions), and zod's locale words the rare rest. The global zod
 * configuration the CLI uses is left as it is.
 */
import { safeParseIn } from '@koppelwerk/core';
import { z } from 'zod';
import { messagesFor, type Language } from '../messages/language';
import type { Messages } from '../messages/nl';
import { holdsReference } from './settings-fields';

export interface SettingsProblem {
  /** The field's path in the settings, dot-joined; '' for the settings as a whole. */
  path: string;
  message: string;
}

/** Passed: the settings as submitted, to store (defaults stay the schema's, unwritten); or every problem. */
export type SettingsCheck<T> = { ok: true; settings: T } | { ok: false; problems: SettingsProblem[] };

export interface ValidateOptions {
  /**
   * Paths whose problems are not told: their values are checked where they are known. Values that
   * hold an `${env:..}`/`${file:..}` reference are always left to the machine that resolves them.
   */
  unchecked?: readonly string[];
}

type IssueTexts = Messages['settingsForm']['issues'];

let dutchLocale: z.core.$ZodErrorMap | undefined;

export function validateSettings<S extends z.ZodType>(schema: S, value: unknown, language: Language, options: ValidateOptions = {}): SettingsCheck<z.input<S>> {
  const texts = messagesFor(language).settingsForm.issues;
  const locale = language === 'nl' ? (dutchLocale ??= z.locales.nl().localeError) : undefined;
  const result = safeParseIn(schema, value, language, (issue) => issueText(issue, texts) ?? locale?.(issue));
  if (result.success) return { ok: true, settings: value as z.input<S> };
  const unchecked = [...referencePaths(value), ...(options.unchecked ?? [])];
  const problems = result.error.issues
    .flatMap((issue): SettingsProblem[] => {
      const path = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path, message: texts.unknown(key) }));
      return [{ path, message: issue.message }];
    })
    .filter((problem) => !unchecked.some((path) => problem.path === path || problem.path.startsWith(`${path}.`)));
  return problems.length === 0 ? { ok: true, settings: value as z.input<S> } : { ok: false, problems };
}

const TYPE_TEXTS: Record<string, keyof IssueTexts> = {
  string: 'text',
  number: 'number',
  int: 'integer',
  boolean: 'boolean',
  array: 'list',
  object: 'group',
};

/** Our words for zod's generic problems; undefined leaves the issue to zod's locale. */
function issueText(issue: z.core.$ZodRawIssue, texts: IssueTexts): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return texts.required;
      const key = TYPE_TEXTS[issue.expected];
      return key ? (texts[key] as string) : undefined;
    }
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') return n <= 1 ? texts.empty : texts.tooShort(n);
      if (issue.origin === 'array') return texts.tooFew(n);
      return issue.inclusive && (issue.origin === 'number' || issue.origin === 'int') ? texts.tooSmall(n) : undefined;
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return texts.tooLong(n);
      if (issue.origin === 'array') return texts.tooMany(n);
      return issue.inclusive && (issue.origin === 'number' || issue.origin === 'int') ? texts.tooBig(n) : undefined;
    }
    case 'invalid_format':
      if (issue.format === 'url') return texts.url;
      if (issue.format === 'date') return texts.date;
      if (issue.format === 'regex') return texts.pattern;
      return undefined;
    case 'invalid_value':
      return texts.oneOf(issue.values.map((value) => String(value)).join(', '));
    default:
      return undefined;
  }
}

/** The paths of every string in a value that holds a reference. */
function referencePaths(value: unknown, path: string[] = []): string[] {
  if (holdsReference(value)) return [path.join('.')];
  if (Array.isArray(value)) return value.flatMap((item, index) => referencePaths(item, [...path, String(index)]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => referencePaths(item, [...path, key]));
  return [];
}
