/**
 * The import direction's records: e-Boekhouden relations and articles as WerkbonApp `relations`,
 * `materials` and `hourtypes`. Money goes out with a decimal comma, as WerkbonApp shows it.
 */
import type { Article, BookkeepingRelation, Decimal } from '@koppelwerk/core';
import type { RawHourType, RawMaterial, RawRelation } from '../raw-records';

export function commaAmount(value: Decimal): string {
  return value.toFixed(2).replace('.', ',');
}

export function toRawRelation(entry: BookkeepingRelation): RawRelation {
  const relation = entry.relation;
  return {
    name: relation.name,
    debtor_number: entry.code,
    contact: relation.contactName ?? '',
    phone_number: relation.phone ?? relation.mobile ?? '',
    email: relation.email ?? '',
    street: relation.address?.street ?? '',
    postal_code: relation.address?.postalCode ?? '',
    city: relation.address?.city ?? '',
  };
}

export function toRawMaterial(article: Article): RawMaterial {
  return {
    code: article.code,
    name: article.description,
    unit: article.unit,
    price: commaAmount(article.salesPriceExcl),
    purchase_price: commaAmount(article.purchasePriceExcl),
  };
}

export function toRawHourType(article: Article): RawHourType {
  return {
    code: article.code,
    name: article.description,
    sale_price: commaAmount(article.salesPriceExcl),
    cost_price: commaAmount(article.purchasePriceExcl),
    sale_booking: '1',
    cost_booking: '0',
    active: article.active ? '1' : '0',
  };
}

/** The fields we send differ from what WerkbonApp holds (so the record needs an update)? */
export function differs(wanted: Record<string, unknown>, held: Record<string, unknown>): boolean {
  const norm = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());
  return Object.keys(wanted).some((field) => norm(wanted[field]) !== norm(held[field]));
}
