/**
 * `koppelwerk disconnect <tenant.yaml> --side source|sink [--yes]`: forgets one side's credentials
 * and state for a tenant, after saying what it removes.
 *
 * Credentials: every secret setting of the side (the connector's schema marks them) is replaced by
 * an empty value in the tenant file, comments and the other settings kept. A secret written as
 * `${env:NAME}` or `${file:path}` loses its reference; the variable or file itself lives outside
 * Koppelwerk, so the person is told to remove it. State: for the source its cursors (the next run
 * after reconnecting reads from the beginning; documents already booked are skipped), for the sink
 * nothing but its dot. The booking ledger, the error queue, the activity log and the run history
 * stay: they are the proof of what was booked, and they keep a reconnected tenant exactly-once.
 * Without --yes nothing is removed and the exit code is 64.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { ConfigurationError, ExitCode, KoppelwerkError, redactConfig, type ConnectorRegistry } from '@koppelwerk/core';
import { describeLockHolder, type Side } from '@koppelwerk/engine';
import { SqliteStateStore } from '@koppelwerk/store-sqlite';
import { isScalar, parseDocument } from 'yaml';
import { type Output, readTenantFile, secretReferenceOf, tenantStatePath } from '@koppelwerk/runtime';

export interface DisconnectOptions {
  side?: string;
  yes?: boolean;
}

interface SecretSetting {
  /** Path in the tenant file, e.g. `sink.settings.securityCode1`. */
  path: string;
  /** Where the value came from: written in the file, an environment variable, or a file. */
  origin: 'inline' | 'env' | 'file' | 'encrypted';
  /** The variable's name or the file's path (never the secret). */
  reference?: string;
}

interface Removal {
  tenant: string;
  side: Side;
  connector: string;
  file: string;
  secrets: SecretSetting[];
  cursors: string[];
  dot: boolean;
  keeps: string[];
}

/** The paths of the secret settings that have a value, found through the connector's schema. */
function secretPaths(schema: Parameters<typeof redactConfig>[0], settings: Record<string, unknown>): string[][] {
  const redacted = redactConfig(schema, settings) as unknown;
  const found: string[][] = [];
  const walk = (original: unknown, masked: unknown, path: string[]) => {
    if (masked === '***' && original !== '***') {
      if (typeof original === 'string' && original !== '') found.push(path);
      return;
    }
    if (original && typeof original === 'object' && masked && typeof masked === 'object') {
      for (const key of Object.keys(original)) walk((original as Record<string, unknown>)[key], (masked as Record<string, unknown>)[key], [...path, key]);
    }
  };
  walk(settings, redacted, []);
  return found;
}

function originOf(value: string): Pick<SecretSetting, 'origin' | 'reference'> {
  const reference = secretReferenceOf(value);
  return reference ? { origin: reference.kind, reference: reference.name } : { origin: 'inline' };
}

function describeSecret(secret: SecretSetting): string {
  if (secret.origin === 'env') return `${secret.path}: the reference to environment variable ${secret.reference} (remove that variable from the environment too)`;
  if (secret.origin === 'file') return `${secret.path}: the reference to the file ${secret.reference} (delete that file too)`;
  if (secret.origin === 'encrypted') return `${secret.path}: the encrypted value written in the tenant file`;
  return `${secret.path}: the value written in the tenant file`;
}

