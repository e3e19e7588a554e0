/**
 * The import direction: reads relations and articles from the sink (the bookkeeping) and upserts them
 * into a source that receives reference data (WerkbonApp): relations, materials, and hour types
 * (active articles with unit UUR). Records the result in the seeds' words: "4 relations synchronized
 * 1 materials synchronized 2 hour types synchronized". Run by `koppelwerk import` and by the daemon.
 */
import {
  ConfigurationError,
  ExitCode,
  hasCapability,
  ImportTarget,
  isHourType,
  type Article,
  type UpsertResult,
} from '@koppelwerk/core';
import type { TenantRuntime } from './tenant-runtime';

export interface ImportSummary {
  tenant: string;
  relations: UpsertResult;
  materials: UpsertResult;
  hourTypes: UpsertResult;
  /** The log line: "4 relations synchronized 1 materials synchronized 2 hour types synchronized". */
  message: string;
  exitCode: number;
}

/** Materials are the active articles that are no hour type (hour types go their own way). */
export function isMaterial(article: Article): boolean {
  return article.active && !isHourType(article) && article.unit.trim().toUpperCase() !== 'UUR';
}

export function importMessage(results: { relations: UpsertResult; materials: UpsertResult; hourTypes: UpsertResult }): string {
  const synced = (result: UpsertResult) => result.created + result.updated;
  return `${synced(results.relations)} relations synchronized ${synced(results.materials)} materials synchronized ${synced(results.hourTypes)} hour types synchronized`;
}

export async function runImport(runtime: TenantRuntime): Promise<ImportSummary> {
  const { config, sink, container, store, redactor, runId } = runtime;
  if (!hasCapability(config.source.manifest, 'import-target')) {
    throw new ConfigurationError([{ path: 'source.connector', message: `${config.source.manifest.title} does not receive data from the bookkeeping; \`import\` is for sources such as WerkbonApp` }]);
  }
  const target = container.get<ImportTarget>(ImportTarget);
  const [relations, articles] = await Promise.all([sink.listRelations(), sink.listArticles()]);
  const results = {
    relations: await target.upsertRelations(relations),
    materials: await target.upsertMaterials(articles.filter(isMaterial)),
    hourTypes: await target.upsertHourTypes(articles.filter(isHourType)),
  };
  const message = importMessage(results);
  await store.logActivity({ subject: 'relation', action: 'created', runId, message: `import into ${config.source.manifest.title}: ${message}` });
  const failures = Object.entries(results).flatMap(([kind, result]) => result.failed.map((failure) => ({ kind, ...failure })));
  for (const failure of failures) {
    const text = redactor.redactText(failure.error.message);
    if (failure.kind === 'relations') await store.logActivity({ subject: 'relation', action: 'failed', runId, relationCode: failure.key, message: text });
    else await store.logActivity({ subject: 'document', action: 'failed', runId, documentKey: `${failure.kind}:${failure.key}`, message: text });
  }
  return { tenant: config.tenant, ...results, message, exitCode: failures.length ? ExitCode.parked : ExitCode.ok };
}
