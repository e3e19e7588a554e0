/**
 * A raw Mijnwebwinkel order → the canonical SourceDocument. Pure; throws a RecordError naming the
 * order and the field when the order cannot be read. Money is parsed exactly from the API's strings.
 */
import {
  Decimal,
  isLocalDate,
  RecordError,
  shown,
  type Address,
  type DocumentLine,
  type IncomeType,
  type Relation,
  type SourceDocument,
  type VatTreatment,
} from '@koppelwerk/core';
import { amsterdamWallClockToIso, WALL_CLOCK } from '../amsterdam-time';
import type { OrderStatuses } from '../order-statuses';
import type { RawAddress, RawOrder, RawOrderLine, RawStore, RawTaxPrice } from '../raw-order';
import { worded, type OrderProblem } from '../mijnwebwinkel-messages';

export interface OrderMappingContext {
  statuses: OrderStatuses;
  store: RawStore;
}

const TAX_STRATEGIES = ['', 'zero_percent', 'reverse_charged_vat'] as const;
type TaxStrategy = (typeof TAX_STRATEGIES)[number];

/** The order number as text (the API sends an int or, live, a string); `fallback` when absent. */
export function orderKey(raw: unknown, fallback: string): string {
  const number = isObject(raw) ? raw.number : undefined;
  if (typeof number === 'number' && Number.isInteger(number)) return String(number);
  if (typeof number === 'string' && number.trim() !== '') return number.trim();
  return fallback;
}

/** Test orders carry a T suffix on their number (`1001-T`); they are never booked. */
export function isTestOrder(raw: unknown): boolean {
  const number = isObject(raw) ? raw.number : undefined;
  return typeof number === 'string' && /^\d+\s*-?\s*T\s*-?$/i.test(number.trim());
}

/**
 * The order's last change `yyyy-mm-dd hh:mm:ss` (Amsterdam). The status-change stamp when the order
 * has one; the live API leaves it out for an order that never changed status, and then the order's
 * own date and time are the best it has (midnight when a time is missing). A stamp that is present
 * but not a date and time is bad input: undefined, and the mapper names the field.
 */
export function statusChangedStamp(raw: unknown): string | undefined {
  if (!isObject(raw)) return undefined;
  const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
  const [date, time] = text(raw.status_changed_date) ? [raw.status_changed_date, raw.status_changed_time] : [raw.date, raw.time];
  const stamp = `${text(date)} ${text(time) || '00:00:00'}`;
  return isWallClock(stamp) ? stamp : undefined;
}

/** What the order says of its status change, for an error: the fields it has, or that both are missing. */
function describeStamp(date: unknown, time: unknown): string {
  if (date === undefined || date === null || date === '') return 'missing';
  return JSON.stringify([date, time].filter((part) => part !== undefined && part !== null && part !== '').join(' '));
}

/** `yyyy-mm-dd hh:mm:ss` on a day that exists, at a time that exists (not 2025-02-30, not 25:61). */
function isWallClock(stamp: string): boolean {
  if (!WALL_CLOCK.test(stamp) || !isLocalDate(stamp.slice(0, 10))) return false;
  const [hours, minutes, seconds] = stamp.slice(11).split(':').map(Number);
  return hours < 24 && minutes < 60 && seconds < 60;
}

