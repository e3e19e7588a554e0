/**
 * Where alerts go: the `alerts:` section of a tenants directory's `koppelwerk.yaml` (the daemon),
 * or of the file given to `serve` with `--alerts <file>` (default: the file named by
 * KOPPELWERK_ALERTS; in the service mode one `serve` process tells, see alert-poller.ts). Every
 * problem is listed in one pass, with its path in the file.
 *
 *   alerts:
 *     openErrorsAbove: 0           # alert when a tenant has more open errors than this (and when back at or under it)
 *     webhook:
 *       url: https://hooks.example.nl/koppelwerk/${env:HOOK_TOKEN}
 *       timeoutSeconds: 10         # per attempt
 *       retries: 2                 # attempts after the first, on a network error, a timeout or a 5xx/429
 *     email:
 *       host: smtp.example.nl
 *       port: 587                  # default 465 when secure, else 587
 *       secure: false              # true: TLS from the first byte (port 465); false: STARTTLS
 *       requireTLS: true           # refuse to send (and to log in) without STARTTLS; default true
 *       user: alerts@example.nl
 *       password: ${env:SMTP_PASSWORD}
 *       from: Koppelwerk <alerts@example.nl>
 *       to: [boekhouding@example.nl]
 *       language: nl               # the message's language: nl (default) or en
 *
 * Secrets may be written as `${env:NAME}`, `${file:path}` (relative to the settings file) or
 * `${encrypted:...}`, as in a tenant file (one resolver for both). The password, every value read through a reference, and the webhook's whole URL
 * (it often carries a token) are secrets: they go to the redactor and never into a log line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { checkConfig, ConfigurationError, type ConfigProblem } from '@koppelwerk/core';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { DAEMON_SETTINGS_FILE, resolveReferences, unresolvedProblems, type Unresolved } from '@koppelwerk/runtime';

/** The environment variable naming the service's alerts file when `--alerts` is not given. */
export const ALERTS_FILE_ENV = 'KOPPELWERK_ALERTS';

const httpUrl = z
  .string()
  .url('give the full address, e.g. https://hooks.example.nl/koppelwerk')
  .refine((value) => !URL.canParse(value) || /^https?:$/.test(new URL(value).protocol), 'only http and https addresses can receive a webhook');

const webhookSchema = z
  .object({
    url: httpUrl,
    timeoutSeconds: z.number().positive().max(120).default(10),
    retries: z.number().int().min(0).max(5).default(2),
  })
  .strict();

const emailSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).optional(),
    secure: z.boolean().default(false),
    requireTLS: z.boolean().default(true),
    user: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    from: z.string().min(3),
    to: z.union([z.email(), z.array(z.email()).min(1)]).transform((to) => (Array.isArray(to) ? to : [to])),
    timeoutSeconds: z.number().positive().max(300).default(30),
    language: z.enum(['nl', 'en']).default('nl'),
  })
  .strict()
  .superRefine((email, context) => {
    if (email.password !== undefined && email.user === undefined) context.addIssue({ code: 'custom', path: ['user'], message: 'a password needs the user it belongs to' });
    if (email.user !== undefined && email.password === undefined) context.addIssue({ code: 'custom', path: ['password'], message: 'give the password of this user (as ${env:NAME} or ${file:path})' });
  });

export const alertsSectionSchema = z
  .object({
    openErrorsAbove: z.number().int().min(0).default(0),
    webhook: webhookSchema.optional(),
    email: emailSchema.optional(),
  })
  .strict()
  .superRefine((alerts, context) => {
    if (!alerts.webhook && !alerts.email) context.addIssue({ code: 'custom', path: [], message: 'give a `webhook` or an `email` (or both) to send alerts to' });
  });

type Section = z.output<typeof alertsSectionSchema>;

export interface WebhookSettings {
  url: string;
  timeoutMs: number;
  retries: number;
}

export interface EmailSettings {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  auth?: { user: string; password: string };
  from: string;
  to: string[];
  timeoutMs: number;
  /** The language of the message: Dutch unless `en`. */
  language: 'nl' | 'en';
}

export interface AlertSettings {
  openErrorsAbove: number;
  webhook?: WebhookSettings;
  email?: EmailSettings;
  /** Every secret value in the section, for the redactor. */
  secrets: string[];
}

