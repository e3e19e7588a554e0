/**
 * WerkbonApp work orders as a ShopSource. Reads the work orders with status Compleet and the
 * tenant's work status, always with update_status=false (the API's default would move every
 * fetched order to Afgehandeld). The engine books each one, then calls `acknowledge`, which moves
 * that one order to Afgehandeld. WerkbonApp has no change cursor: the status is the cursor.
 */
import { inject, injectable } from 'inversify';
import {
  Decimal,
  KoppelwerkError,
  RecordError,
  RejectedError,
  type CheckResult,
  type Logger,
  type ReadRequest,
  type ShopSource,
  type SourceItem,
  type SourcePage,
  redCheck,
} from '@koppelwerk/core';
import { WORKORDER_NOT_FOUND } from './response-codes';
import type { RawWorkorder } from './raw-records';
import { WerkbonappClient } from './werkbonapp-client';
import { WerkbonappConfig, WerkbonappLogger } from './werkbonapp-config';
import { worded } from './werkbonapp-messages';
import { mapWorkOrder, text, workOrderKey } from './mappers/work-order-mapper';
import { hasWorkStatus, parseWorkStatuses, resolveWorkStatus, type WorkStatus } from './work-statuses';

export const COMPLETE = 'Compleet';
/** What `acknowledge` makes of a booked work order: its work is as finished as a Compleet one's. */
export const HANDLED = 'Afgehandeld';

@injectable()
export class WerkbonappSource implements ShopSource {
  constructor(
    @inject(WerkbonappClient) private readonly client: WerkbonappClient,
    @inject(WerkbonappConfig) private readonly config: WerkbonappConfig,
    @inject(WerkbonappLogger) private readonly logger: Logger,
  ) {}

  async check(): Promise<CheckResult> {
    try {
      const said = [];
      if (this.config.export.enabled) {
        const status = await this.workStatus();
        said.push(worded.text('WBA_CHECK_EXPORT', { complete: COMPLETE, workStatus: [status.code, status.name].filter(Boolean).join(' ') }));
      } else {
        await this.client.get('workstatusses');
        said.push(worded.text('WBA_CHECK_EXPORT_OFF', {}));
      }
      const imports = Object.entries(this.config.import).filter(([, on]) => on).map(([kind]) => kind);
      said.push(worded.text('WBA_CHECK_IMPORTS', { imports: imports.join('|') }));
      return { ok: true, details: said.map((text) => text.message), detailTexts: said.map(({ code, params }) => ({ code, params })) };
    } catch (error) {
      if (!KoppelwerkError.is(error)) throw error;
      return redCheck(error);
    }
  }

  async *read(request: ReadRequest): AsyncIterable<SourcePage> {
    if (!this.config.export.enabled) {
      this.logger.debug('export of work orders is switched off');
      yield { items: [], nextCursor: request.cursor };
      return;
    }
    const status = await this.workStatus();
    const orders = await this.client.get<unknown>('GetWorkorders', { status: COMPLETE, workstatus: status.code || status.name, update_status: false });
    if (!Array.isArray(orders)) throw new RejectedError(...worded('WBA_NOT_A_LIST', {}));
    // WerkbonApp has no change cursor: a work order leaves the list once acknowledged (Afgehandeld).
    // The cursor holds the ids already delivered that are still listed, so a parked work order is
    // not delivered again every run, and one that comes back after leaving the list is.
    const delivered = new Set(decodeDelivered(request.cursor));
    const listed = orders.filter((raw) => this.isBookable(raw, status)).map((raw, i) => ({ raw, key: workOrderKey(raw, `(no id, position ${i})`) }));
    const items = listed.filter(({ key }) => !delivered.has(key)).map(({ raw, key }) => this.toItem(raw, key));
    const stillListed = listed.map(({ key }) => key).filter((key) => delivered.has(key) || items.some((item) => item.key === key));
    this.logger.debug('read WerkbonApp work orders', { listed: orders.length, delivered: items.length });
    yield { items, nextCursor: JSON.stringify({ v: 1, delivered: [...new Set(stillListed)] }) };
  }

  async fetch(key: string): Promise<SourceItem> {
    let raw: unknown;
    try {
      raw = await this.client.get<unknown>('GetWorkorder', { row_id: key, update_status: false });
    } catch (error) {
      if (KoppelwerkError.is(error) && error.code === `WBA_${WORKORDER_NOT_FOUND}`) {
        return { ok: false, key, raw: null, error: new RecordError(...worded('WBA_NOT_FOUND', { key }, { documentKey: key })) };
      }
      throw error;
    }
    const record = Array.isArray(raw) ? raw[0] : raw;
    const item = this.toItem(record, key);
    // A work order still being worked on is not delivered; a handled one is (it is Afgehandeld once
    // booked and acknowledged, and `explain` shows how it was booked). Only Koppelwerk's ledger
    // decides whether a document is booked again: a booked one is skipped, whatever its status.
    const current = text((record as RawWorkorder | null)?.status);
    if (item.ok && current !== COMPLETE && current !== HANDLED) {
      return {
        ok: false,
        key,
        raw: record,
        error: new RecordError(...worded('WBA_NOT_COMPLETE', { key, status: current, complete: COMPLETE }, { field: 'status', documentKey: key })),
      };
    }
    return item;
  }

  /** Booked: move this one work order to Afgehandeld. */
  async acknowledge(key: string, sinkReference: string): Promise<void> {
    await this.client.get<unknown>('GetWorkorder', { row_id: key, update_status: true });
    this.logger.info('work order handled in WerkbonApp', { workOrder: key, invoice: sinkReference });
  }

  private isBookable(raw: unknown, status: WorkStatus): boolean {
    const order = raw as RawWorkorder | null;
    if (typeof order !== 'object' || order === null) return true; // delivered as a failed item
    if (text(order.Archived) === '1') return false;
    if (text(order.status ?? order.Status) !== COMPLETE) return false;
    return hasWorkStatus(order.WorkStatus, status);
  }

  private toItem(raw: unknown, key: string): SourceItem {
    try {
      const rate = this.config.export.materialVatRate;
      return { ok: true, key, record: mapWorkOrder(raw, key, { materialVatRate: rate ? Decimal.of(rate) : undefined }), raw };
    } catch (error) {
      if (error instanceof RecordError) return { ok: false, key, error, raw };
      throw error;
    }
  }

  private async workStatus(): Promise<WorkStatus> {
    const statuses = parseWorkStatuses(await this.client.get<unknown>('workstatusses'));
    return resolveWorkStatus(statuses, this.config.export.workStatus);
  }
}

function decodeDelivered(cursor: string | null): string[] {
  if (!cursor) return [];
  try {
    const parsed = JSON.parse(cursor) as { delivered?: unknown };
    return Array.isArray(parsed.delivered) ? parsed.delivered.map(String) : [];
  } catch {
    return [];
  }
}
