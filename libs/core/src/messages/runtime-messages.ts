/**
 * The entries of the runtime's codes (libs/runtime): the checks behind the dots, the import into a
 * source, explaining a document, and the tenant files of a directory.
 */
import { entry } from './message-entry';

const CAUSE = { cause: 'HTTP_FAILED_UPSTREAM', 'cause.text': 'Mijnwebwinkel GET /orders failed upstream (503)', 'cause.what': 'Mijnwebwinkel GET /orders', 'cause.status': 503 };

export const RUNTIME_MESSAGES = {
  CHECK_FAILED: entry({
    example: CAUSE,
    optional: ['cause'],
    message: { nl: (_p, nested) => nested('cause', { withHint: true }), en: (_p, nested) => nested('cause', { withHint: true }) },
  }),
  CHECK_MAPPING_MISSING: entry({
    // The problems as a configuration error's params hold them (`configurationParams`): the dot's details.
    example: { count: 1, 'path.1': 'mapping.ledgers.sales[0].ledger', 'problem.1': 'MAP_LEDGER_MISSING', 'problem.1.ledger': '8010', 'problem.1.text': 'ledger 8010 does not exist in this administration' },
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
};
