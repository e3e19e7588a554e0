/** The engine's texts, in English for its errors, run messages and activity lines, from their entries in core's catalogue (ENGINE_MESSAGES). */
import { ENGINE_MESSAGES, wordedBy, type MessageParams } from '@koppelwerk/core';

export const worded = wordedBy(ENGINE_MESSAGES);

/** An activity line's English message with its code and params. */
export function activityText(text: { code: string; params: MessageParams; message: string }): { message: string; code: string; params: MessageParams } {
  return { message: text.message, code: text.code, params: text.params };
}
