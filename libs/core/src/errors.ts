/**
 * One small error taxonomy. The class of an error decides everything downstream: whether it is
 * retried, whether the connection turns red, whether the document is parked, and the exit code.
 */
export type ErrorClass = 'configuration' | 'authentication' | 'transient' | 'rejected' | 'record';
export const ERROR_CLASSES: readonly ErrorClass[] = ['configuration', 'authentication', 'transient', 'rejected', 'record'];

import { FAMILY_PARAM, definedParams, nestedParams, type MessageParams } from './messages/message-entry';

export type { MessageParams };

const KOPPELWERK_ERROR = Symbol.for('koppelwerk.KoppelwerkError');

/** What every error's constructor takes besides its message. */
export interface KoppelwerkErrorOptions {
  code?: string;
  hint?: string;
  cause?: unknown;
  /** The values the message is made of; its catalogue entry words them in each language. */
  params?: Record<string, string | number | undefined>;
}

export abstract class KoppelwerkError extends Error {
  abstract readonly errorClass: ErrorClass;
  readonly [KOPPELWERK_ERROR] = true;
  /** The upstream's or our own code (`E0023`, `CREL001`, `MAP_UNMAPPED_VAT`). */
  readonly code?: string;
  /** What a person can do about it. */
  readonly hint?: string;
  /**
   * The values the message is made of (the rate, the rule list, the invoice number): the message
   * catalogue words the code with them in Dutch and English (`renderMessage`). Absent on errors
   * that have no code.
   */
  readonly params?: MessageParams;

  constructor(message: string, options: KoppelwerkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.hint = options.hint;
    if (options.params !== undefined) this.params = definedParams(options.params);
  }

  static is(value: unknown): value is KoppelwerkError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[KOPPELWERK_ERROR] === true;
  }
}

export interface ConfigProblem {
  /** Where in the tenant file: `sink.settings.username`. */
  path: string;
  /** In English. */
  message: string;
  /** The catalogue code that words the problem in each language, with its params. */
  code?: string;
  params?: MessageParams;
}

/** The family (FAMILY_PARAM) of every configuration error: its problems, each worded by its own code. */
export const CONFIG_PROBLEMS = 'CONFIG_PROBLEMS';

/** A configuration error's message: how many problems, one line each. */
export function configurationMessage(problems: readonly Pick<ConfigProblem, 'path' | 'message'>[]): string {
  const lines = problems.map((p) => `  - ${p.path ? p.path + ': ' : ''}${p.message}`);
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return `configuration has ${count}:\n${lines.join('\n')}`;
}

/**
 * A configuration error's params: `count`, and per problem (from 1) its path at `path.<n>` and the
 * problem itself nested at `problem.<n>` (its code, params and English text).
 */
export function configurationParams(problems: readonly ConfigProblem[]): MessageParams {
  const params: MessageParams = { [FAMILY_PARAM]: CONFIG_PROBLEMS, count: problems.length };
  problems.forEach((problem, i) => {
    params[`path.${i + 1}`] = problem.path;
    Object.assign(params, nestedParams(`problem.${i + 1}`, { code: problem.code, params: problem.params, text: problem.message }));
  });
  return params;
}

/** Bad configuration: refused before any call, with every problem listed. */
export class ConfigurationError extends KoppelwerkError {
  readonly errorClass = 'configuration' as const;
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[], options: { hint?: string; code?: string } = {}) {
    super(configurationMessage(problems), { ...options, params: configurationParams(problems) });
    this.problems = problems;
  }
}

/** Credentials refused: the connection turns red, writing stops, everything stays pending. */
export class AuthenticationError extends KoppelwerkError {
  readonly errorClass = 'authentication' as const;
}

/** Network trouble, 5xx, rate limits, expired sessions that could not be reopened: retried with backoff. */
export class TransientError extends KoppelwerkError {
  readonly errorClass = 'transient' as const;
  /** From Retry-After or a quota reset, when the upstream said how long to wait. */
  readonly retryAfterMs?: number;

  constructor(message: string, options: KoppelwerkErrorOptions & { retryAfterMs?: number } = {}) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The upstream refused this record for good (validation, closed period): parked, batch goes on. */
export class RejectedError extends KoppelwerkError {
  readonly errorClass = 'rejected' as const;
  /** The upstream says it already has this document (duplicate invoice number). */
  readonly alreadyBooked: boolean;

  constructor(message: string, options: KoppelwerkErrorOptions & { alreadyBooked?: boolean } = {}) {
    super(message, options);
    this.alreadyBooked = options.alreadyBooked ?? false;
  }
}

/** A record we cannot read or map (missing field, unmapped VAT rate): parked, batch goes on. */
export class RecordError extends KoppelwerkError {
  readonly errorClass = 'record' as const;
  /** The field that is wrong, as a path in the source record or the canonical document. */
  readonly field?: string;
  /** The document it concerns, when known. */
  readonly documentKey?: string;

