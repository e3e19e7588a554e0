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
  redactParams,
  type Article,
  type UpsertResult,
} from '@koppelwerk/core';
import type { TenantRuntime } from './tenant-runtime';
import { worded } from './worded';

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
    throw new ConfigurationError([worded.problem('source.connector', 'IMPORT_NOT_A_TARGET', { title: config.source.manifest.title })]);
  }
  const target = container.get<ImportTarget>(ImportTarget);
  const [relations, articles] = await Promise.all([sink.listRelations(), sink.listArticles()]);
  const results = {
    relations: await target.upsertRelations(relations),
    materials: await target.upsertMaterials(articles.filter(isMaterial)),
    hourTypes: await target.upsertHourTypes(articles.filter(isHourType)),
  };
  const message = importMessage(results);
  const synced = (result: UpsertResult) => result.created + result.updated;
  const done = worded.text('IMPORT_DONE', { title: config.source.manifest.title, relations: synced(results.relations), materials: synced(results.materials), hourTypes: synced(results.hourTypes) });
  await store.logActivity({ subject: 'relation', action: 'created', runId, message: done.message, code: done.code, params: done.params });
  const failures = Object.entries(results).flatMap(([kind, result]) => result.failed.map((failure) => ({ kind, ...failure })));
  for (const failure of failures) {
    const redact = (text: string) => redactor.redactText(text);
    const text = { message: redact(failure.error.message), ...(failure.error.code !== undefined ? { code: failure.error.code } : {}), ...(failure.error.params ? { params: redactParams(failure.error.params, redact) } : {}) };
    if (failure.kind === 'relations') await store.logActivity({ subject: 'relation', action: 'failed', runId, relationCode: failure.key, ...text });
    else await store.logActivity({ subject: 'document', action: 'failed', runId, documentKey: `${failure.kind}:${failure.key}`, ...text });
  }
  return { tenant: config.tenant, ...results, message, exitCode: failures.length ? ExitCode.parked : ExitCode.ok };
}
