/**
 * Foreign currency. EUR passes. Anything else is refused by default; a tenant may opt in to the
 * seeds' behaviour (book the amounts as euros, with a warning) or to conversion at a rate the
 * document or the config supplies.
 */
import { Decimal, RecordError, type CodedText, type SourceDocument } from '@koppelwerk/core';
import type { MappingRules } from './mapping-schema';
import { because, ruleOf, worded } from './worded';

export interface CurrencyDecision {
  /** Multiply every amount by this to get euros. */
  factor: Decimal;
  warning?: string;
  /** `warning` by its catalogue code and params. */
  warningText?: CodedText;
  rule: string;
  /** `rule` by its code and params, where words are part of it. */
  ruleText?: CodedText;
  because: string;
  reason?: CodedText;
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
        throw new RecordError(...worded('MAP_FOREIGN_CURRENCY', { currency }, { field: 'currency' }));
      case 'book-as-euro': {
        const warning = worded.text('MAP_BOOKED_AS_EURO', { number: document.number, currency });
        return {
          factor: Decimal.ONE,
          warning: warning.message,
          warningText: { code: warning.code, params: warning.params },
          rule: 'mapping.currency.foreign',
          ...because('EXPLAIN_CURRENCY_AS_EURO', { currency }),
        };
      }
      case 'convert': {
        const fromDocument = document.exchangeRate;
        const fromConfig = this.rates.get(currency);
        const rate = fromDocument ?? fromConfig;
        if (!rate || rate.isZero() || rate.isNegative()) {
          throw new RecordError(...worded('MAP_NO_EXCHANGE_RATE', { currency }, { field: 'currency' }));
        }
        return {
          factor: rate,
          ...(fromDocument ? ruleOf('EXPLAIN_RULE_EXCHANGE_RATE', {}) : { rule: `mapping.currency.rates.${currency}` }),
          ...because('EXPLAIN_CURRENCY_CONVERTED', { currency, rate: rate.toString() }),
        };
      }
    }
  }
}
