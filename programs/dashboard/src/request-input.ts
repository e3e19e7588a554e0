/**
 * What the pages accept from query strings, path parameters and form bodies, checked with zod.
 * Anything else (a repeated parameter, a page that is no number, an unknown error class, an id
 * that is no whole number) is a bad request (400): nothing is read or done.
 */
import { ERROR_CLASSES, type ErrorClass } from '@koppelwerk/core';
import { z } from 'zod';
import type { ErrorSelection } from '@koppelwerk/runtime';
import { TABS, type Tab } from './views/tenant-frame';

export class BadRequestError extends Error {
  readonly statusCode = 400;

  constructor(message: string) {
    super(message);
    this.name = 'BadRequestError';
  }
}

const text = z
  .string()
  .max(200)
  .transform((value) => value.trim() || undefined)
  .optional();
const wholeNumber = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number)
  .refine((n) => n >= 1, 'at least 1');
const errorClass = z
  .union([z.enum(ERROR_CLASSES as [ErrorClass, ...ErrorClass[]]), z.literal('')])
  .transform((value) => (value === '' ? undefined : value))
  .optional();

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new BadRequestError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; '));
  return parsed.data;
}

const ErrorsQuery = z.object({ class: errorClass, q: text, resolved: z.literal('1').optional(), page: wholeNumber.optional() });

export function parseErrorsQuery(query: unknown): { errorClass?: ErrorClass; text?: string; includeResolved: boolean; page: number } {
  const q = parse(ErrorsQuery, query);
  return { errorClass: q.class, text: q.q, includeResolved: q.resolved === '1', page: q.page ?? 1 };
}

const ActivityQuery = z.object({ q: text, before: wholeNumber.optional() });

export function parseActivityQuery(query: unknown): { search?: string; beforeId?: number } {
  const q = parse(ActivityQuery, query);
  return { search: q.q, beforeId: q.before };
}

const ExplainQuery = z.object({ document: text });

export function parseExplainQuery(query: unknown): string | undefined {
  return parse(ExplainQuery, query).document;
}

export function parseEntryId(value: unknown): number {
  return parse(wholeNumber, value);
}

/** One form field, or the same field repeated (checkboxes). */
const idList = z
  .union([z.string(), z.array(z.string()).max(1000)])
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .pipe(z.array(wholeNumber))
  .optional();

const ActionBody = z.object({
  ids: idList,
  all: z.literal('1').optional(),
  class: errorClass,
  back: z.enum(TABS as [Tab, ...Tab[]]).optional(),
});

export interface ActionInput {
  /** The errors the action is for; undefined when none were selected. */
  selection?: ErrorSelection;
  /** The tab to show afterwards. */
  back: Tab;
}

export function parseActionBody(body: unknown): ActionInput {
  const b = parse(ActionBody, typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {});
  const back = b.back ?? 'errors';
  if (b.all === '1') return { selection: { all: true, ...(b.class ? { errorClass: b.class } : {}) }, back };
  const ids = [...new Set(b.ids ?? [])];
  return { selection: ids.length ? { ids } : undefined, back };
}

const LoginBody = z.object({ username: z.string().max(200), password: z.string().max(1024) });

/** The login form; undefined when it is not one (the answer is then the same as a wrong password). */
export function parseLoginBody(body: unknown): { username: string; password: string } | undefined {
  const parsed = LoginBody.safeParse(body);
  return parsed.success ? { username: parsed.data.username.trim(), password: parsed.data.password } : undefined;
}
