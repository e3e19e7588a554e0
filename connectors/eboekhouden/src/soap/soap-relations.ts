/**
 * Find-or-create of relations by their deterministic code. The codes that exist are read once per
 * run (one GetRelaties), so a returning customer costs no call and a new one costs one AddRelatie;
 * concurrent requests for one code share one attempt, an existing relation is never overwritten,
 * and "code already in use" (CREL001: created since, by another process) is settled by looking the
 * code up again.
 */
import { inject, injectable } from 'inversify';
import {
  KoppelwerkError,
  RejectedError,
  todayInAmsterdam,
  type BookkeepingRelation,
  type EnsuredRelation,
  type ModuleContext,
  type RelationToEnsure,
} from '@koppelwerk/core';
import { EboekhoudenModuleContext } from '../eboekhouden-tokens';
import { validateRelation } from '../eboekhouden-validation';
import { text } from '../wire-format';
import { fromRelatie, toRelatie, type CRelatie } from './mappers/relatie-mapper';
import { RELATION_CODE_IN_USE } from './soap-errors';
import { SoapSession } from './soap-session';
import { listOf } from './soap-wire';
import { worded } from '../eboekhouden-messages';

const SETTLED: Promise<unknown> = Promise.resolve();

@injectable()
export class SoapRelations {
  /** Codes ensured in this run (or being ensured); a settled one keeps only a shared promise. */
  private readonly known = new Map<string, Promise<unknown>>();
  private existingCodes: Promise<Set<string>> | null = null;

  constructor(
    @inject(SoapSession) private readonly session: SoapSession,
    @inject(EboekhoudenModuleContext) private readonly context: ModuleContext,
  ) {}

  /** Its code was validated by the sink (eboekhouden-validation.ts). */
  async ensure(wanted: RelationToEnsure): Promise<EnsuredRelation> {
    const cached = this.known.get(wanted.code);
    if (cached) return cached.then(() => ({ code: wanted.code, created: false }));
    const pending = this.findOrCreate(wanted);
    this.known.set(wanted.code, pending);
    pending.then(
      () => this.known.get(wanted.code) === pending && this.known.set(wanted.code, SETTLED),
      () => this.known.delete(wanted.code),
    );
    return pending;
  }

  /** The relation with exactly this code, if e-Boekhouden has one. */
  async find(code: string): Promise<CRelatie | undefined> {
    const result = await this.session.call('GetRelaties', { cFilter: { Code: code, ID: 0 } });
    return listOf<CRelatie>(result?.Relaties).find((r) => text(r.Code) === code);
  }

  async list(): Promise<BookkeepingRelation[]> {
    const result = await this.session.call('GetRelaties', { cFilter: { ID: 0 } });
    return listOf<CRelatie>(result?.Relaties).map(fromRelatie);
  }

  /** Every relation code in the administration, read once per run (again after a failed read). */
  private codes(): Promise<Set<string>> {
    if (!this.existingCodes) {
      const loading = this.list().then((relations) => new Set(relations.map((r) => r.code)));
      this.existingCodes = loading;
      loading.catch(() => {
        if (this.existingCodes === loading) this.existingCodes = null;
      });
    }
    return this.existingCodes;
  }

  private async findOrCreate(wanted: RelationToEnsure): Promise<EnsuredRelation> {
    if ((await this.codes()).has(wanted.code)) return { code: wanted.code, created: false };
    if (!wanted.createIfMissing) {
      throw new RejectedError(...worded('EB_RELATION_MISSING', { relationCode: wanted.code, creatingOff: 'yes' }));
    }
    validateRelation(wanted.code, wanted.relation, 'soap');
    const oRel = toRelatie(wanted.code, wanted.relation, todayInAmsterdam());
    try {
      await this.session.call('AddRelatie', { oRel });
      this.context.logger.debug('relation created in e-Boekhouden', { code: wanted.code });
      return { code: wanted.code, created: true };
    } catch (error) {
      if (KoppelwerkError.is(error) && error.code === RELATION_CODE_IN_USE && (await this.find(wanted.code))) {
        return { code: wanted.code, created: false };
      }
      throw error;
    }
  }
}
