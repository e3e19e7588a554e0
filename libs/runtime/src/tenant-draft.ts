/**
 * A tenant link made without a shell (the dashboard's "Nieuwe koppeling", `POST /api/tenants`):
 * the two connectors, their settings as typed, the ledgers and the cadence. It becomes the tenant
 * file `koppelwerk init` writes for those connectors (tenant-template.ts), with the draft's values
 * set in it and the comments kept; a secret typed in is stored encrypted (`${encrypted:..}`, the
 * machine's key), a `${env:..}`/`${file:..}` reference stays a reference. Before it is saved it is
 * checked as the CLI checks a tenant file, and it can be tried: both sides checked and a dry run,
 * on a scratch copy whose state is thrown away, so nothing is written anywhere.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, connectorName, secretPaths, type CheckResult, type ConnectorKind, type ConnectorRegistry, type RegisteredConnector } from '@koppelwerk/core';
import type { SyncSummary } from '@koppelwerk/engine';
import { parseDocument } from 'yaml';
import { secretReferenceOf } from './secrets/secret-references';
import { parseTenantYaml, tenantConfigFromObject, type TenantConfig } from './tenant-config';
import { checkTenant, openTenant } from './tenant-runtime';
import { LEDGER_PATHS } from './tenant-file-edit';
import { tenantNameProblem, tenantTemplate } from './tenant-template';

export interface DraftSide {
  /** As a tenant file names it: a built-in connector's id or a connector package's name. */
  connector: string;
  /** Another address than the real service's (a test system, a simulator). */
  endpoint?: string;
  settings: Record<string, unknown>;
}

/** The ledger numbers a draft sets (each left out keeps the template's). */
export interface DraftLedgers {
  debtors?: string;
  creditors?: string;
  /** The revenue ledger when no rule matches (`mapping.ledgers.sales.default`). */
  sales?: string;
  purchase?: string;
}

export interface TenantDraft {
  tenant: string;
  source: DraftSide;
  sink: DraftSide;
  ledgers?: DraftLedgers;
  /** How often the tenant runs (`schedule.everyMinutes`). */
  everyMinutes?: number;
}

/** What trying a draft found: both dots, and what a sync would do when asked. */
export interface DraftTrial {
  checks: { source: CheckResult; sink: CheckResult };
  dryRun?: SyncSummary;
}

function connectorFor(registry: ConnectorRegistry, side: DraftSide, kind: ConnectorKind, cwd: string): RegisteredConnector {
  return registry.find(side.connector, kind, `${kind}.connector`, cwd);
}

/**
 * The tenant file of a draft. `encrypt` turns a typed-in secret into its `${encrypted:..}` reference.
 * An unknown connector or tenant name is a ConfigurationError at its field; the rest of the checking
 * is `checkDraftFile`'s.
 */
export function draftTenantFile(draft: TenantDraft, registry: ConnectorRegistry, encrypt: (plaintext: string) => string, cwd = process.cwd()): string {
  const nameProblem = tenantNameProblem(draft.tenant);
  const problems = nameProblem ? [{ path: 'tenant', message: nameProblem }] : [];
  const found: Partial<Record<'source' | 'sink', RegisteredConnector>> = {};
  for (const kind of ['source', 'sink'] as const) {
    try {
      found[kind] = connectorFor(registry, draft[kind], kind, cwd);
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      problems.push(...error.problems);
    }
  }
  const { source, sink } = found;
  if (problems.length > 0 || !source || !sink) throw new ConfigurationError(problems);
  const document = parseDocument(tenantTemplate(draft.tenant, source.manifest, sink.manifest, { source: connectorName(source), sink: connectorName(sink) }));
  for (const [kind, entry] of [['source', source], ['sink', sink]] as const) {
    const settings = structuredClone(draft[kind].settings);
    for (const path of secretPaths(entry.manifest.configSchema, settings)) encryptAt(settings, path, encrypt);
    // The template's settings are the connector's example (its simulator's login): the draft's replace them whole.
    document.setIn([kind, 'settings'], document.createNode(settings));
    if (draft[kind].endpoint) document.setIn([kind, 'endpoint'], draft[kind].endpoint);
  }
  for (const [name, path] of Object.entries(LEDGER_PATHS) as Array<[keyof DraftLedgers, string[]]>) {
    const ledger = draft.ledgers?.[name];
    if (ledger !== undefined && ledger !== '') document.setIn(path, ledger);
  }
  if (draft.everyMinutes !== undefined) document.setIn(['schedule', 'everyMinutes'], draft.everyMinutes);
  return document.toString();
}

function encryptAt(settings: Record<string, unknown>, path: string[], encrypt: (plaintext: string) => string): void {
  let node: Record<string, unknown> = settings;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const key = path[path.length - 1];
  const value = node[key];
  if (typeof value === 'string' && secretReferenceOf(value) === undefined) node[key] = encrypt(value);
}

/** A draft's file checked as the CLI checks a tenant file (references resolved, both settings and the mapping validated). */
export function checkDraftFile(text: string, registry: ConnectorRegistry, file: string, env: NodeJS.ProcessEnv = process.env): TenantConfig {
  return tenantConfigFromObject(parseTenantYaml(text, file), file, registry, { env });
}

/**
 * Tries a draft's file on a scratch copy in the temp folder: both sides checked, and with `dryRun`
 * what a sync would book, park or find already booked. The copy and its state are removed after.
 */
export async function tryDraftFile(text: string, registry: ConnectorRegistry, options: { dryRun?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<DraftTrial> {
  const scratch = mkdtempSync(join(tmpdir(), 'koppelwerk-draft-'));
  try {
    const file = join(scratch, 'tenant.yaml');
    writeFileSync(file, text, { mode: 0o600 });
    const runtime = await openTenant(file, registry, { env: options.env });
    try {
      const checks = await checkTenant(runtime);
      const dryRun = options.dryRun && checks.source.ok ? await runtime.engine.sync({ runId: runtime.runId, dryRun: true }) : undefined;
      return { checks, dryRun };
    } finally {
      await runtime.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
