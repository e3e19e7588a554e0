/**
 * WerkbonApp answers every call with HTTP 200 and signals errors only by `code`. This maps each
 * code onto the core taxonomy: who can fix it (the tenant, us, or nobody but time).
 */
import { AuthenticationError, ConfigurationError, RejectedError, TransientError, type KoppelwerkError } from '@koppelwerk/core';

export const OK = 200;
export const WORKORDER_NOT_FOUND = 1500;
export const NO_DATA_CHANGED = 1503;

export const TOKEN_HINT =
  'copy the customer token from WerkbonApp (Start > ERP/CRM > Overzicht, with e-Boekhouden chosen as package) into the tenant config; the software token must be the one issued for this integration';

const MEANING: Record<number, string> = {
  1000: 'no endpoint given',
  1001: 'unknown endpoint',
  1002: 'no customer token given',
  1003: 'no software token given',
  1004: 'the customer token is not authorised',
  1005: 'the software token is not authorised',
  1006: 'the API must be called over https',
  1007: 'an uncaught error in WerkbonApp',
  1008: 'no request body',
  1009: 'the request body is not valid JSON',
  1500: 'work order not found',
  1501: 'a work order field is missing',
  1502: 'no update data',
  1503: 'no data changed',
  1504: 'WerkbonApp could not parse the data',
  1600: 'deleting failed',
};

/** 1101, 1201, 1301, ...: a required field of an entity is missing. */
function isRequiredFieldCode(code: number): boolean {
  return code >= 1100 && code < 1500 && code % 100 < 50;
}

export function describeCode(code: number): string {
  return MEANING[code] ?? (isRequiredFieldCode(code) ? 'a required field is missing' : 'unknown error code');
}

/** The error for a non-200 `code`; `what` names the call (never its URL). */
export function errorForCode(code: number, messages: string[], what: string): KoppelwerkError {
  const said = messages.filter((m) => typeof m === 'string' && m.trim()).join('; ').slice(0, 300);
  const text = `WerkbonApp ${what} answered code ${code} (${describeCode(code)}${said ? `: ${said}` : ''})`;
  const options = { code: `WBA_${code}` };
  if (code >= 1002 && code <= 1005) return new AuthenticationError(text, { ...options, hint: TOKEN_HINT });
  if (code === 1007) return new TransientError(text, options);
  if (code === 1000 || code === 1001 || code === 1006) {
    return new ConfigurationError([{ path: 'source.endpoint', message: `${text}; check the endpoint (https) and the API version` }], options);
  }
  return new RejectedError(text, options);
}
