/** The mapping's texts, in English for its errors and explain steps, from their entries in core's catalogue (MAPPING_MESSAGES). */
import { MAPPING_MESSAGES, wordedBy, type CodedText, type ParamsOf } from '@koppelwerk/core';

export const worded = wordedBy(MAPPING_MESSAGES);

type MappingCode = keyof typeof MAPPING_MESSAGES & string;

/** An explain step's reason: `because` in English, and its code and params (`ExplainStep.reason`). */
export function because<K extends MappingCode>(code: K, params: ParamsOf<(typeof MAPPING_MESSAGES)[K]>): { because: string; reason: CodedText } {
  const text = worded.text(code, params);
  return { because: text.message, reason: { code: text.code, params: text.params } };
}
