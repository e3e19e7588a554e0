/**
 * A service tenant's configuration for a command that only asks its source (`explain --database`):
 * only the source's secrets need to be set on this machine. When the sink's section does not load
 * here (its secrets are the worker's), the sink is not opened: in its place stands one that
 * refuses every call with what is missing, so a document whose explanation does ask the
 * bookkeeping (a work order's articles) says which variables that takes.
 */
import { join, resolve } from 'node:path';
import { ContainerModule } from 'inversify';
import { z } from 'zod';
import {
  AccountingSink,
  CONTRACT_VERSION,
  ConfigurationError,
  ConnectorRegistry,
  defineConnector,
  FILE_MESSAGES,
  nestedParams,
  wordedBy,
  type Article,
  type BookedReference,
  type BookkeepingRelation,
  type CheckResult,
  type ConfigProblem,
  type EnsuredRelation,
  type Ledger,
} from '@koppelwerk/core';
import { parseTenantYaml, tenantConfigFromObject, type TenantConfig } from '@koppelwerk/runtime';
import { serviceTenantConfig } from './service-tenant-file';

const worded = wordedBy(FILE_MESSAGES);

/** The id of the sink that stands in for one not opened on this machine. */
const UNOPENED_SINK = 'koppelwerk-unopened-sink';

/** A sink that was not opened here: every call is refused with the problems that kept it closed. */
class UnopenedSink implements AccountingSink {
  constructor(private readonly problems: ConfigProblem[]) {}

  private refuse(): Promise<never> {
    return Promise.reject(new ConfigurationError(this.problems));
  }

  check(): Promise<CheckResult> {
    return this.refuse();
  }
  ensureRelation(): Promise<EnsuredRelation> {
    return this.refuse();
  }
  bookJournalEntry(): Promise<BookedReference> {
    return this.refuse();
  }
  findBooked(): Promise<BookedReference | null> {
    return this.refuse();
  }
  listLedgers(): Promise<Ledger[]> {
    return this.refuse();
  }
  listVatCodes(): Promise<string[]> {
    return this.refuse();
  }
  listArticles(): Promise<Article[]> {
    return this.refuse();
  }
  listRelations(): Promise<BookkeepingRelation[]> {
    return this.refuse();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

function unopenedSinkManifest(title: string, problems: ConfigProblem[]) {
  return defineConnector({
    contractVersion: CONTRACT_VERSION,
    id: UNOPENED_SINK,
    kind: 'sink',
    title,
    description: 'a sink whose secrets are not set on this machine',
    capabilities: [],
    configSchema: z.object({}),
    exampleConfig: {},
    createModule: () => new ContainerModule(({ bind }) => void bind(AccountingSink).toConstantValue(new UnopenedSink(problems))),
  });
}

/** The sink's title as the registry knows it, else what the file names. */
function sinkTitle(section: unknown, registry: ConnectorRegistry): string {
  const connector = (section as { connector?: unknown } | undefined)?.connector;
  if (typeof connector !== 'string') return 'the sink';
  try {
    return registry.get(connector, 'sink').title;
  } catch {
    return connector;
  }
}

const isSinkProblem = (problem: ConfigProblem) => problem.path === 'sink' || problem.path.startsWith('sink.');

/**
 * The stored tenant file resolved with this machine's environment (as a worker resolves it), for a
 * command that asks only the source. Problems outside the sink's section are thrown as always; the
 * sink's only keep the sink closed, and are said when it is asked.
 */
export function sourceSideTenantConfig(name: string, yaml: string, registry: ConnectorRegistry, env: NodeJS.ProcessEnv = process.env, baseDir = process.cwd()): TenantConfig {
  try {
    return serviceTenantConfig(name, yaml, registry, env, baseDir);
  } catch (error) {
    if (!(error instanceof ConfigurationError) || error.problems.every((problem) => !isSinkProblem(problem))) throw error;
    const own = error.problems.filter((problem) => !isSinkProblem(problem));
    if (own.length) throw new ConfigurationError(own);
    const raw = parseTenantYaml(yaml, `tenant ${name}`) as Record<string, unknown>;
    const title = sinkTitle(raw.sink, registry);
    const problems = error.problems.map((problem) => worded.problem(problem.path, 'SINK_NEEDED_TOO', { title, ...nestedParams('problem', { code: problem.code, params: problem.params, text: problem.message }) }));
    // The real connectors as the tenant's registry finds them, and the stand-in for the sink.
    const withStandIn = new ConnectorRegistry([unopenedSinkManifest(title, problems)], (id, from) => registry.find(id, undefined, 'connector', from));
    return tenantConfigFromObject({ ...raw, sink: { connector: UNOPENED_SINK, settings: {} } }, join(resolve(baseDir), `${name}.yaml`), withStandIn, { env });
  }
}
