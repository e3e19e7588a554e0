/** The mapping's texts, in English for its errors and explain steps, from their entries in core's catalogue (MAPPING_MESSAGES). */
import { MAPPING_MESSAGES, wordedBy, type CodedText, type ParamsOf } from '@koppelwerk/core';

export const worded = wordedBy(MAPPING_MESSAGES);

type MappingCode = keyof typeof MAPPING_MESSAGES & string;

/** An explain step's reason: `because` in English, and its code and params (`ExplainStep.reason`). */
export function because<K extends MappingCode>(code: K, params: ParamsOf<(typeof MAPPING_MESSAGES)[K]>): { because: string; reason: CodedText } {
  const text = worded.text(code, params);
  return { because: text.message, reason: { code: text.code, params: text.params } };
}

/** An explain step's value made of words: `value` in English, and `valueText` by its code and params. */
export function valueOf<K extends MappingCode>(code: K, params: ParamsOf<(typeof MAPPING_MESSAGES)[K]>): { value: string; valueText: CodedText } {
  const text = worded.text(code, params);
  return { value: text.message, valueText: { code: text.code, params: text.params } };
}

/** An explain step's rule made of words: `rule` in English, and `ruleText` by its code and params. */
export function ruleOf<K extends MappingCode>(code: K, params: ParamsOf<(typeof MAPPING_MESSAGES)[K]>): { rule: string; ruleText: CodedText } {
  const text = worded.text(code, params);
  return { rule: text.message, ruleText: { code: text.code, params: text.params } };
}

/** A rule's place: a built-in table's (`built-in vat.sales[2]`) worded, any other as it is. */
export function labelOf(label: string): { rule: string; ruleText?: CodedText } {
  return label.startsWith('built-in ') ? ruleOf('EXPLAIN_RULE_BUILT_IN', { path: label.slice('built-in '.length) }) : { rule: label };
}
