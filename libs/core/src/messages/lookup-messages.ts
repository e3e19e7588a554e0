/**
 * The entries of the live lookups' codes (connector-lookups.ts in core, connector-lookups.ts in the
 * runtime): a lookup a connector does not offer, one that got no answer in time or was stopped, and
 * one that failed for another reason.
 */
import { entry } from './message-entry';

const LOOKUP = { connector: 'e-Boekhouden.nl', name: 'ledgers' };

export const LOOKUP_MESSAGES = {
  LOOKUP_UNKNOWN: entry({
    example: { ...LOOKUP, name: 'ledger', offered: 'ledgers' },
    optional: ['offered'],
    message: {
      nl: (p) => `${p.connector} heeft geen keuzelijst "${p.name}"; ${p.offered ? `wel: ${p.offered}` : 'deze koppeling heeft er geen'}`,
      en: (p) => `${p.connector} offers no lookup "${p.name}"; ${p.offered ? `it offers: ${p.offered}` : 'it offers none'}`,
    },
  }),
  LOOKUP_TIMEOUT: entry({
    example: { ...LOOKUP, seconds: 20 },
    message: {
      nl: (p) => `de keuzelijst ${p.name} van ${p.connector} kreeg binnen ${p.seconds} s geen antwoord`,
      en: (p) => `the lookup ${p.name} of ${p.connector} got no answer within ${p.seconds} s`,
    },
    hint: {
      nl: () => 'controleer het endpoint en de verbinding, en probeer het opnieuw',
      en: () => 'check the endpoint and the connection, then try again',
    },
  }),
  LOOKUP_STOPPED: entry({
    example: LOOKUP,
    message: {
      nl: (p) => `de keuzelijst ${p.name} van ${p.connector} werd gestopt voordat er een antwoord was`,
      en: (p) => `the lookup ${p.name} of ${p.connector} was stopped before it had an answer`,
    },
  }),
  LOOKUP_FAILED: entry({
    example: { ...LOOKUP, cause: 'HTTP_FAILED_UPSTREAM', 'cause.text': 'e-Boekhouden GET /v1/ledger failed upstream (503)', 'cause.what': 'e-Boekhouden GET /v1/ledger', 'cause.status': 503 },
    optional: ['cause'],
    message: {
      nl: (p, nested) => `de keuzelijst ${p.name} van ${p.connector} mislukte: ${nested('cause', { withHint: true })}`,
      en: (p, nested) => `the lookup ${p.name} of ${p.connector} failed: ${nested('cause', { withHint: true })}`,
    },
  }),
};
