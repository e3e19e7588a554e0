/**
 * The entries of core's own codes: calls that got no answer or a failing status (every connector
 * shares these), SOAP faults, the endpoint that answers 404, a configuration error's list of
 * problems, and the connector registry's refusals.
 */
import { entry, type NestedText } from './message-entry';

/** What the system's code of a call without an answer means, in words. */
const NO_ANSWER_REASONS: Record<string, { nl: string; en: string }> = {
  ECONNREFUSED: { nl: 'daar luistert niets', en: 'nothing listens there' },
  ENOTFOUND: { nl: 'die hostnaam is onbekend', en: 'that host name is not known' },
  EAI_AGAIN: { nl: 'die hostnaam kon niet worden opgezocht', en: 'that host name could not be looked up' },
  EHOSTUNREACH: { nl: 'die host is van hieruit niet bereikbaar', en: 'that host cannot be reached from here' },
  ENETUNREACH: { nl: 'dat netwerk is van hieruit niet bereikbaar', en: 'that network cannot be reached from here' },
  ETIMEDOUT: { nl: 'geen antwoord op tijd', en: 'no answer in time' },
  ECONNABORTED: { nl: 'geen antwoord op tijd', en: 'no answer in time' },
  ERR_SOCKET_CONNECTION_TIMEOUT: { nl: 'geen antwoord op tijd', en: 'no answer in time' },
  ECONNRESET: { nl: 'de verbinding werd verbroken', en: 'the connection was dropped' },
  EPIPE: { nl: 'de verbinding werd verbroken', en: 'the connection was dropped' },
};

/** Whether the system's code has words (`NO_ANSWER_REASONS`): a call without an answer then says them instead of the error's own text. */
export function hasNoAnswerReason(code: string | undefined): boolean {
  return code !== undefined && Object.prototype.hasOwnProperty.call(NO_ANSWER_REASONS, code);
}

/** Codes after which the call may have worked before: the address is right, it broke off on the way. */
export const DROPPED_CONNECTION_CODES: readonly string[] = ['ECONNRESET', 'EPIPE'];

type NoAnswer = { what: string; url?: string; systemCode?: string; said?: string };

function noAnswer(language: 'nl' | 'en', p: NoAnswer): string {
  const reason = (p.systemCode && NO_ANSWER_REASONS[p.systemCode]?.[language]) ?? p.said;
  const from = p.url ? (language === 'en' ? ` from ${p.url}` : ` van ${p.url}`) : '';
  const code = p.systemCode ?? (language === 'en' ? 'network error' : 'netwerkfout');
  return language === 'en' ? `${p.what} got no answer${from}${reason ? `: ${reason}` : ''} (${code})` : `${p.what} kreeg geen antwoord${from}${reason ? `: ${reason}` : ''} (${code})`;
}

type EndpointHint = { service: string; side: string; simulate: string; port?: string; systemCode?: string };

const dropped = (p: EndpointHint) => p.systemCode !== undefined && DROPPED_CONNECTION_CODES.includes(p.systemCode);

/** The lines of a configuration error's problems (`configurationParams`). */
function problemLines(p: { count: number } & Record<string, string | number>, nested: NestedText): string {
  const lines: string[] = [];
  for (let i = 1; i <= p.count; i++) {
    const path = p[`path.${i}`];
    lines.push(`  - ${path ? `${path}: ` : ''}${nested(`problem.${i}`)}`);
  }
  return lines.join('\n');
}

const example = { what: 'Mijnwebwinkel GET /orders' };

