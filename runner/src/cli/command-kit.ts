/**
 * What every command's registration shares: running a command body and turning its result or error
 * into the exit code, the examples at the end of `--help`, option parsers, and the service database.
 *
 * A registration names its command, options and help, and loads the command's code only when the
 * command runs (`require` inside the action): `koppelwerk --help` or `init` never load a web server,
 * a queue, a mail library or the connectors they do not use. So this file, and every registration,
 * imports nothing heavier than commander and the error classes.
 */
import { existsSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { ConfigurationError, describeError, ExitCode, exitCodeFor, KoppelwerkError, UsageError } from '@koppelwerk/core/errors';
import type { ConnectorRegistry } from '@koppelwerk/core';
import type { Output } from '@koppelwerk/runtime';
import { DATABASE_URL_VARIABLE, databaseUrl } from './database-url';

export { DATABASE_URL_VARIABLE, databaseUrl };

/** What a registration may ask for when its command runs. */
export interface CliContext {
  /** Every connector this koppelwerk can use (built in and installed); made on first use. */
  registry(): ConnectorRegistry;
}

export function createCliContext(): CliContext {
  let registry: ConnectorRegistry | undefined;
  return {
    registry: () => (registry ??= (require('@koppelwerk/runtime') as typeof import('@koppelwerk/runtime')).createRegistry()),
  };
}

/** A command's registration: adds the command (with its options and help) to the program. */
export type CommandRegistration = (program: Command, context: CliContext) => void;

interface GlobalOptions {
  json?: boolean;
  language?: 'nl' | 'en';
}

/**
 * The language of the reasons a command prints: `--language`, else Dutch when the locale asks for it
 * (LC_ALL, else LC_MESSAGES, else LANG starting with `nl`), else English.
 */
export function cliLanguage(option: string | undefined, env: NodeJS.ProcessEnv = process.env): 'nl' | 'en' {
  if (option === 'nl' || option === 'en') return option;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^nl([_.@-]|$)/i.test(locale) ? 'nl' : 'en';
}

function outputFor(command: Command): Output {
  const { Output } = require('@koppelwerk/runtime') as typeof import('@koppelwerk/runtime');
  const options = command.optsWithGlobals<GlobalOptions>();
  const output = new Output(Boolean(options.json));
  output.language = cliLanguage(options.language);
  return output;
}

/** Runs a command body and turns its result or error into the exit code. */
export async function execute(command: Command, body: (output: Output) => Promise<number> | number): Promise<void> {
  const output = outputFor(command);
  try {
    process.exitCode = await body(output);
  } catch (error) {
    process.exitCode = reportError(error, output);
  }
}

/** An option value that must be a whole number (at least `min`); anything else is wrong usage (64). */
export function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}, got "${value}"`);
    return n;
  };
}

/**
 * Examples at the end of a command's --help. Each is a complete command line run against a tenant
 * file `shop.yaml`; a test runs them all (`# exit N` states an exit code other than 0).
 */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  koppelwerk ${line}`).join('\n')}\n`;
}

/** `--database <url>` of the service commands that take no tenant file. */
export function databaseOption(): Option {
  return new Option('--database <url>', `the service database (default ${DATABASE_URL_VARIABLE})`);
}

/** The service database a command is sent to: `--database`, or the variable when the argument is no file. */
export function serviceDatabase(argument: string, option: string | undefined): string | undefined {
  if (option !== undefined) return databaseUrl(option);
  const fromEnv = process.env[DATABASE_URL_VARIABLE];
  return fromEnv && !existsSync(argument) ? fromEnv : undefined;
}

/** `--wait` is for a service tenant's queued command: without a service database it would do nothing, so it is wrong usage. */
export function refuseWaitWithoutDatabase(wait: number | undefined, url: string | undefined): void {
  if (wait !== undefined && url === undefined) {
    throw new UsageError(`--wait is how long a service tenant's command waits for a worker: give --database <url> (or ${DATABASE_URL_VARIABLE}) with it, or leave it out`);
  }
}

/** A port another process already listens on: wrong usage, with what to do. */
function portInUse(error: unknown): number | undefined {
  const e = error as { code?: unknown; port?: unknown } | null;
  return e && e.code === 'EADDRINUSE' ? (typeof e.port === 'number' ? e.port : -1) : undefined;
}

/**
 * The program packages a command loads when it runs: optional peers of the runner, so an install of
 * the CLI alone brings no web server, queue or mail library.
 */
const PROGRAM_PACKAGES = ['@koppelwerk/daemon', '@koppelwerk/service', '@koppelwerk/dashboard', '@koppelwerk/observability'];

/** The program package a command needs and this installation lacks, from the error `require` threw. */
function missingProgram(error: unknown): string | undefined {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e || e.code !== 'MODULE_NOT_FOUND' || typeof e.message !== 'string') return undefined;
  const firstLine = e.message.split('\n')[0];
  return PROGRAM_PACKAGES.find((name) => firstLine.includes(`'${name}'`));
}

/**
 * An error as `describeError` words it, in the command's language: Dutch (`--language nl`, or the
 * locale) from the catalogue by its code and params, the text it carries otherwise (`--json` keeps
 * the English, with the code, for scripts).
 */
function inLanguage(error: KoppelwerkError, output: Output): string {
  if (output.language === 'en' || output.json) return describeError(error);
  const { renderHint, renderMessage } = require('@koppelwerk/core') as typeof import('@koppelwerk/core');
  const message = renderMessage(error.code, error.params, output.language, error.message);
  if (!message.translated) return describeError(error);
  const hint = renderHint(error.code, error.params, output.language, error.hint);
  return hint ? `${message.text} (${hint.text})` : message.text;
}

export function reportError(error: unknown, output: Output): number {
  const missing = missingProgram(error);
  if (missing) {
    output.error(`this command needs the package ${missing}, which is not installed next to the koppelwerk command: install it with \`npm install ${missing}\`, at the version of @koppelwerk/runner`, { class: 'configuration', code: 'PROGRAM_NOT_INSTALLED' });
    return ExitCode.configuration;
  }
  if (error instanceof UsageError) {
    output.error(error.message, { class: 'usage' });
    return ExitCode.usage;
  }
  const port = portInUse(error);
  if (port !== undefined) {
    output.error(`${port >= 0 ? `port ${port}` : 'the port'} is in use; choose another with --port`, { class: 'usage', code: 'EADDRINUSE' });
    return ExitCode.usage;
  }
  if (error instanceof ConfigurationError) {
    output.error(inLanguage(error, output), { class: 'configuration', problems: error.problems });
    return ExitCode.configuration;
  }
  if (KoppelwerkError.is(error)) {
    output.error(inLanguage(error, output), { class: error.errorClass, code: error.code });
    return exitCodeFor(error.errorClass);
  }
  output.error(`internal error: ${describeError(error)}`, { class: 'internal' });
  return ExitCode.internal;
}
