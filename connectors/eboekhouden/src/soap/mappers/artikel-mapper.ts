/** e-Boekhouden `cArtikel` -> canonical Article (materials, and hour types: active articles with unit UUR). */
import type { Article } from '@koppelwerk/core';
import { decimalOf, text } from '../../wire-format';

export type CArtikel = Record<string, unknown>;

function optional(value: unknown): string | undefined {
  const result = text(value).trim();
  return result === '' ? undefined : result;
}

export function fromArtikel(raw: CArtikel): Article {
  return {
    id: text(raw.ArtikelID),
    code: text(raw.ArtikelCode),
    description: text(raw.ArtikelOmschrijving),
    unit: text(raw.Eenheid),
    groupCode: optional(raw.GroepCode),
    groupDescription: optional(raw.GroepOmschrijving),
    purchasePriceExcl: decimalOf(raw.InkoopprijsExclBTW),
    salesPriceExcl: decimalOf(raw.VerkoopprijsExclBTW),
    salesPriceIncl: decimalOf(raw.VerkoopprijsInclBTW),
    vatCode: optional(raw.BTWCode),
    vatRate: decimalOf(raw.BtwPercentage),
    ledger: optional(raw.TegenrekeningCode),
    active: raw.Actief === true || text(raw.Actief).toLowerCase() === 'true',
  };
}
