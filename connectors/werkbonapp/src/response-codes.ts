/**
 * WerkbonApp answers every call with HTTP 200 and signals errors only by `code`. This maps each
 * code onto the core taxonomy: who can fix it (the tenant, us, or nobody but time).
 */
import { AuthenticationError, ConfigurationError, RejectedError, TransientError, type KoppelwerkError } from '@koppelwerk/core';
import { worded } from './werkbonapp-messages';

export const OK = 200;
export const WORKORDER_NOT_FOUND = 1500;
export const NO_DATA_CHANGED = 1503;

/** The error for a non-200 `code`; `what` names the call (never its URL). */
export function errorForCode(code: number, messages: string[], what: string): KoppelwerkError {
  const said = messages.filter((m) => typeof m === 'string' && m.trim()).join('; ').slice(0, 300) || undefined;
  const answered = { what, answeredCode: code, said };
  const options = { code: `WBA_${code}` };
  if (code >= 1002 && code <= 1005) return new AuthenticationError(...worded('WBA_TOKEN_REFUSED', answered, options));
  if (code === 1007) return new TransientError(...worded('WBA_ANSWERED', answered, options));
  if (code === 1000 || code === 1001 || code === 1006) {
    return new ConfigurationError([worded.problem('source.endpoint', 'WBA_ANSWERED_ENDPOINT', answered)], options);
  }
  return new RejectedError(...worded('WBA_ANSWERED', answered, options));
}
