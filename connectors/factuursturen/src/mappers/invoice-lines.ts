/**
 * An invoice's lines and VAT summary (sales and purchase share the shape) → canonical lines.
 * Exact money: line values arrive as JSON numbers and are read as the decimals the API wrote;
 * header amounts arrive as strings. The lines are checked against the per-rate summary (`taxes`)
 * and the total; an invoice-level discount becomes a discount line per VAT rate.
 */
import { Decimal, shown, type DocumentLine, type VatTreatment } from '@koppelwerk/core';
import { keyedList } from '../keyed-list';
import type { RawLine, RawTax } from '../raw-invoice';
import type { InvoiceProblem, ProblemParams } from '../factuursturen-messages';

export type Fail = (field: string, problem: InvoiceProblem, said?: ProblemParams) => never;

export interface InvoiceAmountsInput {
  lines?: unknown;
  taxes?: unknown;
  tax?: unknown;
  totalintax?: unknown;
  discount?: unknown;
}

export interface InvoiceAmountsOptions {
  pricesIncludeVat: boolean;
  /** How a 0% line is treated (reverse charge, export, exempt...). */
  zeroTreatment: VatTreatment;
  fail: Fail;
}

export interface InvoiceAmounts {
  lines: DocumentLine[];
  /** The invoice total including VAT, as stated. */
  totalIncl: Decimal;
}

const LAYOUT_TYPES = new Set(['subtotal', 'page_separator', 'bundle_start', 'bundle_end']);

/** A JSON number or a numeric string, exactly; undefined otherwise. */
export function exactNumber(value: unknown): Decimal | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Decimal.fromNumber(value) : undefined;
  if (typeof value === 'string' && value.trim() !== '') return Decimal.tryParse(value.trim());
  return undefined;
}

const show = shown;

