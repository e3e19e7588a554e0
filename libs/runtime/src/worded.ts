/** The runtime's texts, in English for its errors, checks and activity lines, from their entries in core's catalogue (RUNTIME_MESSAGES). */
import { RUNTIME_MESSAGES, wordedBy } from '@koppelwerk/core';

export const worded = wordedBy(RUNTIME_MESSAGES);
