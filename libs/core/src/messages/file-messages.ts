/**
 * The entries of a tenant file's own problems before its settings are checked: a file that cannot
 * be read (the tenant file, a `${file:..}` secret, the secret key file), YAML that does not parse,
 * and an `${env:..}` or `${file:..}` reference that does not resolve.
 */
import { entry } from './message-entry';

const FILE_REASONS: Record<string, { nl: (file: string) => string; en: (file: string) => string }> = {
  ENOENT: { nl: (f) => `het bestaat niet (gezocht: ${f})`, en: (f) => `it does not exist (looked for ${f})` },
  ENOTDIR: { nl: (f) => `het bestaat niet: een map op de weg naar ${f} is een bestand`, en: (f) => `it does not exist: a folder on the way to ${f} is a file` },
  EISDIR: { nl: (f) => `${f} is een map, geen bestand`, en: (f) => `${f} is a directory, not a file` },
  EACCES: { nl: (f) => `geen toestemming om ${f} te lezen (EACCES)`, en: (f) => `no permission to read ${f} (EACCES)` },
  EPERM: { nl: (f) => `geen toestemming om ${f} te lezen (EPERM)`, en: (f) => `no permission to read ${f} (EPERM)` },
};

/** Whether an unreadable file's system code has words (FILE_REASON). */
export function hasFileReason(systemCode: string | undefined): boolean {
  return systemCode !== undefined && Object.prototype.hasOwnProperty.call(FILE_REASONS, systemCode);
}

/** The YAML parser's error codes a person meets most, in Dutch (the English is the parser's own). */
const YAML_WORDS_NL: Record<string, string> = {
  DUPLICATE_KEY: 'deze sleutel staat er twee keer',
  BAD_INDENT: 'de inspringing klopt niet',
  TAB_AS_INDENT: 'inspringen met een tab mag niet, gebruik spaties',
  MISSING_CHAR: 'er ontbreekt een teken (bijvoorbeeld een sluitend aanhalingsteken of haakje)',
  MULTILINE_IMPLICIT_KEY: 'een sleutel mag niet over meer regels lopen (ontbreekt er een dubbele punt?)',
  BLOCK_AS_IMPLICIT_KEY: 'een sleutel mag niet over meer regels lopen (ontbreekt er een dubbele punt?)',
  UNEXPECTED_TOKEN: 'hier staat iets wat niet verwacht werd',
  BAD_SCALAR_START: 'een waarde mag zo niet beginnen (zet haar tussen aanhalingstekens)',
};

const also = (p: { also?: string }, nl: boolean) => (p.also ? (nl ? ` (ook gebruikt door ${p.also})` : ` (also used by ${p.also})`) : '');

export const FILE_MESSAGES = {
  /** Why a file could not be read; `file` is the absolute path tried. */
  FILE_REASON: entry({
    example: { systemCode: 'ENOENT', file: '/srv/koppelwerk/shop.yaml' },
    message: {
      nl: (p) => FILE_REASONS[p.systemCode]?.nl(p.file) ?? `${p.file}: ${p.systemCode}`,
      en: (p) => FILE_REASONS[p.systemCode]?.en(p.file) ?? `${p.file}: ${p.systemCode}`,
    },
  }),
  TENANT_FILE_UNREADABLE: entry({
    example: { missing: 'yes', reason: 'FILE_REASON', 'reason.systemCode': 'ENOENT', 'reason.file': '/srv/shop.yaml', 'reason.text': 'it does not exist (looked for /srv/shop.yaml)' },
    optional: ['missing', 'reason'],
    message: {
      nl: (p, nested) => `het koppelingsbestand is niet te lezen: ${nested('reason')}${p.missing === 'yes' ? '; `koppelwerk init --source <koppeling>` schrijft een nieuw' : ''}`,
      en: (p, nested) => `cannot read the tenant file: ${nested('reason')}${p.missing === 'yes' ? '; `koppelwerk init --source <connector>` writes a new one' : ''}`,
    },
  }),
  SECRET_KEY_FILE_UNREADABLE: entry({
    example: { reason: 'FILE_REASON', 'reason.systemCode': 'EACCES', 'reason.file': '/etc/koppelwerk/secret.key', 'reason.text': 'no permission to read it' },
    optional: ['reason'],
    message: {
      nl: (_p, nested) => `het sleutelbestand is niet te lezen: ${nested('reason')}`,
      en: (_p, nested) => `cannot read the secret key file: ${nested('reason')}`,
    },
  }),
  REFERENCE_ENV_MISSING: entry({
    example: { name: 'EBOEKHOUDEN_CODE1', also: 'sink.settings.securityCode2' },
    optional: ['also'],
    message: {
      nl: (p) => `de omgevingsvariabele ${p.name} is niet gezet${also(p, true)}`,
      en: (p) => `environment variable ${p.name} is not set${also(p, false)}`,
    },
  }),
  REFERENCE_FILE_UNREADABLE: entry({
    example: { name: 'secrets/token.txt', also: 'sink.settings.securityCode2', reason: 'FILE_REASON', 'reason.systemCode': 'ENOENT', 'reason.file': '/srv/secrets/token.txt', 'reason.text': 'it does not exist' },
    optional: ['also', 'reason'],
    message: {
      nl: (p, nested) => `het bestand ${p.name} is niet te lezen: ${nested('reason')}${also(p, true)}`,
      en: (p, nested) => `cannot read the file ${p.name}: ${nested('reason')}${also(p, false)}`,
    },
  }),
  YAML_SYNTAX: entry({
    example: { line: 3, yamlCode: 'BAD_INDENT', detail: 'All mapping items must start at the same column' },
    optional: ['line', 'yamlCode'],
    message: {
      nl: (p) => `YAML${p.line ? ` regel ${p.line}` : ''}: ${(p.yamlCode && YAML_WORDS_NL[p.yamlCode]) || 'deze regel is geen geldige YAML'}`,
      en: (p) => `YAML${p.line ? ` line ${p.line}` : ''}: ${p.detail}`,
    },
  }),
  /** The service stores tenant files in its database: a secret in one must be a reference. */
  SECRET_WRITTEN_OUT: entry({
    example: {},
    message: {
      nl: () =>
        'een geheim moet een verwijzing zijn: een env- of file-verwijzing die de worker opzoekt, of een encrypted-verwijzing van `koppelwerk secrets encrypt` (de workers hebben dezelfde sleutel nodig); een uitgeschreven geheim wordt niet in de database bewaard',
      en: () =>
        'a secret must be a reference: an env or file reference the worker resolves, or an encrypted one from `koppelwerk secrets encrypt` (the workers need the same key); a written-out secret is not stored in the database',
    },
  }),
  /** A problem of the sink's settings where a command that reads the source needs the sink too. */
  SINK_NEEDED_TOO: entry({
    example: { title: 'e-Boekhouden.nl', problem: 'REFERENCE_ENV_MISSING', 'problem.name': 'EB_CODE', 'problem.text': 'environment variable EB_CODE is not set' },
    optional: ['problem'],
    message: {
      nl: (p, nested) => `${nested('problem')} (dit document vraagt hier ${p.title}, dus de geheimen van de boekhouding zijn ook nodig)`,
      en: (p, nested) => `${nested('problem')} (this document asks ${p.title} here, so the sink's secrets are needed too)`,
    },
  }),
};