  constructor(message: string, options: KoppelwerkErrorOptions & { field?: string; documentKey?: string } = {}) {
    super(message, options);
    this.field = options.field;
    this.documentKey = options.documentKey;
  }
}

/** What the engine does with an error of a class. */
export interface ErrorPolicy {
  retry: boolean;
  parkDocument: boolean;
  stopWriting: boolean;
  turnsRed: boolean;
}

export const ERROR_POLICY: Readonly<Record<ErrorClass, ErrorPolicy>> = {
  configuration: { retry: false, parkDocument: false, stopWriting: true, turnsRed: true },
  authentication: { retry: false, parkDocument: false, stopWriting: true, turnsRed: true },
  transient: { retry: true, parkDocument: false, stopWriting: false, turnsRed: false },
  rejected: { retry: false, parkDocument: true, stopWriting: false, turnsRed: false },
  record: { retry: false, parkDocument: true, stopWriting: false, turnsRed: false },
};

/** The class of any thrown value; unknown errors are treated as record errors (park, go on). */
export function classifyError(error: unknown): ErrorClass {
  return KoppelwerkError.is(error) ? error.errorClass : 'record';
}

/** Exit codes of every `koppelwerk` command. */
export const ExitCode = {
  ok: 0,
  /** The run finished, but some documents were parked in the error queue. */
  parked: 1,
  configuration: 2,
  authentication: 3,
  /** Upstream unreachable after retries; nothing lost, rerun later. */
  transient: 4,
  /** Another run of this tenant holds the lock. */
  locked: 5,
  /** Wrong command-line usage. */
  usage: 64,
  /** A bug: please report. */
  internal: 70,
  /** Stopped by SIGINT (Ctrl-C): what was in hand was finished, the rest waits for the next run (128 + 2). */
  interrupted: 130,
  /** Stopped by SIGTERM, as `interrupted` (128 + 15). */
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function exitCodeFor(errorClass: ErrorClass): ExitCode {
  switch (errorClass) {
    case 'configuration':
      return ExitCode.configuration;
    case 'authentication':
      return ExitCode.authentication;
    case 'transient':
      return ExitCode.transient;
    default:
      return ExitCode.parked;
  }
}

/**
 * The operating system's code behind a failure (`ECONNRESET`, `EMFILE`, `ENOMEM`, ...), looked for
 * on the error, its `cause` chain and the errors of an AggregateError (node's happy-eyeballs
 * connect). Undefined when there is none. Only the code: it names no host, path or header.
 */
export function systemErrorCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 5) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && SYSTEM_CODE.test(code)) return code;
  const nested = (error as { errors?: unknown }).errors;
  const inner = [(error as { cause?: unknown }).cause, ...(Array.isArray(nested) ? nested : [])];
  for (const candidate of inner) {
    const found = systemErrorCode(candidate, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** `E` plus capitals: the POSIX error names node puts in `code` (`ECONNRESET`, `EMFILE`, `EAI_AGAIN`); not an upstream's `E0023`. */
const SYSTEM_CODE = /^E[A-Z][A-Z0-9_]+$/;

/** The codes that mean this machine ran out of something, not that an upstream failed. */
export const RESOURCE_EXHAUSTION_CODES: readonly string[] = ['EMFILE', 'ENFILE', 'ENOMEM'];

const EXHAUSTION_WORDS = /\b(EMFILE|ENFILE|ENOMEM)\b|too many open files|out of memory/i;

/**
 * `EMFILE`, `ENFILE` or `ENOMEM` when the failure is this process or machine running out of file
 * descriptors or memory (a problem of the runner, not of the source or sink): from the error's
 * code chain, or, for errors that were already turned into text (a run's message), from the text.
 */
export function resourceExhaustion(error: unknown): string | undefined {
  const code = systemErrorCode(error);
  if (code && RESOURCE_EXHAUSTION_CODES.includes(code)) return code;
  const text = typeof error === 'string' ? error : error instanceof Error ? error.message : undefined;
  const match = text?.match(EXHAUSTION_WORDS);
  if (!match) return undefined;
  return match[1]?.toUpperCase() ?? (/memory/i.test(match[0]) ? 'ENOMEM' : 'EMFILE');
}

/**
 * An error as a nested message inside another text's params (`nestedParams` under `prefix`): its
 * code and params, and `describeError`'s English as the text shown when its code has no entry.
 * Every text value passes `redact`.
 */
export function errorParams(prefix: string, error: unknown, redact: (text: string) => string = (text) => text, options: { withHint?: boolean } = {}): MessageParams {
  const own = KoppelwerkError.is(error) ? { code: error.code, params: error.params } : {};
  const text = options.withHint === false && error instanceof Error ? error.message : describeError(error);
  return redactParams(nestedParams(prefix, { ...own, text }), redact);
}

/** Params with every text value through `redact` (a tenant's Redactor). */
export function redactParams(params: MessageParams, redact: (text: string) => string): MessageParams {
  const out: MessageParams = {};
  for (const [key, value] of Object.entries(params)) out[key] = typeof value === 'string' ? redact(value) : value;
  return out;
}

/** A message safe for people: the error's message plus its hint; a system error's code is kept. */
export function describeError(error: unknown): string {
  if (KoppelwerkError.is(error)) return error.hint ? `${error.message} (${error.hint})` : error.message;
  if (error instanceof Error) {
    const code = systemErrorCode(error);
    return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

/**
 * Wrong command-line usage: a missing argument, an option value that makes no sense, an id or a
 * document this tenant does not have. Reported with its message and exit code 64; nothing was done.
 */
export class UsageError extends Error {
  readonly exitCode = ExitCode.usage;

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A document key the tenant's state does not know. */
export function noSuchDocument(key: string): UsageError {
  return new UsageError(`no document ${key} in this tenant's state`);
}
