/**
 * The import direction: relations, materials and hour types from the bookkeeping into WerkbonApp,
 * each switchable per tenant. Upserts by key (debtor number or code): what WerkbonApp already holds
 * unchanged is not sent, what changed is sent again (WerkbonApp's POST updates by key), the rest is
 * created. Refused records are found one by one so one bad relation does not block the others.
 */
import { inject, injectable } from 'inversify';
import {
  KoppelwerkError,
  RejectedError,
  type Article,
  type BookkeepingRelation,
  type CheckResult,
  type ImportTarget,
  type Logger,
  type UpsertResult,
  redCheck,
} from '@koppelwerk/core';
import { differs, toRawHourType, toRawMaterial, toRawRelation } from './mappers/reference-data-mapper';
import { WerkbonappClient } from './werkbonapp-client';
import { WerkbonappConfig, WerkbonappLogger } from './werkbonapp-config';
import { worded } from './werkbonapp-messages';
import { text } from './mappers/work-order-mapper';

type Raw = Record<string, unknown>;

interface Entity {
  /** OPENApi resource. */
  resource: 'relations' | 'materials' | 'hourtypes';
  /** The key field WerkbonApp upserts by. */
  keyField: string;
  label: string;
}

const RELATIONS: Entity = { resource: 'relations', keyField: 'debtor_number', label: 'relations' };
const MATERIALS: Entity = { resource: 'materials', keyField: 'code', label: 'materials' };
const HOUR_TYPES: Entity = { resource: 'hourtypes', keyField: 'code', label: 'hour types' };

const nothing = (): UpsertResult => ({ created: 0, updated: 0, unchanged: 0, failed: [] });

@injectable()
export class WerkbonappImportTarget implements ImportTarget {
  constructor(
    @inject(WerkbonappClient) private readonly client: WerkbonappClient,
    @inject(WerkbonappConfig) private readonly config: WerkbonappConfig,
    @inject(WerkbonappLogger) private readonly logger: Logger,
  ) {}

  async check(): Promise<CheckResult> {
    try {
      await this.client.get('hourtypes');
      const on = Object.entries(this.config.import).filter(([, enabled]) => enabled).map(([kind]) => kind);
      return { ok: true, details: [on.length ? `imports ${on.join(', ')}` : 'import is switched off'] };
    } catch (error) {
      if (!KoppelwerkError.is(error)) throw error;
      return redCheck(error);
    }
  }

  upsertRelations(relations: BookkeepingRelation[]): Promise<UpsertResult> {
    if (!this.config.import.relations) return this.switchedOff(RELATIONS);
    return this.upsert(RELATIONS, relations.map(toRawRelation));
  }

  upsertMaterials(materials: Article[]): Promise<UpsertResult> {
    if (!this.config.import.materials) return this.switchedOff(MATERIALS);
    return this.upsert(MATERIALS, materials.map(toRawMaterial));
  }

  upsertHourTypes(hourTypes: Article[]): Promise<UpsertResult> {
    if (!this.config.import.hourTypes) return this.switchedOff(HOUR_TYPES);
    return this.upsert(HOUR_TYPES, hourTypes.map(toRawHourType));
  }

  private async switchedOff(entity: Entity): Promise<UpsertResult> {
    this.logger.info(`import of ${entity.label} is switched off`);
    return nothing();
  }

  private async upsert(entity: Entity, wanted: Raw[]): Promise<UpsertResult> {
    const result = nothing();
    const held = await this.client.get<unknown>(entity.resource);
    const byKey = new Map<string, Raw>();
    for (const record of Array.isArray(held) ? (held as Raw[]) : []) byKey.set(text(record?.[entity.keyField]), record);

    const toSend: { record: Raw; created: boolean }[] = [];
    const seen = new Set<string>();
    for (const record of wanted) {
      const key = text(record[entity.keyField]);
      if (!key) {
        result.failed.push({ key: '(empty)', error: new RejectedError(...worded('WBA_NO_KEY', { label: entity.label, keyField: entity.keyField })) });
        continue;
      }
      if (seen.has(key)) continue;
      seen.add(key);
      const existing = byKey.get(key);
      if (existing && !differs(record, existing)) result.unchanged++;
      else toSend.push({ record, created: !existing });
    }
    if (toSend.length > 0) await this.send(entity, toSend, result);
    this.logger.info(`${entity.label} imported into WerkbonApp`, { created: result.created, updated: result.updated, unchanged: result.unchanged, failed: result.failed.length });
    return result;
  }

  /** One POST for all; when WerkbonApp refuses the batch, each record alone to find the bad ones. */
  private async send(entity: Entity, batch: { record: Raw; created: boolean }[], result: UpsertResult): Promise<void> {
    const count = (entry: { created: boolean }) => (entry.created ? result.created++ : result.updated++);
    try {
      await this.client.post(entity.resource, batch.map((entry) => entry.record));
      batch.forEach(count);
      return;
    } catch (error) {
      if (!KoppelwerkError.is(error) || error.errorClass !== 'rejected' || batch.length === 1) {
        if (KoppelwerkError.is(error) && error.errorClass === 'rejected') {
          result.failed.push({ key: text(batch[0].record[entity.keyField]), error });
          return;
        }
        throw error;
      }
    }
    for (const entry of batch) {
      try {
        await this.client.post(entity.resource, [entry.record]);
        count(entry);
      } catch (error) {
        if (!KoppelwerkError.is(error) || error.errorClass !== 'rejected') throw error;
        result.failed.push({ key: text(entry.record[entity.keyField]), error });
      }
    }
  }
}
