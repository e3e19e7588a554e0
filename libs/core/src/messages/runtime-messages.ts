/**
 * The entries of the runtime's codes (libs/runtime): the checks behind the dots, the import into a
 * source, explaining a document, and the tenant files of a directory.
 */
import { entry, type NestedText } from './message-entry';

/** A run's counts as an action's result says them. */
type Counts = { booked: number; skipped: number; parked: number; pending: number };
const COUNTS: Counts = { booked: 5, skipped: 1, parked: 5, pending: 0 };

function counts(language: 'nl' | 'en', c: Counts): string {
  if (language === 'en') return `booked ${c.booked}, already booked ${c.skipped}, parked ${c.parked}, pending ${c.pending}`;
  const parts = [`${c.booked} geboekt`];
  if (c.skipped) parts.push(`${c.skipped} al geboekt`);
  parts.push(`${c.parked} in de foutenlijst`);
  if (c.pending) parts.push(`${c.pending} wacht${c.pending === 1 ? '' : 'en'} nog`);
  return parts.join(', ');
}

const OUTCOMES_NL: Record<string, string> = {
  authentication: 'inloggen geweigerd',
  transient: 'tijdelijk niet bereikbaar',
  configuration: 'fout in de instellingen',
  internal: 'interne fout',
  locked: 'was al bezig',
};
const RESOLUTIONS_NL: Record<string, string> = { booked: 'geboekt', skipped: 'overgeslagen', dismissed: 'genegeerd', resolved: 'afgehandeld' };
const CLASSES_NL: Record<string, string> = { configuration: 'instellingen', authentication: 'inloggen', transient: 'tijdelijk', rejected: 'geweigerd', record: 'gegevens' };
const COMMANDS_NL: Record<string, string> = { sync: 'synchronisatie', retry: 'herverwerking', check: 'controle', import: 'import' };

/** `count` red sides, each a title at `title.<n>` and its dot's reason nested at `side.<n>`. */
function redSides(p: { count: number } & Record<string, string | number>, nested: NestedText, is: string): string {
  return Array.from({ length: p.count }, (_, i) => `${p[`title.${i + 1}`]} ${is}: ${nested(`side.${i + 1}`)}`).join('; ');
}

const RUN_CAUSE = { cause: 'RUN_PARKED', 'cause.parked': 2, 'cause.text': '2 document(s) parked in the error queue' };

const CAUSE = { cause: 'HTTP_FAILED_UPSTREAM', 'cause.text': 'Mijnwebwinkel GET /orders failed upstream (503)', 'cause.what': 'Mijnwebwinkel GET /orders', 'cause.status': 503 };