export async function disconnectCommand(registry: ConnectorRegistry, file: string, options: DisconnectOptions, output: Output): Promise<number> {
  if (options.side !== 'source' && options.side !== 'sink') {
    throw new ConfigurationError([{ path: '--side', message: 'say which side to disconnect: --side source or --side sink' }]);
  }
  const side: Side = options.side;
  const text = readTenantFile(file);
  const document = parseDocument(text);
  if (document.errors.length) throw new ConfigurationError([{ path: file, message: `YAML: ${document.errors[0].message.split('\n')[0]}` }]);
  const raw = (document.toJS() ?? {}) as { tenant?: unknown; state?: { path?: unknown }; source?: unknown; sink?: unknown };
  const section = (raw[side] ?? {}) as { connector?: unknown; settings?: Record<string, unknown> };
  if (typeof raw.tenant !== 'string' || typeof section.connector !== 'string') {
    throw new ConfigurationError([{ path: typeof raw.tenant !== 'string' ? 'tenant' : `${side}.connector`, message: 'missing: cannot tell what to disconnect' }]);
  }
  const manifest = registry.get(section.connector, side, `${side}.connector`);
  const settings = section.settings ?? {};
  const secrets: SecretSetting[] = secretPaths(manifest.configSchema, settings).map((path) => ({
    path: [side, 'settings', ...path].join('.'),
    ...originOf(String(path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], settings))),
  }));

  const statePath = tenantStatePath(file, raw.tenant, typeof raw.state?.path === 'string' ? raw.state.path : undefined);
  const store = existsSync(statePath) ? new SqliteStateStore({ path: statePath }) : undefined;
  const runId = `disconnect-${randomUUID()}`;
  let locked = false;
  try {
    const cursors = side === 'source' && store ? (await store.listCursors()).map((c) => c.stream) : [];
    const dot = store ? (await store.getChecks()).some((c) => c.side === side) : false;
    const keeps = ['the booking ledger, the error queue, the activity log and the run history (what was booked stays known, so nothing is booked twice after reconnecting)'];
    keeps.push(`the other settings of the ${side} and the whole other side`);
    const removal: Removal = { tenant: raw.tenant, side, connector: manifest.id, file, secrets, cursors, dot, keeps };
    const nothing = secrets.length === 0 && cursors.length === 0 && !dot;

    if (store) {
      const attempt = await store.acquireLock({ runId, pid: process.pid, host: hostname() }, 60_000);
      if (!attempt.acquired) {
        output.error(`cannot disconnect now: ${describeLockHolder(attempt.holder)}`, { class: 'locked' });
        return ExitCode.locked;
      }
      locked = true;
    }

    const heading = `${options.yes ? 'disconnected' : 'disconnecting'} the ${side} (${manifest.title}) of tenant ${raw.tenant}`;
    output.line(nothing ? `${heading}: nothing to remove, it is already disconnected` : `${heading} ${options.yes ? 'removed' : 'would remove'}:`);
    for (const secret of secrets) output.line(`  - ${describeSecret(secret)}`);
    for (const stream of cursors) output.line(`  - the ${stream} cursor (after reconnecting, the first run reads from the beginning and skips what was booked)`);
    if (dot) output.line(`  - the ${side}'s dot (it shows as not checked until the next check)`);
    if (!nothing) output.line(`and keeps ${keeps.join('; ')}.`);

    if (!options.yes) {
      output.result({ ...removal, removed: false });
      if (nothing) return ExitCode.ok;
      output.error(`nothing was removed: run \`koppelwerk disconnect ${file} --side ${side} --yes\` to remove it`);
      return ExitCode.usage;
    }

    for (const secret of secrets) {
      const node = document.getIn(secret.path.split('.'), true);
      if (isScalar(node)) node.value = '';
      else document.setIn(secret.path.split('.'), '');
    }
    if (secrets.length) writeFileSync(file, String(document));
    if (store && side === 'source') await store.forgetCursors();
    if (store) await store.forgetCheck(side);
    output.result({ ...removal, removed: true });
    if (!nothing) output.line(`to reconnect: fill in the ${side}'s settings in ${file}, then run \`koppelwerk check ${file}\``);
    return ExitCode.ok;
  } catch (error) {
    if (KoppelwerkError.is(error)) throw error;
    throw new Error(`disconnect failed: ${(error as Error).message}`);
  } finally {
    if (store) {
      if (locked) await store.releaseLock(runId);
      await store.close();
    }
  }
}