/** `key` names the order in errors; the source passes the one it lists the item under. */
export function mapOrder(raw: unknown, context: OrderMappingContext, key = orderKey(raw, '(order without number)')): SourceDocument {
  const fail = (field: string, problem: OrderProblem, said: { value?: string; total?: string; lines?: string } = {}): never => {
    throw new RecordError(...worded('MWW_BAD_ORDER', { key, field, problem, ...said }, { field, documentKey: key }));
  };
  if (!isObject(raw)) return fail('order', 'not-object');
  const order = raw as RawOrder;
  const number = orderKey(order, '');
  if (number === '') fail('number', 'missing');
  if (!/^\d+$/.test(number)) fail('number', 'not-order-number', { value: shown(order.number) });
  if (!isLocalDate(order.date)) fail('date', 'not-date', { value: shown(order.date) });
  const stamp = statusChangedStamp(order);
  if (!stamp) fail('status_changed_date', 'not-date-time', { value: describeStamp(order.status_changed_date, order.status_changed_time) });
  if (typeof order.status !== 'number' || !Number.isInteger(order.status)) fail('status', 'not-status', { value: shown(order.status) });

  const currency = order.currency ?? context.store.currency ?? 'EUR';
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) fail('currency', 'not-currency', { value: shown(currency) });
  const strategy = (order.tax_strategy ?? '') as TaxStrategy;
  if (!TAX_STRATEGIES.includes(strategy)) fail('tax_strategy', 'tax-strategy', { value: shown(order.tax_strategy) });
  const pricesIncludeVat = typeof context.store.prices_include_tax === 'boolean' ? context.store.prices_include_tax : order.taxed !== 'exclude';

  const relation = mapDebtor(order, key, fail);
  const zeroTreatment = treatmentAtZero(strategy, (order.tax_region ?? relation.address?.country ?? '').toUpperCase());

  if (!Array.isArray(order.orderlines) || order.orderlines.length === 0) fail('orderlines', 'missing-or-empty');
  const lines: DocumentLine[] = [];
  let linesTotalIncl = Decimal.ZERO;
  order.orderlines!.forEach((line, index) => {
    const mapped = mapLine(line, `orderlines[${index}]`, { pricesIncludeVat, zeroTreatment, fail });
    lines.push(...mapped.lines);
    linesTotalIncl = linesTotalIncl.plus(mapped.totalIncl);
  });

  const total = Decimal.tryParse(String(order.price?.total ?? ''));
  if (!total) fail('price.total', 'not-amount', { value: shown(order.price?.total) });
  if (!total!.equals(linesTotalIncl)) fail('price.total', 'total-mismatch', { total: total!.toFixed(2), lines: linesTotalIncl.toFixed(2) });
  // A single tax object where a list is expected (live quirk): read both.
  const taxes = order.price?.tax === undefined ? [] : Array.isArray(order.price.tax) ? order.price.tax : [order.price.tax];
  taxes.forEach((tax, index) => {
    if (!Decimal.tryParse(String(tax?.amount ?? ''))) fail(`price.tax[${index}].amount`, 'not-amount', { value: shown(tax?.amount) });
    if (!Decimal.tryParse(String(tax?.rate ?? ''))) fail(`price.tax[${index}].rate`, 'not-vat-rate', { value: shown(tax?.rate) });
  });

  const credited = order.credited_order_number;
  const hasOriginal = (typeof credited === 'number' && Number.isInteger(credited)) || (typeof credited === 'string' && /^\d+$/.test(credited.trim()));
  if (!hasOriginal && credited !== undefined && credited !== null && credited !== '') {
    fail('credited_order_number', 'not-order-number', { value: shown(credited) });
  }
  if (!hasOriginal && context.statuses.isCreditStatus(order.status!)) fail('credited_order_number', 'missing-on-credit');

  return {
    kind: hasOriginal ? 'sales-credit-note' : 'sales-order',
    sourceId: typeof order.uuid === 'string' && order.uuid ? order.uuid : number,
    number,
    date: order.date as SourceDocument['date'],
    currency,
    pricesIncludeVat,
    relation,
    lines,
    statedTotal: total!,
    ...(order.reference ? { reference: order.reference } : {}),
    ...(hasOriginal ? { originalNumber: String(credited).trim() } : {}),
    status: context.statuses.describe(order.status!),
    changedAt: amsterdamWallClockToIso(stamp!),
  };
}

type Fail = (field: string, problem: OrderProblem, said?: { value?: string; total?: string; lines?: string }) => never;

function treatmentAtZero(strategy: TaxStrategy, region: string): VatTreatment {
  if (strategy === 'zero_percent') return 'export';
  // Reverse charge across an EU border is an intra-community supply; inside NL it is domestic reverse charge.
  if (strategy === 'reverse_charged_vat') return region === 'NL' ? 'reverse-charge' : 'intra-eu';
  return 'exempt';
}

function incomeTypeOf(type: string): IncomeType {
  if (type === 'shipping') return 'shipping';
  if (type === 'payment') return 'payment';
  if (type.includes('discount')) return 'discount';
  return 'revenue';
}

const FALLBACK_DESCRIPTION: Partial<Record<IncomeType, string>> = { shipping: 'Verzendkosten', payment: 'Betaalkosten', discount: 'Korting' };