export function readInvoiceAmounts(raw: InvoiceAmountsInput, options: InvoiceAmountsOptions): InvoiceAmounts {
  const { fail, pricesIncludeVat } = options;
  const entries = keyedList<RawLine>(raw.lines);
  if (!entries) return fail('lines', 'not-line-list', { value: show(raw.lines) });
  const lines: DocumentLine[] = [];
  const perRate = new Map<string, { rate: Decimal; amount: Decimal }>();
  for (const { key, value: line } of entries) {
    const path = `lines.${key}`;
    if (typeof line !== 'object' || line === null || Array.isArray(line)) fail(path, 'not-line');
    if (typeof line.type === 'string' && LAYOUT_TYPES.has(line.type)) continue;
    // A text line carries only a description.
    if (line.amount === undefined && line.price === undefined && line.linetotal === undefined) continue;
    const quantity = exactNumber(line.amount);
    if (!quantity) fail(`${path}.amount`, 'not-quantity', { value: show(line.amount) });
    const price = exactNumber(line.price);
    if (!price) fail(`${path}.price`, 'not-amount', { value: show(line.price) });
    const rate = exactNumber(line.tax_rate);
    if (!rate || rate.isNegative() || rate.compare(Decimal.HUNDRED) > 0) fail(`${path}.tax_rate`, 'not-vat-percentage', { value: show(line.tax_rate) });
    const discountPct = line.discount_pct === undefined || line.discount_pct === '' ? Decimal.ZERO : exactNumber(line.discount_pct);
    if (!discountPct || discountPct.isNegative() || discountPct.compare(Decimal.HUNDRED) > 0) fail(`${path}.discount_pct`, 'not-percentage', { value: show(line.discount_pct) });
    const computed = quantity!.times(price!).times(Decimal.HUNDRED.minus(discountPct!)).dividedBy(Decimal.HUNDRED, 6);
    let amount = computed.round(2);
    if (line.linetotal !== undefined && line.linetotal !== '') {
      const stated = exactNumber(line.linetotal);
      if (!stated) fail(`${path}.linetotal`, 'not-amount', { value: show(line.linetotal) });
      if (stated!.minus(amount).abs().compare(Decimal.parse('0.01')) > 0) {
        fail(`${path}.linetotal`, 'line-total-mismatch', { stated: stated!.toFixed(2), computed: amount.toFixed(2), discounted: discountPct!.isZero() ? 'no' : 'yes' });
      }
      amount = stated!;
    }
    const description = typeof line.description === 'string' && line.description.trim() ? line.description.trim().replace(/\s*\n\s*/g, ' ') : `Factuurregel ${key}`;
    const base = { vatRate: rate!, vatTreatment: rate!.isZero() ? options.zeroTreatment : ('normal' as VatTreatment), incomeType: 'revenue' as const, sourceLineId: key };
    if (discountPct!.isZero() && quantity!.times(price!).equals(amount)) {
      lines.push({ ...base, description, quantity: quantity!, unitPrice: price! });
    } else {
      const label = discountPct!.isZero() ? `${quantity!.toString()} × ${description}` : `${quantity!.toString()} × ${description} (-${discountPct!.toString()}%)`;
      lines.push({ ...base, description: label, quantity: Decimal.ONE, unitPrice: amount });
    }
    const slot = perRate.get(rate!.toString()) ?? { rate: rate!, amount: Decimal.ZERO };
    slot.amount = slot.amount.plus(amount);
    perRate.set(rate!.toString(), slot);
  }
  if (lines.length === 0) fail('lines', 'no-line-with-amount');

  const total = exactNumber(raw.totalintax);
  if (!total) return fail('totalintax', 'not-amount', { value: show(raw.totalintax) });
  const discount = exactNumber(raw.discount) ?? Decimal.ZERO;
  const taxes = keyedList<RawTax>(raw.taxes);
  if (!taxes) return fail('taxes', 'not-vat-list', { value: show(raw.taxes) });

  let computedTotal = Decimal.ZERO;
  if (taxes.length > 0) {
    let vatSum = Decimal.ZERO;
    const covered = new Set<string>();
    for (const { key, value: tax } of taxes) {
      const path = `taxes.${key}`;
      if (typeof tax !== 'object' || tax === null) fail(path, 'not-vat-amount');
      const rate = exactNumber(tax.rate);
      if (!rate) fail(`${path}.rate`, 'not-vat-percentage', { value: show(tax.rate) });
      const sum = exactNumber(tax.sum);
      if (!sum) fail(`${path}.sum`, 'not-amount', { value: show(tax.sum) });
      const sumOf = exactNumber(tax.sum_of);
      if (!sumOf) fail(`${path}.sum_of`, 'not-amount', { value: show(tax.sum_of) });
      covered.add(rate!.toString());
      vatSum = vatSum.plus(sum!);
      const stated = pricesIncludeVat ? sumOf!.plus(sum!) : sumOf!;
      computedTotal = computedTotal.plus(sumOf!).plus(sum!);
      const fromLines = perRate.get(rate!.toString())?.amount ?? Decimal.ZERO;
      const difference = stated.minus(fromLines);
      if (difference.isZero()) continue;
      if (discount.isZero()) fail(`${path}.sum_of`, 'sum-of-mismatch', { stated: sumOf!.toFixed(2), rate: rate!.toString(), computed: fromLines.toFixed(2) });
      // The invoice-level discount, as the summary applied it to this rate.
      lines.push({
        description: `Korting (${rate!.toString()}%)`,
        quantity: Decimal.ONE,
        unitPrice: difference,
        vatRate: rate!,
        vatTreatment: rate!.isZero() ? options.zeroTreatment : 'normal',
        incomeType: 'discount',
      });
    }
    for (const slot of perRate.values()) {
      if (!covered.has(slot.rate.toString()) && !slot.rate.isZero() && !slot.amount.isZero()) {
        fail('taxes', 'no-vat-entry', { rate: slot.rate.toString() });
      }
      // 0% lines without a summary entry still count towards the total.
      if (!covered.has(slot.rate.toString())) computedTotal = computedTotal.plus(slot.amount);
    }
    const statedVat = exactNumber(raw.tax);
    if (raw.tax !== undefined && raw.tax !== '' && (!statedVat || !statedVat.equals(vatSum))) {
      fail('tax', 'vat-sum-mismatch', { value: show(raw.tax), computed: vatSum.toFixed(2) });
    }
  } else {
    if (!discount.isZero()) fail('taxes', 'discount-without-taxes');
    for (const slot of perRate.values()) {
      const vat = pricesIncludeVat ? Decimal.ZERO : slot.amount.times(slot.rate).dividedBy(Decimal.HUNDRED, 2);
      computedTotal = computedTotal.plus(slot.amount).plus(vat);
    }
  }
  if (!computedTotal.equals(total)) fail('totalintax', 'total-mismatch', { stated: total.toFixed(2), computed: computedTotal.toFixed(2) });
  return { lines, totalIncl: total };
}