/** Validates a raw `alerts:` section (references resolved first); throws a ConfigurationError listing every problem. */
export function parseAlertSettings(raw: unknown, context: { file: string; env?: NodeJS.ProcessEnv }): AlertSettings {
  const where = basename(context.file);
  const secrets = new Set<string>();
  const unresolved: Unresolved = new Map();
  const resolved = resolveReferences(raw, ['alerts'], { baseDir: dirname(context.file), env: context.env ?? process.env, problems: unresolved, secrets });
  const problems: ConfigProblem[] = unresolvedProblems(unresolved, { eachPath: true });
  const parsed = checkConfig(alertsSectionSchema, resolved, 'alerts');
  const unresolvedPaths = new Set(problems.map((p) => p.path));
  if (!parsed.success) {
    // What an unresolved reference then fails (an empty URL) is not repeated.
    problems.push(...parsed.problems.filter((p) => !unresolvedPaths.has(p.path)));
  }
  if (problems.length || !parsed.success) throw new ConfigurationError(problems.map((p) => ({ ...p, path: `${where}: ${p.path}` })));
  return toSettings(parsed.data, secrets);
}

/**
 * The `alerts:` section of a settings file (a directory's koppelwerk.yaml, or the service's alerts
 * file); undefined when the file has none. Other sections are left to their own readers.
 */
export function loadAlertSettings(file: string, options: { env?: NodeJS.ProcessEnv; required?: boolean } = {}): AlertSettings | undefined {
  const where = basename(file);
  if (!existsSync(file)) {
    if (options.required) throw new ConfigurationError([{ path: file, message: 'cannot read the alerts file: it does not exist' }]);
    return undefined;
  }
  let raw: unknown;
  try {
    const document = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true });
    if (document.errors.length) {
      throw new ConfigurationError(document.errors.map((error) => ({ path: where, message: `not readable as YAML: ${error.message.split('\n')[0]}` })));
    }
    raw = document.toJS() ?? {};
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw new ConfigurationError([{ path: file, message: `cannot read the alerts file: ${(error as Error).message.split('\n')[0]}` }]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigurationError([{ path: where, message: 'expected a mapping with an `alerts:` section' }]);
  const section = (raw as Record<string, unknown>).alerts;
  if (section === undefined) {
    if (options.required) throw new ConfigurationError([{ path: `${where}: alerts`, message: 'is required: this file is given as the alerts file' }]);
    return undefined;
  }
  return parseAlertSettings(section, { file, env: options.env });
}

/** The alerts of a tenants directory: `alerts:` in its koppelwerk.yaml, if any. */
export function readDirectoryAlertSettings(directory: string, env?: NodeJS.ProcessEnv): AlertSettings | undefined {
  return loadAlertSettings(join(directory, DAEMON_SETTINGS_FILE), { env });
}

/** The service's alerts: `--alerts <file>`, else the file named by KOPPELWERK_ALERTS, else none. */
export function readServiceAlertSettings(option: string | undefined, env: NodeJS.ProcessEnv = process.env): AlertSettings | undefined {
  const file = option ?? (env[ALERTS_FILE_ENV] || undefined);
  return file === undefined ? undefined : loadAlertSettings(file, { env, required: true });
}

function toSettings(section: Section, secrets: Set<string>): AlertSettings {
  const settings: AlertSettings = { openErrorsAbove: section.openErrorsAbove, secrets: [] };
  if (section.webhook) {
    settings.webhook = { url: section.webhook.url, timeoutMs: section.webhook.timeoutSeconds * 1000, retries: section.webhook.retries };
    secrets.add(section.webhook.url);
  }
  if (section.email) {
    const { user, password, port, secure, ...email } = section.email;
    settings.email = {
      host: email.host,
      port: port ?? (secure ? 465 : 587),
      secure,
      requireTLS: email.requireTLS,
      auth: user !== undefined && password !== undefined ? { user, password } : undefined,
      from: email.from,
      to: email.to,
      timeoutMs: email.timeoutSeconds * 1000,
      language: email.language,
    };
    if (password !== undefined) secrets.add(password);
  }
  settings.secrets = [...secrets];
  return settings;
}
