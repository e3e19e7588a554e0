/**
 * One live lookup for a program (the dashboard's link wizard, a settings page): the connector's
 * container is built from draft settings the way the tenant runtime builds a side (the manifest
 * from the registry, the settings resolved and validated by its schema, its module in a tenant
 * container with a redactor of its secrets), and one declared lookup runs, with a timeout. The
 * answer is the items, or a KoppelwerkError: a configuration error for an unknown connector or
 * lookup or a draft its schema refuses (each problem at its path, before any call), the
 * connector's own error (credentials refused, no answer), or LOOKUP_TIMEOUT / LOOKUP_STOPPED.
 */
import { randomUUID } from 'node:crypto';
import {
  AccountingSink,
  ConfigurationError,
  ConnectorLookups,
  KoppelwerkError,
  Redactor,
  collectSecrets,
  createTenantContainer,
  declaredLookups,
  lookupFailure,
  lookupStoppedError,
  lookupTimeoutError,
  silentLogger,
  checkConfig,
  unknownLookupError,
  untilAborted,
  type ConfigProblem,
  type ConnectorKind,
  type ConnectorManifest,
  type ConnectorRegistry,
  type LogFields,
  type Logger,
  type LookupItem,
} from '@koppelwerk/core';
import type { Container } from 'inversify';
import type { SecretKeyring } from './secrets/secret-box';
import { resolveReferences, unresolvedProblems, type Unresolved } from './secrets/secret-references';

/** How long a lookup may take unless the caller says otherwise. */
export const DEFAULT_LOOKUP_TIMEOUT_MS = 20_000;

export interface ConnectorLookupRequest {
  /** The connector as a tenant file names it: a built-in id (`eboekhouden`) or an installed package's name. */
  connector: string;
  /** The lookup, as the connector's manifest declares it (`ledgers`, `orderStatuses`). */
  lookup: string;
  /**
   * Draft settings, as the side's `settings:` in a tenant file would hold them. Secrets may be plain
   * (they are redacted from every log line and error) or `${env:}`, `${file:}`, `${encrypted:}` references.
   */
  settings?: Record<string, unknown>;
  /** The side's `endpoint` (a simulator's address), written next to `settings` in a tenant file. */
  endpoint?: string;
  /** The side the connector must be on; a connector of the other kind is refused. Default: its own kind. */
  side?: ConnectorKind;
  /** Default DEFAULT_LOOKUP_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Stops the lookup (a request that went away). */
  signal?: AbortSignal;
  /** Where the connector's log lines go, redacted with the draft's secrets. Default: nowhere. */
  logger?: Logger;
  /** The folder of `${file:}` references and where connector packages are found. Default: the working directory. */
  baseDir?: string;
  /** Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The keys of `${encrypted:}` references. Default: this machine's. */
  keyring?: SecretKeyring;
  /** Names the tenant in log lines. Default `lookup`. */
  tenant?: string;
}

/**
 * Runs the lookup `request.lookup` of the connector `request.connector` on the draft settings and
 * returns its items. Rejects with a KoppelwerkError only (see the top of this file); a sink's
 * session is closed afterwards.
 */
export async function runConnectorLookup(registry: ConnectorRegistry, request: ConnectorLookupRequest): Promise<LookupItem[]> {
  const manifest = findConnector(registry, request);
  const { title } = manifest;
  const name = request.lookup;
  const offered = declaredLookups(manifest).map((lookup) => lookup.name);
  if (!offered.includes(name)) throw unknownLookupError(title, name, offered);
  const { config, secrets } = draftConfig(manifest, request);
  const redactor = new Redactor(secrets);
  const logger = request.logger ? redacting(request.logger, redactor) : silentLogger;

  const timeoutMs = request.timeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(lookupTimeoutError(title, name, Math.round(timeoutMs / 100) / 10)), timeoutMs);
  const outer = request.signal;
  const stop = () => controller.abort(KoppelwerkError.is(outer?.reason) ? outer.reason : lookupStoppedError(title, name));
  if (outer?.aborted) stop();
  else outer?.addEventListener('abort', stop, { once: true });

  let container: Container | undefined;
  try {
    const use = { manifest, config };
    container = createTenantContainer({ tenant: request.tenant ?? 'lookup', runId: randomUUID(), logger, redactor, ...(manifest.kind === 'source' ? { source: use } : { sink: use }) });
    const lookups = container.get<ConnectorLookups>(ConnectorLookups);
    // Also when a connector's lookup does not watch its signal: the caller waits no longer than the timeout.
    return await untilAborted(lookups.lookup(name, controller.signal), controller.signal, () => lookupStoppedError(title, name));
  } catch (error) {
    throw lookupFailure(title, name, error, (text) => redactor.redactText(text));
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', stop);
    if (container) await closeSession(container, logger, controller.signal.aborted);
  }
}

function findConnector(registry: ConnectorRegistry, request: ConnectorLookupRequest): ConnectorManifest {
  const path = request.side ? `${request.side}.connector` : 'connector';
  return registry.get(request.connector, request.side, path, request.baseDir);
}

/** The draft's settings resolved and parsed by the connector's schema, with every secret in them; each problem at its path in a tenant file. */
function draftConfig(manifest: ConnectorManifest, request: ConnectorLookupRequest): { config: unknown; secrets: string[] } {
  const side = manifest.kind;
  const unresolved: Unresolved = new Map();
  const resolvedSecrets = new Set<string>();
  const settings = resolveReferences(request.settings ?? {}, [side, 'settings'], {
    baseDir: request.baseDir ?? process.cwd(),
    env: request.env ?? process.env,
    keyring: request.keyring,
    problems: unresolved,
    secrets: resolvedSecrets,
  }) as Record<string, unknown>;
  if (unresolved.size) throw new ConfigurationError(unresolvedProblems(unresolved));
  const candidate = request.endpoint === undefined ? settings : { ...settings, endpoint: request.endpoint };
  const parsed = checkConfig(manifest.configSchema, candidate, `${side}.settings`);
  if (!parsed.success) {
    // The endpoint is written next to `settings`, so a problem with it is reported where it is written.
    const moved = (problem: ConfigProblem) => (request.endpoint !== undefined && problem.path === `${side}.settings.endpoint` ? { ...problem, path: `${side}.endpoint` } : problem);
    throw new ConfigurationError(parsed.problems.map(moved));
  }
  return { config: parsed.data, secrets: [...resolvedSecrets, ...collectSecrets(manifest.configSchema, parsed.data)] };
}

/** Ends a sink's session; after a timeout or a stop without waiting for it (the wire may still hang). */
async function closeSession(container: Container, logger: Logger, stopped: boolean): Promise<void> {
  if (!container.isBound(AccountingSink)) return;
  const closing = container
    .get<AccountingSink>(AccountingSink)
    .close()
    .catch((error: unknown) => logger.warn('closing the session after a lookup failed', { error }));
  if (!stopped) await closing;
}

/** `logger`, with the draft's secrets (and the session ids its connector learns) taken out of every line. */
function redacting(logger: Logger, redactor: Redactor): Logger {
  const fields = (value?: LogFields) => (value === undefined ? undefined : redactor.redact(value));
  return {
    debug: (message, extra) => logger.debug(redactor.redactText(message), fields(extra)),
    info: (message, extra) => logger.info(redactor.redactText(message), fields(extra)),
    warn: (message, extra) => logger.warn(redactor.redactText(message), fields(extra)),
    error: (message, extra) => logger.error(redactor.redactText(message), fields(extra)),
    child: (extra) => redacting(logger.child(redactor.redact(extra)), redactor),
  };
}