export const CORE_MESSAGES = {
  NO_ANSWER: entry({
    example: { ...example, url: 'http://127.0.0.1:8081/v1/orders', systemCode: 'ECONNREFUSED', said: 'socket hang up' },
    optional: ['url', 'systemCode', 'said'],
    message: { nl: (p) => noAnswer('nl', p), en: (p) => noAnswer('en', p) },
  }),
  NO_ANSWER_ENDPOINT: entry({
    example: { ...example, url: 'http://127.0.0.1:8081/v1/orders', systemCode: 'ECONNREFUSED', said: 'socket hang up', service: 'Mijnwebwinkel', side: 'source', simulate: 'mijnwebwinkel', port: '8081' },
    optional: ['url', 'systemCode', 'said', 'port'],
    message: { nl: (p) => noAnswer('nl', p), en: (p) => noAnswer('en', p) },
    hint: {
      nl: (p) => {
        const later = 'er ging niets verloren, de volgende poging probeert het opnieuw';
        if (dropped(p)) return `${p.service} verbrak de verbinding; ${later}`;
        const check = `controleer ${p.side}.endpoint in het koppelingsbestand`;
        if (p.port) return `${check} en of de dienst daar draait, bijvoorbeeld de simulator: \`koppelwerk simulate ${p.simulate} --port ${p.port}\`; ${later}`;
        return (
          `${check} en de weg van deze machine naar ${p.service}: netwerk, proxy, firewall; ` +
          `om het zonder ${p.service} te proberen, start \`koppelwerk simulate ${p.simulate}\` en schrijf het endpoint dat die toont als ${p.side}.endpoint; ${later}`
        );
      },
      en: (p) => {
        const later = 'nothing was lost, the next attempt tries again';
        if (dropped(p)) return `${p.service} dropped the connection; ${later}`;
        const check = `check ${p.side}.endpoint in the tenant file`;
        // No parentheses: the hint is often shown in parentheses behind the message.
        if (p.port) return `${check} and that the service there runs, e.g. the simulator: \`koppelwerk simulate ${p.simulate} --port ${p.port}\`; ${later}`;
        return (
          `${check} and this machine's way to ${p.service}: network, proxy, firewall; ` +
          `to try it without ${p.service}, start \`koppelwerk simulate ${p.simulate}\` and write the endpoint it prints as ${p.side}.endpoint; ${later}`
        );
      },
    },
  }),
  NO_ANSWER_EXHAUSTED: entry({
    example: { ...example, systemCode: 'EMFILE' },
    message: {
      nl: (p) => `${p.what} kreeg geen antwoord (${p.systemCode}): deze machine had geen ${p.systemCode === 'ENOMEM' ? 'geheugen' : 'bestandsingangen'} meer`,
      en: (p) => `${p.what} got no answer (${p.systemCode})`,
    },
  }),
  CALL_FAILED: entry({
    example: { ...example, said: 'socket closed', systemCode: 'EMFILE' },
    optional: ['systemCode'],
    message: {
      nl: (p) => `${p.what} mislukte: ${p.said}${p.systemCode && !p.said.includes(p.systemCode) ? ` (${p.systemCode})` : ''}`,
      en: (p) => `${p.what} failed: ${p.said}${p.systemCode && !p.said.includes(p.systemCode) ? ` (${p.systemCode})` : ''}`,
    },
  }),
  ANSWER_BROKE_OFF: entry({
    example: { ...example, systemCode: 'ERR_BAD_RESPONSE' },
    optional: ['systemCode'],
    message: {
      nl: (p) => `${p.what} brak af terwijl het antwoord binnenkwam (${p.systemCode ?? 'afgebroken'})`,
      en: (p) => `${p.what} broke off while the answer arrived (${p.systemCode ?? 'aborted'})`,
    },
  }),
  HTTP_CREDENTIALS_REFUSED: entry({
    example: { refused: 'Shop refused the token', status: 401, detail: 'bad token', credentialsHint: 'make a new token' },
    optional: ['detail'],
    message: {
      nl: (p) => `inloggegevens geweigerd: ${p.refused} (${p.status}${p.detail ? `: ${p.detail}` : ''})`,
      en: (p) => `${p.refused} (${p.status}${p.detail ? `: ${p.detail}` : ''})`,
    },
    hint: { nl: (p) => `zie de inloggegevens van deze koppeling: ${p.credentialsHint}`, en: (p) => p.credentialsHint },
  }),
  HTTP_429: entry({
    example: { ...example, detail: 'too many requests' },
    optional: ['detail'],
    message: {
      nl: (p) => `${p.what} kreeg te veel verzoeken tegelijk en moet wachten (429${p.detail ? `: ${p.detail}` : ''})`,
      en: (p) => `${p.what} was rate limited (429${p.detail ? `: ${p.detail}` : ''})`,
    },
  }),
  HTTP_FAILED_UPSTREAM: entry({
    example: { ...example, status: 503, detail: 'maintenance' },
    optional: ['detail'],
    message: {
      nl: (p) => `${p.what} mislukte aan de andere kant (${p.status}${p.detail ? `: ${p.detail}` : ''})`,
      en: (p) => `${p.what} failed upstream (${p.status}${p.detail ? `: ${p.detail}` : ''})`,
    },
  }),
  HTTP_REFUSED: entry({
    example: { ...example, status: 422, detail: 'date invalid' },
    optional: ['detail'],
    message: {
      nl: (p) => `${p.what} werd geweigerd (${p.status}${p.detail ? `: ${p.detail}` : ''})`,
      en: (p) => `${p.what} was refused (${p.status}${p.detail ? `: ${p.detail}` : ''})`,
    },
  }),
  SOAP_FAULT_CLIENT: entry({
    example: { what: 'Shop GetOrders', faultCode: 'soap:Client', said: 'invalid date' },
    message: {
      nl: (p) => `${p.what} antwoordde met een SOAP-fout ${p.faultCode}: ${p.said}`,
      en: (p) => `${p.what} answered with a SOAP fault ${p.faultCode}: ${p.said}`,
    },
  }),
  SOAP_FAULT_SERVER: entry({
    example: { what: 'Shop GetOrders', faultCode: 'soap:Server', said: 'internal error' },
    message: {
      nl: (p) => `${p.what} antwoordde met een SOAP-fout ${p.faultCode}: ${p.said}`,
      en: (p) => `${p.what} answered with a SOAP fault ${p.faultCode}: ${p.said}`,
    },
  }),
  SOAP_CHARACTER: entry({
    example: { field: 'Omschrijving', character: 'U+0007', position: 4 },
    message: {
      nl: (p) => `${p.field} bevat een teken dat XML niet kan bevatten (${p.character} op positie ${p.position})`,
      en: (p) => `${p.field} contains a character XML cannot carry (${p.character} at position ${p.position})`,
    },
    hint: {
      nl: (p) => `haal het stuurteken uit ${p.field} bij de bron`,
      en: (p) => `remove the control character from ${p.field} at the source`,
    },
  }),
  ENDPOINT_NOT_FOUND: entry({
    example: {
      service: 'Acme',
      url: 'http://127.0.0.1:8090/v1/v1/invoices',
      answered: 'ANSWERED_404',
      'answered.text': '404 (not found)',
      advice: 'ENDPOINT_ADVICE',
      'advice.endpoint': 'https://api.acme.example',
      'advice.simulate': 'acme',
      'advice.text': 'the endpoint should be https://api.acme.example, or the url `koppelwerk simulate acme` prints',
    },
    optional: ['advice', 'answered'],
    message: {
      nl: (p, nested) => `${p.service} antwoordde ${nested('answered')} voor ${p.url}: ${nested('advice')}`,
      en: (p, nested) => `${p.service} answered ${nested('answered')} for ${p.url}: ${nested('advice')}`,
    },
  }),
  ANSWERED_404: entry({ example: {}, message: { nl: () => '404 (niet gevonden)', en: () => '404 (not found)' } }),
  ENDPOINT_ADVICE: entry({
    example: { endpoint: 'https://api.acme.example', simulate: 'acme' },
    message: {
      nl: (p) => `het endpoint moet ${p.endpoint} zijn, of de url die \`koppelwerk simulate ${p.simulate}\` toont`,
      en: (p) => `the endpoint should be ${p.endpoint}, or the url \`koppelwerk simulate ${p.simulate}\` prints`,
    },
  }),
  CONFIG_PROBLEMS: entry({
    example: { count: 1, 'path.1': 'mapping.ledgers.debtors', 'problem.1': 'MAP_LEDGER_MISSING', 'problem.1.ledger': '1300', 'problem.1.text': 'ledger 1300 does not exist in this administration' },
    message: {
      nl: (p, nested) => `de instellingen hebben ${p.count === 1 ? '1 probleem' : `${p.count} problemen`}:\n${problemLines(p, nested)}`,
      en: (p, nested) => `configuration has ${p.count === 1 ? '1 problem' : `${p.count} problems`}:\n${problemLines(p, nested)}`,
    },
  }),
  CONFIG_PROBLEM_AT: entry({
    example: { path: 'mapping.ledgers.debtors', problem: 'MAP_LEDGER_MISSING', 'problem.ledger': '1300', 'problem.text': 'ledger 1300 does not exist in this administration' },
    optional: ['problem'],
    message: { nl: (p, nested) => `${p.path}: ${nested('problem')}`, en: (p, nested) => `${p.path}: ${nested('problem')}` },
  }),
  CONNECTOR_UNKNOWN: entry({
    example: { kind: 'source', id: 'acme', known: 'mijnwebwinkel, stella', packages: 'yes', nextToTenantFile: 'yes' },
    message: {
      nl: (p) =>
        `onbekende ${p.kind === 'source' ? 'bronkoppeling' : p.kind === 'sink' ? 'boekhoudkoppeling' : 'koppeling'} "${p.id}"; bekend: ${p.known || '(geen)'}` +
        (p.packages === 'yes' ? `; en er is geen koppelingspakket "${p.id}" geïnstalleerd ${p.nextToTenantFile === 'yes' ? 'naast het koppelingsbestand of ' : ''}in de werkmap` : ''),
      en: (p) =>
        `unknown ${p.kind ? `${p.kind} connector` : 'connector'} "${p.id}"; known: ${p.known || '(none)'}` +
        (p.packages === 'yes' ? `; and no connector package "${p.id}" is installed ${p.nextToTenantFile === 'yes' ? 'next to the tenant file or ' : ''}in the working directory` : ''),
    },
  }),
  CONNECTOR_WRONG_KIND: entry({
    example: { id: 'stella', actual: 'source', wanted: 'sink', packageName: 'koppelwerk-connector-acme', known: 'eboekhouden' },
    optional: ['packageName'],
    message: {
      nl: (p) =>
        `"${p.id}" is een ${p.actual === 'source' ? 'bronkoppeling' : 'boekhoudkoppeling'}${p.packageName ? ` (pakket ${p.packageName})` : ''}, geen ${p.wanted === 'source' ? 'bronkoppeling' : 'boekhoudkoppeling'}; ` +
        `bekende ${p.wanted === 'source' ? 'bronkoppelingen' : 'boekhoudkoppelingen'}: ${p.known || '(geen)'}`,
      en: (p) => `"${p.id}" is a ${p.actual} connector${p.packageName ? ` (package ${p.packageName})` : ''}, not a ${p.wanted} connector; known ${p.wanted}s: ${p.known || '(none)'}`,
    },
  }),
};
