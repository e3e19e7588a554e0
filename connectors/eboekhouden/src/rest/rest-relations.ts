/**
 * Find-or-create of relations by their deterministic code over REST. The codes that exist are read
 * once per run (GET /v1/relation, with their ids), so a returning customer costs no call and a new
 * one costs one POST /v1/relation; concurrent requests for one code share one attempt, an existing
 * relation is never changed, and "code already exists" (REL_049: created since, by another
 * process) is settled by looking the code up.
 */
import { KoppelwerkError, RejectedError, type EnsuredRelation, type Logger, type RelationToEnsure } from '@koppelwerk/core';
import { validateRelation } from '../eboekhouden-validation';
import { toCreateRelation } from './mappers/rest-relation-mapper';
import type { RestClient } from './rest-client';
import type { RestReferenceIds } from './rest-ids';
import { worded } from '../eboekhouden-messages';

export const RELATION_CODE_EXISTS = 'REL_049';

export class RestRelations {
  /** Codes being ensured in this run: concurrent callers share one attempt. */
  private readonly pending = new Map<string, Promise<EnsuredRelation>>();

  constructor(
    private readonly client: RestClient,
    private readonly ids: RestReferenceIds,
    private readonly logger: Logger,
  ) {}

  /** Its code was validated by the sink (eboekhouden-validation.ts). */
  async ensure(wanted: RelationToEnsure): Promise<EnsuredRelation> {
    const running = this.pending.get(wanted.code);
    if (running) return running.then(() => ({ code: wanted.code, created: false }));
    const attempt = this.findOrCreate(wanted).finally(() => this.pending.delete(wanted.code));
    this.pending.set(wanted.code, attempt);
    return attempt;
  }

  private async findOrCreate(wanted: RelationToEnsure): Promise<EnsuredRelation> {
    if ((await this.ids.relations()).has(wanted.code)) return { code: wanted.code, created: false };
    if (!wanted.createIfMissing) {
      throw new RejectedError(...worded('EB_RELATION_MISSING', { relationCode: wanted.code, creatingOff: 'yes' }));
    }
    validateRelation(wanted.code, wanted.relation, 'rest');
    const body = toCreateRelation(wanted.code, wanted.relation);
    try {
      const created = await this.client.post<{ id?: number; code?: string }>('/v1/relation', { body, document: `relation ${wanted.code}` });
      if (typeof created?.id === 'number') await this.ids.rememberRelation(wanted.code, created.id);
      else await this.ids.relationId(wanted.code);
      this.logger.debug('relation created in e-Boekhouden', { code: wanted.code });
      return { code: wanted.code, created: true };
    } catch (error) {
      if (KoppelwerkError.is(error) && error.code === RELATION_CODE_EXISTS && (await this.ids.relationId(wanted.code)) !== undefined) {
        return { code: wanted.code, created: false };
      }
      throw error;
    }
  }
}