function mapLine(
  line: RawOrderLine,
  path: string,
  options: { pricesIncludeVat: boolean; zeroTreatment: VatTreatment; fail: Fail },
): { lines: DocumentLine[]; totalIncl: Decimal } {
  const { fail } = options;
  if (!isObject(line)) return fail(path, 'not-order-line');
  const type = typeof line.type === 'string' && line.type ? line.type : 'article';
  const incomeType = incomeTypeOf(type);
  const quantity = typeof line.quantity === 'string' && /^\d+$/.test(line.quantity.trim()) ? Number(line.quantity) : line.quantity;
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) {
    fail(`${path}.quantity`, 'not-quantity', { value: shown(line.quantity) });
  }
  const description = typeof line.description === 'string' && line.description.trim() ? line.description.trim() : FALLBACK_DESCRIPTION[incomeType];
  if (!description) fail(`${path}.description`, 'missing');
  if (line.price === undefined || line.price === null || (Array.isArray(line.price) && line.price.length === 0)) fail(`${path}.price`, 'missing');
  // One TaxPrice, or a list when the line's price is split over several VAT rates.
  const parts: RawTaxPrice[] = Array.isArray(line.price) ? line.price : [line.price!];
  const split = parts.length > 1;
  let totalIncl = Decimal.ZERO;
  const lines = parts.map((part, index) => {
    const partPath = Array.isArray(line.price) ? `${path}.price[${index}]` : `${path}.price`;
    if (!isObject(part)) return fail(partPath, 'not-price');
    const incl = Decimal.tryParse(String(part.amount_including_tax ?? ''));
    if (!incl) return fail(`${partPath}.amount_including_tax`, 'not-amount', { value: shown(part.amount_including_tax) });
    const excl = Decimal.tryParse(String(part.amount ?? ''));
    if (!excl) return fail(`${partPath}.amount`, 'not-amount', { value: shown(part.amount) });
    const rate = Decimal.tryParse(String(part.rate ?? ''));
    if (!rate || rate.isNegative() || rate.compare(Decimal.HUNDRED) > 0) return fail(`${partPath}.rate`, 'not-vat-percentage', { value: shown(part.rate) });
    totalIncl = totalIncl.plus(incl);
    const lineTotal = options.pricesIncludeVat ? incl : excl;
    const vatTreatment: VatTreatment = rate.isZero() ? options.zeroTreatment : 'normal';
    const base = { vatRate: rate, vatTreatment, incomeType, ...(typeof line.id === 'string' ? { sourceLineId: line.id } : {}) };
    if (split) {
      return { ...base, description: `${description} (${rate.toString()}%)`, quantity: Decimal.ONE, unitPrice: lineTotal };
    }
    // The API gives line totals; a unit price only when it divides exactly, so no cent is lost.
    const count = Decimal.of(quantity as number);
    const unit = lineTotal.dividedBy(count, Math.max(lineTotal.scale, 2) + 4);
    if (unit.times(count).equals(lineTotal)) return { ...base, description: description!, quantity: count, unitPrice: unit };
    return { ...base, description: `${quantity} × ${description}`, quantity: Decimal.ONE, unitPrice: lineTotal };
  });
  return { lines, totalIncl };
}

function mapDebtor(order: RawOrder, key: string, fail: Fail): Relation {
  const debtor = order.debtor;
  if (!isObject(debtor)) return fail('debtor', 'missing');
  // `[]` where an object is expected (live quirk): read as empty.
  const addresses: Record<string, unknown> = isObject(debtor.address) ? (debtor.address as Record<string, unknown>) : {};
  const invoice: RawAddress = isObject(addresses.invoice) ? (addresses.invoice as RawAddress) : {};
  const delivery: RawAddress | undefined = isObject(addresses.delivery) ? (addresses.delivery as RawAddress) : undefined;
  // address.invoice.* replaces the deprecated debtor.name/company/phone/bankaccount; both are still sent.
  const name = text(invoice.name) ?? text(debtor.name);
  const company = text(invoice.company) ?? text(debtor.company);
  const email = text(debtor.email);
  if (!name && !company && !email) fail('debtor.address.invoice.name', 'missing-name');
  if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) fail('debtor.email', 'not-email', { value: shown(email) });
  const shippingCountry = order.shipping?.map((entry) => (isObject(entry?.country) ? (entry.country as { isocode?: string }).isocode : undefined)).find(Boolean);
  const countryCode = text(invoice.country_code);
  if (countryCode && !/^[A-Za-z]{2}$/.test(countryCode)) fail('debtor.address.invoice.country_code', 'not-country', { value: shown(countryCode) });
  const country = (countryCode ?? text(delivery?.country_code) ?? text(shippingCountry) ?? text(order.tax_region))?.toUpperCase();
  const vatNumber = text(invoice.taxnumber)?.replace(/[\s.]/g, '').toUpperCase();
  return {
    sourceId: text(debtor.id ?? undefined) ?? (email ? `email:${email.toLowerCase()}` : `order:${key}`),
    role: 'debtor',
    kind: company ? 'company' : 'person',
    name: (company ?? name ?? email)!,
    ...(company ? { companyName: company } : {}),
    ...(name ? { contactName: name } : {}),
    ...(email ? { email } : {}),
    ...optional('phone', text(invoice.phone) ?? text(debtor.phone)),
    ...optional('vatNumber', vatNumber),
    ...optional('iban', text(invoice.bankaccount) ?? text(debtor.bankaccount)),
    address: address(invoice, country),
    ...(delivery ? { deliveryAddress: address(delivery, text(delivery.country_code)?.toUpperCase() ?? country) } : {}),
  };
}

function address(raw: RawAddress, country: string | undefined): Address {
  const street = [text(raw.street), text(raw.number)].filter(Boolean).join(' ');
  return {
    ...optional('street', street || undefined),
    ...optional('postalCode', text(raw.zipcode)),
    ...optional('city', text(raw.city)),
    ...optional('country', country),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
