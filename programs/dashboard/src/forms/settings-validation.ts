/**
 * Validation is the CLI's: the connector's own zod schema checks the settings (`checkConfig`),
 * every problem at its field's path, all in one pass, each by its catalogue code, worded here in the
 * page's language (the schema's own `bilingual` messages in that language too). A problem no entry
 * words shows as the CLI says it.
 */
import { checkConfig, renderMessage, type ConfigProblem, type Language } from '@koppelwerk/core';
import type { z } from 'zod';
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

export function validateSettings<S extends z.ZodType>(schema: S, value: unknown, language: Language, options: ValidateOptions = {}): SettingsCheck<z.input<S>> {
  const result = checkConfig(schema, value);
  if (result.success) return { ok: true, settings: value as z.input<S> };
  const unchecked = [...referencePaths(value), ...(options.unchecked ?? [])];
  const problems = result.problems
    .map((problem) => ({ path: problem.path, message: problemText(problem, language) }))
    .filter((problem) => !unchecked.some((path) => problem.path === path || problem.path.startsWith(`${path}.`)));
  return problems.length === 0 ? { ok: true, settings: value as z.input<S> } : { ok: false, problems };
}

/** A configuration problem (the CLI's checks, a connector's schema) in the page's language. */
export function problemText(problem: ConfigProblem, language: Language): string {
  return renderMessage(problem.code, problem.params, language, problem.message).text;
}

/** A configuration error's problems for a page: each at its path, in the page's language. */
export function pageProblems(problems: readonly ConfigProblem[], language: Language): SettingsProblem[] {
  return problems.map((problem) => ({ path: problem.path, message: problemText(problem, language) }));
}

/** The paths of every string in a value that holds a reference. */
function referencePaths(value: unknown, path: string[] = []): string[] {
  if (holdsReference(value)) return [path.join('.')];
  if (Array.isArray(value)) return value.flatMap((item, index) => referencePaths(item, [...path, String(index)]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => referencePaths(item, [...path, key]));
  return [];
}
