/**
 * Foreign currency. EUR passes. Anything else is refused by default; a tenant may opt in to the
 * seeds' behaviour (book the amounts as euros, with a warning) or to conversion at a rate the
 * document or the config supplies.
 */
import { Decimal, RecordError, type SourceDocument } from '@koppelwerk/core';
import type { MappingRules } from './mapping-schema';

export interface CurrencyDecision {
  /** Multiply every amount by this to get euros. */
  factor: Decimal;
  warning?: string;
  rule: string;
  because: string;
}

const EURO: CurrencyDecision = { factor: Decimal.ONE, rule: 'mapping.currency', because: 'the document is in EUR' };

export class CurrencyPolicy {
  private readonly rates: Map<string, Decimal>;

  constructor(private readonly rules: MappingRules['currency']) {
    this.rates = new Map(Object.entries(rules.rates).map(([code, rate]) => [code, Decimal.parse(rate)]));
  }

  decide(document: SourceDocument): CurrencyDecision {
    const currency = (document.currency || 'EUR').toUpperCase();
    if (currency === 'EUR') return EURO;
    switch (this.rules.foreign) {
      case 'refuse':
        throw new RecordError(
          `the document is in ${currency}; foreign currency is refused by mapping.currency.foreign ` +
            `(set it to "convert" with a rate, or to "book-as-euro" to book the amounts unconverted)`,
          { code: 'MAP_FOREIGN_CURRENCY', field: 'currency' },
        );
      case 'book-as-euro':
        return {
          factor: Decimal.ONE,
          warning: `${document.number}: amounts in ${currency} booked as euros without conversion (mapping.currency.foreign = book-as-euro)`,
          rule: 'mapping.currency.foreign',
          because: `the document is in ${currency} and the tenant books foreign amounts as euros`,
        };
      case 'convert': {
        const fromDocument = document.exchangeRate;
        const fromConfig = this.rates.get(currency);
        const rate = fromDocument ?? fromConfig;
        if (!rate || rate.isZero() || rate.isNegative()) {
          throw new RecordError(
            `the document is in ${currency} but neither the document nor mapping.currency.rates.${currency} gives a rate to convert it`,
            { code: 'MAP_NO_EXCHANGE_RATE', field: 'currency' },
          );
        }
        return {
          factor: rate,
          rule: fromDocument ? 'document exchange rate' : `mapping.currency.rates.${currency}`,
          because: `converted from ${currency} at ${rate.toString()} EUR per ${currency}`,
        };
      }
    }
  }
}