export const RUNTIME_MESSAGES = {
  CHECK_FAILED: entry({
    example: CAUSE,
    optional: ['cause'],
    message: { nl: (_p, nested) => nested('cause', { withHint: true }), en: (_p, nested) => nested('cause', { withHint: true }) },
  }),
  CHECK_MAPPING_MISSING: entry({
    // Each missing ledger or VAT code is a detail of the dot (CONFIG_PROBLEM_AT).
    example: {},
    message: {
      nl: () => 'de mapping noemt grootboekrekeningen of btw-codes die deze administratie niet heeft',
      en: () => 'the mapping names ledgers or VAT codes this administration lacks',
    },
    hint: {
      nl: () => 'maak ze aan in e-Boekhouden (Beheer > Inrichting > Grootboekrekeningen) of pas de mapping aan',
      en: () => 'create them in e-Boekhouden (Beheer > Inrichting > Grootboekrekeningen) or change the mapping',
    },
  }),
  CHECK_EXHAUSTED: entry({
    example: { systemCode: 'EMFILE' },
    message: {
      nl: (p) => `de controle kon niet draaien: deze machine heeft geen ${p.systemCode === 'ENOMEM' ? 'geheugen' : 'bestandsingangen'} meer (${p.systemCode}); de stippen bleven zoals ze waren`,
      en: (p) => `the check could not run: this machine is out of ${p.systemCode === 'ENOMEM' ? 'memory' : 'file descriptors'} (${p.systemCode}); the dots were left as they were`,
    },
  }),
  TENANT_DIRECTORY_UNREADABLE: entry({
    example: {},
    message: { nl: () => 'deze map met koppelingsbestanden is niet te lezen', en: () => 'cannot read this directory of tenant files' },
  }),
  IMPORT_NOT_A_TARGET: entry({
    example: { title: 'Mijnwebwinkel' },
    message: {
      nl: (p) => `${p.title} ontvangt geen gegevens uit de boekhouding; \`import\` is voor bronnen zoals WerkbonApp`,
      en: (p) => `${p.title} does not receive data from the bookkeeping; \`import\` is for sources such as WerkbonApp`,
    },
  }),
  IMPORT_DONE: entry({
    example: { title: 'WerkbonApp', relations: 4, materials: 1, hourTypes: 2 },
    message: {
      nl: (p) => `import in ${p.title}: ${p.relations} relaties gesynchroniseerd ${p.materials} materialen gesynchroniseerd ${p.hourTypes} uursoorten gesynchroniseerd`,
      en: (p) => `import into ${p.title}: ${p.relations} relations synchronized ${p.materials} materials synchronized ${p.hourTypes} hour types synchronized`,
    },
  }),
  EXPLAIN_CANNOT_FETCH: entry({
    example: { connector: 'acme' },
    message: {
      nl: (p) => `${p.connector} kan geen los document ophalen, dus het kan niet worden uitgelegd`,
      en: (p) => `${p.connector} cannot fetch a single document, so it cannot be explained`,
    },
  }),

  TENANT_FILE_UNUSABLE: entry({
    example: {
      file: 'bakkerij.yaml',
      cause: 'CONFIG_PROBLEMS',
      'cause.count': 1,
      'cause.path.1': 'source.connector',
      'cause.problem.1': 'CONNECTOR_UNKNOWN',
      'cause.problem.1.kind': 'source',
      'cause.problem.1.id': 'acme',
      'cause.problem.1.known': 'mijnwebwinkel',
      'cause.problem.1.packages': 'no',
      'cause.problem.1.nextToTenantFile': 'no',
      'cause.problem.1.text': 'unknown source connector "acme"; known: mijnwebwinkel',
      'cause.text': 'configuration has 1 problem',
    },
    optional: ['cause'],
    message: {
      nl: (p, nested) => `het koppelingsbestand ${p.file} is niet te gebruiken: ${nested('cause')}`,
      en: (p, nested) => `the tenant file ${p.file} cannot be used: ${nested('cause')}`,
    },
  }),
  TENANT_ALREADY_CONFIGURED: entry({
    example: { tenant: 'bakkerij', file: 'bakkerij-oud.yaml' },
    message: {
      nl: (p) => `koppeling ${p.tenant} (of haar statusbestand) staat al in ${p.file}; elke koppeling heeft een eigen naam en status nodig`,
      en: (p) => `tenant ${p.tenant} (or its state file) is already configured in ${p.file}; each tenant needs its own name and state`,
    },
  }),
  STATE_UNREADABLE: entry({
    example: { tenant: 'bakkerij', ...RUN_CAUSE },
    optional: ['cause'],
    message: {
      nl: (p, nested) => `de status van ${p.tenant} is niet te lezen: ${nested('cause', { withHint: true })}`,
      en: (p, nested) => `the state of ${p.tenant} cannot be read: ${nested('cause', { withHint: true })}`,
    },
  }),

  // The results of the dashboard's actions (ActionResult): its headline and the notes under it.
  ACTION_DONE: entry({
    example: COUNTS,
    message: { nl: (p) => `klaar: ${counts('nl', p)}`, en: (p) => `done: ${counts('en', p)}` },
  }),
  ACTION_PARKED: entry({
    example: COUNTS,
    message: { nl: (p) => counts('nl', p), en: (p) => `done, with documents parked: ${counts('en', p)}` },
  }),
  ACTION_RUN_FAILED: entry({
    example: { outcome: 'authentication', ...COUNTS, ...RUN_CAUSE },
    optional: ['cause'],
    message: {
      nl: (p, nested) => `${OUTCOMES_NL[p.outcome] ?? p.outcome}: ${p.cause !== undefined || p['cause.text'] !== undefined ? nested('cause') : counts('nl', p)}`,
      en: (p, nested) => `${p.outcome}: ${p.cause !== undefined || p['cause.text'] !== undefined ? nested('cause') : counts('en', p)}`,
    },
  }),
  ACTION_BUSY: entry({
    example: {},
    message: {
      nl: () => 'bezig: er loopt al een verwerking van deze koppeling; probeer het opnieuw als die klaar is',
      en: () => 'busy: another run of this tenant is under way; try again when it has finished',
    },
  }),
  ACTION_NOTHING_TO_REPROCESS: entry({
    example: {},
    message: {
      nl: () => 'niets opnieuw te verwerken: geen van de gekozen documenten staat nog in de foutenlijst',
      en: () => 'nothing to reprocess: none of the selected documents is still parked',
    },
  }),
  ACTION_NONE_SELECTED: entry({
    example: {},
    message: { nl: () => 'geen documenten uit de foutenlijst gekozen', en: () => 'no parked documents selected' },
  }),
  ACTION_NONE_PARKED: entry({
    example: { errorClass: 'record' },
    optional: ['errorClass'],
    message: {
      nl: (p) => `geen documenten in de foutenlijst${p.errorClass ? ` van soort ${CLASSES_NL[p.errorClass] ?? p.errorClass}` : ''}`,
      en: (p) => `no parked documents${p.errorClass ? ` of class ${p.errorClass}` : ''}`,
    },
  }),
  ACTION_NO_SUCH_ERRORS: entry({
    example: { ids: '#12, #13' },
    message: { nl: (p) => `geen fout ${p.ids} in de foutenlijst van deze koppeling`, en: (p) => `no error ${p.ids} in this tenant's error queue` },
  }),
  ACTION_NO_LONGER_PARKED: entry({
    example: { id: 12, documentKey: 'sales-order:1001', resolution: 'booked', at: '01-03-2025 11:00' },
    optional: ['resolution', 'at'],
    message: {
      nl: (p) => `#${p.id} (${p.documentKey}) staat niet meer in de foutenlijst${p.resolution ? `: ${RESOLUTIONS_NL[p.resolution] ?? p.resolution} ${p.at ?? ''}`.trimEnd() : ''}`,
      en: (p) => `#${p.id} (${p.documentKey}) is no longer parked${p.resolution ? `: ${p.resolution} ${p.at ?? ''}`.trimEnd() : ''}`,
    },
  }),
  ACTION_DISMISSED: entry({
    example: { id: 12, documentKey: 'sales-order:1001' },
    message: { nl: (p) => `#${p.id} (${p.documentKey}) genegeerd`, en: (p) => `#${p.id} (${p.documentKey}) dismissed` },
  }),
  ACTION_DISMISSED_COUNT: entry({
    example: { dismissed: 2, total: 3 },
    message: { nl: (p) => `${p.dismissed} van ${p.total} genegeerd`, en: (p) => `${p.dismissed} of ${p.total} dismissed` },
  }),
  ACTION_CHECK_GREEN: entry({
    example: {},
    message: { nl: () => 'beide verbindingen zijn groen', en: () => 'both connections are green' },
  }),
  ACTION_CHECK_RED: entry({
    example: { count: 1, 'title.1': 'e-Boekhouden', 'side.1': 'CHECK_EXHAUSTED', 'side.1.systemCode': 'EMFILE', 'side.1.text': 'the check could not run' },
    message: { nl: (p, nested) => redSides(p, nested, 'is rood'), en: (p, nested) => redSides(p, nested, 'is red') },
  }),
  ACTION_FAILED: entry({
    example: { tenant: 'bakkerij', ...RUN_CAUSE },
    optional: ['tenant', 'cause'],
    message: {
      nl: (p, nested) => `${p.tenant ? `${p.tenant}: ` : ''}${nested('cause', { withHint: true })}`,
      en: (p, nested) => `${p.tenant ? `${p.tenant}: ` : ''}${nested('cause', { withHint: true })}`,
    },
  }),
  ACTION_NOT_QUEUED: entry({
    example: { command: 'sync', tenant: 'bakkerij', ...RUN_CAUSE },
    optional: ['cause'],
    message: {
      nl: (p, nested) => `de ${COMMANDS_NL[p.command] ?? p.command} van ${p.tenant} kon niet in de wachtrij: ${nested('cause', { withHint: true })}`,
      en: (p, nested) => `the ${p.command} of ${p.tenant} could not be queued: ${nested('cause', { withHint: true })}`,
    },
  }),
  ACTION_NO_WORKER: entry({
    example: { command: 'sync', tenant: 'bakkerij', minutes: 2 },
    message: {
      nl: (p) => `geen worker rondde de ${COMMANDS_NL[p.command] ?? p.command} van ${p.tenant} af binnen ${p.minutes} minuut/minuten; die blijft in de wachtrij. Draait er een \`koppelwerk worker\`?`,
      en: (p) => `no worker finished the ${p.command} of ${p.tenant} within ${p.minutes} minute(s); it stays queued. Is a \`koppelwerk worker\` running?`,
    },
  }),
  ACTION_WORKER_FAILED: entry({
    example: { command: 'sync', tenant: 'bakkerij', state: 'failed', said: 'out of memory' },
    optional: ['said'],
    message: {
      nl: (p) => `de ${COMMANDS_NL[p.command] ?? p.command} van ${p.tenant} ${p.state === 'failed' ? 'mislukte' : p.state}${p.said ? `: ${p.said}` : ''} (zie het log van de worker)`,
      en: (p) => `the ${p.command} of ${p.tenant} ${p.state}${p.said ? `: ${p.said}` : ''} (see the worker's log)`,
    },
  }),
  ACTION_NO_RESULT: entry({
    example: { command: 'check', tenant: 'bakkerij' },
    message: {
      nl: (p) => `de ${COMMANDS_NL[p.command] ?? p.command} van ${p.tenant} eindigde zonder uitkomst`,
      en: (p) => `the ${p.command} of ${p.tenant} finished without a result`,
    },
  }),
};
