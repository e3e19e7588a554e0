/**
 * A raw WerkbonApp work order -> the canonical WorkOrder. The invoice block is the debtor (the
 * work location only fills its gaps); money and quantities may carry a decimal comma; hours come
 * from each period's TotalTime, or from its begin and end time minus the break.
 */
import { Decimal, RecordError, type LocalDate, type Relation, type WorkOrder, type WorkOrderMaterial, type WorkPeriod } from '@koppelwerk/core';
import type { RawMaterialLine, RawWorkorder, RawWorkPeriod } from '../raw-records';
import { worded } from '../werkbonapp-messages';

export interface WorkOrderMappingOptions {
  /** VAT rate for materials, when the tenant set one. */
  materialVatRate?: Decimal;
}

const DUTCH_DATE = /^(\d{1,2})-(\d{1,2})-(\d{4})$/;
const CLOCK = /^(\d{1,3}):(\d{2})$/;

export function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/** The document key of a work order: its row id. */
export function workOrderKey(raw: unknown, fallback: string): string {
  return text((raw as RawWorkorder | null)?.id) || fallback;
}

/** `d-m-Y` -> LocalDate; undefined when empty or not a date. */
export function parseDutchDate(value: unknown): LocalDate | undefined {
  const match = DUTCH_DATE.exec(text(value));
  if (!match) return undefined;
  const [, d, m, y] = match;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const probe = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(probe.getTime()) || probe.toISOString().slice(0, 10) !== iso ? undefined : (iso as LocalDate);
}

/** `"12,50"`, `"12.50"`, `"3"` -> Decimal; undefined when empty; a RecordError when not a number. */
export function parseAmount(value: unknown, field: string, documentKey: string): Decimal | undefined {
  const raw = text(value);
  if (raw === '') return undefined;
  const parsed = Decimal.tryParse(raw, { allowComma: true });
  if (!parsed) throw new RecordError(...worded('WBA_NOT_A_NUMBER', { field, value: JSON.stringify(raw) }, { field, documentKey }));
  return parsed;
}

function minutesOf(clock: string): number | undefined {
  const match = CLOCK.exec(clock);
  if (!match || Number(match[2]) > 59) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Hours of one period, exact: minutes / 60 rounded to 4 decimals. */
export function periodHours(period: RawWorkPeriod, field: string, documentKey: string): Decimal {
  let minutes = minutesOf(text(period.TotalTime));
  if (minutes === undefined) {
    const begin = minutesOf(text(period.BeginTime));
    const end = minutesOf(text(period.EndTime));
    if (begin === undefined || end === undefined) {
      throw new RecordError(...worded('WBA_PERIOD_TIME', { problem: 'no-time' }, { field, documentKey }));
    }
    const breakMinutes = Number.parseInt(text(period.Break) || '0', 10) || 0;
    minutes = (end >= begin ? end - begin : end + 24 * 60 - begin) - breakMinutes;
    if (minutes < 0) throw new RecordError(...worded('WBA_PERIOD_TIME', { problem: 'break' }, { field, documentKey }));
  }
  return Decimal.of(minutes).dividedBy(Decimal.of(60), 4);
}

function pick(raw: RawWorkorder, field: string): string {
  return text(raw[`${field}Invoice`]) || text(raw[field]);
}

function relationOf(raw: RawWorkorder, debtorNumber: string, documentKey: string): Relation {
  const name = pick(raw, 'CustomerName');
  if (!name) throw new RecordError(...worded('WBA_NO_CUSTOMER', {}, { field: 'CustomerNameInvoice', documentKey }));
  const street = [pick(raw, 'CustomerStreet'), pick(raw, 'CustomerStreetNo')].filter(Boolean).join(' ');
  const address = { street: street || undefined, postalCode: pick(raw, 'CustomerZIP') || undefined, city: pick(raw, 'CustomerCity') || undefined };
  const relation: Relation = { sourceId: debtorNumber || name, role: 'debtor', kind: 'company', name };
  const contact = pick(raw, 'CustomerContactPerson');
  const email = pick(raw, 'CustomerEmail');
  const phone = pick(raw, 'CustomerPhone');
  if (contact) relation.contactName = contact;
  if (email) relation.email = email;
  if (phone) relation.phone = phone;
  if (address.street || address.postalCode || address.city) relation.address = address;
  return relation;
}

function materialOf(line: RawMaterialLine, i: number, documentKey: string, options: WorkOrderMappingOptions): WorkOrderMaterial {
  const field = `Materials[${i}]`;
  const quantity = parseAmount(line.MaterialNr, `${field}.MaterialNr`, documentKey);
  if (!quantity) throw new RecordError(...worded('WBA_MATERIAL_QUANTITY', {}, { field: `${field}.MaterialNr`, documentKey }));
  const code = text(line.MaterialCode);
  const description = text(line.MaterialName) || code;
  if (!description) throw new RecordError(...worded('WBA_MATERIAL_NAME', {}, { field: `${field}.MaterialName`, documentKey }));
  const material: WorkOrderMaterial = { description, quantity };
  if (code) material.code = code;
  const unit = text(line.MaterialUnit);
  if (unit) material.unit = unit;
  const price = parseAmount(line.MaterialPrice, `${field}.MaterialPrice`, documentKey);
  if (price) material.unitPrice = price;
  if (options.materialVatRate) material.vatRate = options.materialVatRate;
  return material;
}

function periodOf(period: RawWorkPeriod, i: number, documentKey: string): WorkPeriod {
  const field = `Workperiods[${i}]`;
  const hourTypeCode = text(period.HourType);
  if (!hourTypeCode) throw new RecordError(...worded('WBA_PERIOD_HOUR_TYPE', {}, { field: `${field}.HourType`, documentKey }));
  const result: WorkPeriod = { hourTypeCode, hours: periodHours(period, field, documentKey) };
  const date = parseDutchDate(period.WorkDate);
  if (date) result.date = date;
  const remark = text(period.WorkRemark);
  if (remark) result.description = remark;
  return result;
}

export function mapWorkOrder(raw: unknown, key: string, options: WorkOrderMappingOptions = {}): WorkOrder {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new RecordError(...worded('WBA_MALFORMED', {}, { documentKey: key }));
  }
  const order = raw as RawWorkorder;
  const id = text(order.id);
  if (!id) throw new RecordError(...worded('WBA_NO_ID', {}, { field: 'id', documentKey: key }));
  const date = parseDutchDate(order.WorkEndDate) ?? parseDutchDate(order.WorkDate);
  if (!date) throw new RecordError(...worded('WBA_DATE', { value: JSON.stringify(text(order.WorkDate)) }, { field: 'WorkDate', documentKey: key }));
  const debtorNumber = text(order.CustomerDebtorNrInvoice) || text(order.CustomerDebtorNr);
  const workOrder: WorkOrder = {
    sourceId: id,
    number: text(order.WorkorderNo) || text(order.OrderNr) || id,
    date,
    status: text(order.status ?? order.Status),
    relation: relationOf(order, debtorNumber, key),
    materials: (Array.isArray(order.Materials) ? order.Materials : []).map((line, i) => materialOf(line, i, key, options)),
    periods: (Array.isArray(order.Workperiods) ? order.Workperiods : []).map((period, i) => periodOf(period, i, key)),
  };
  const workStatus = text(order.WorkStatus);
  if (workStatus) workOrder.workStatus = workStatus;
  if (debtorNumber) workOrder.relationCode = debtorNumber;
  const description = text(order.ShortWorkDescription) || text(order.WorkDescription);
  if (description) workOrder.description = description;
  return workOrder;
}
