/**
 * A new tenant file, commented, for a source and a sink: what `koppelwerk init` writes and what the
 * dashboard's "Nieuwe koppeling" starts from.
 *
 * The settings blocks are rendered from each connector's zod schema, one source of truth: a field
 * is left out (commented) exactly when the schema accepts it missing, and the value shown for it
 * is what the schema makes of a missing value (its default, nested objects included). Secrets
 * become `${env:NAME}` references; the connector's `exampleConfig` (the login of its simulator)
 * fills in the rest. A commented value spans as many lines as it needs, each behind its own `#`,
 * so removing the `#`s of a default gives valid YAML at its place.
 */
import {
  configJsonSchema,
  connectorName,
  objectShapeOf,
  type ConnectorKind,
  type ConnectorManifest,
  type ConnectorRegistry,
} from '@koppelwerk/core';
import { stringify } from 'yaml';
import { loadableConnectors } from './plugins/loadable-connectors';
import { DEFAULT_RETAIN_DAYS, tenantFileSchema } from './tenant-config';

/** A shell-safe environment variable name: `acme-shop` -> `ACME_SHOP`. */
export function envName(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

/** The simulator's port for a connector that names none of its own (`simulator.port` in its manifest). */
export const TEMPLATE_PORTS = { source: 8081, sink: 8080 } as const;

/**
 * The port the template's `endpoint` line gives a connector's simulator (`koppelwerk simulate <id> --port <n>`):
 * its manifest's `simulator.port`, else the port of the example config's endpoint (a connector package
 * made before `simulator.port` existed), else the side's fallback.
 */
export function templatePort(manifest: ConnectorManifest): number {
  if (manifest.simulator?.port !== undefined) return manifest.simulator.port;
  const example = (manifest.exampleConfig as { endpoint?: unknown } | undefined)?.endpoint;
  const port = typeof example === 'string' ? Number(URL.canParse(example) ? new URL(example).port : '') : 0;
  return port > 0 ? port : TEMPLATE_PORTS[manifest.kind === 'sink' ? 'sink' : 'source'];
}

interface JsonProperty {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  writeOnly?: boolean;
  description?: string;
}

/** One setting as the template shows it. */
export interface TemplateField {
  name: string;
  /** The schema accepts the field missing (it has a default, or is optional). */
  optional: boolean;
  secret: boolean;
  /** What the schema makes of a missing value; undefined when it stays missing. */
  fallback: unknown;
  property: JsonProperty;
}

/** A connector's settings in schema order, except `endpoint` (written next to `settings:`). */
export function templateFields(manifest: ConnectorManifest): TemplateField[] {
  const json = configJsonSchema(manifest.configSchema) as { properties?: Record<string, JsonProperty>; required?: string[] };
  const shape = objectShapeOf(manifest.configSchema);
  return Object.entries(json.properties ?? {})
    .filter(([name]) => name !== 'endpoint')
    .map(([name, property]) => {
      const field = shape?.[name];
      const missing = field?.safeParse(undefined);
      // Without a zod shape, the JSON Schema's `required` and `default` say the same, less precisely.
      const optional = missing ? missing.success : !(json.required ?? []).includes(name) || (property as { default?: unknown }).default !== undefined;
      const fallback = missing ? (missing.success ? missing.data : undefined) : (property as { default?: unknown }).default;
      return { name, optional, secret: property.writeOnly === true, fallback, property };
    });
}

/** What a value must be, for the comment of a line that shows no value. */
function expectation(property: JsonProperty): string | undefined {
  if (property.enum) return `one of ${property.enum.map((value) => JSON.stringify(value)).join(' | ')}`;
  const type = Array.isArray(property.type) ? property.type.join(' or ') : property.type;
  if (type === 'integer' || type === 'number') {
    const noun = type === 'integer' ? 'a whole number' : 'a number';
    if (property.minimum !== undefined && property.maximum !== undefined) return `${noun} from ${property.minimum} to ${property.maximum}`;
    if (property.minimum !== undefined) return `${noun}, at least ${property.minimum}`;
    return noun;
  }
  if (type === 'boolean') return 'true or false';
  if (type === 'string' && property.format === 'date') return 'a date, YYYY-MM-DD';
  if (type === 'string' && property.format === 'uri') return 'a URL';
  if (type === 'string') return 'text';
  return undefined;
}

/**
 * `name: value` as YAML lines, indented; `commented` puts `# ` in front of every line, so a
 * multi-line value (a list, an object) never spills out of its comment.
 */
function yamlField(name: string, value: unknown, indent: string, commented: boolean, comment?: string): string[] {
  const lines =
    value === undefined ? [`${name}:`] : typeof value === 'string' && value.startsWith('${') ? [`${name}: ${value}`] : stringify({ [name]: value }, { lineWidth: 0 }).trimEnd().split('\n');
  return lines.map((line, i) => `${indent}${commented ? '# ' : ''}${line}${i === 0 && comment ? `   # ${comment}` : ''}`);
}

function settingsBlock(manifest: ConnectorManifest, envPrefix: string, name: string): string[] {
  const example = (manifest.exampleConfig ?? {}) as Record<string, unknown>;
  const lines: string[] = [];
  for (const field of templateFields(manifest)) {
    const { name, property } = field;
    const given = example[name] !== undefined;
    const notes: (string | undefined)[] = [];
    let value: unknown;
    let commented: boolean;
    if (field.secret) {
      value = `\${env:${envPrefix}_${envName(name)}}`;
      // An optional secret the example login uses (the SOAP codes of e-Boekhouden's default API) is written out.
      commented = field.optional && !given;
      notes.push('secret: keep it in the environment');
    } else if (given) {
      value = example[name];
      commented = false;
    } else if (field.optional) {
      value = field.fallback;
      commented = true;
      notes.push(field.fallback === undefined ? `optional; ${expectation(property) ?? 'see koppelwerk describe ' + name}` : 'the default');
    } else {
      value = '';
      commented = false;
      notes.push(`required; ${expectation(property) ?? 'see koppelwerk describe ' + name}`);
    }
    notes.push(property.description);
    lines.push(...yamlField(name, value, '    ', commented, notes.filter(Boolean).join('; ')));
  }
  if (lines.length === 0) lines.push('    {}');
  return lines;
}

/** The commented `endpoint:` line of a section: what `koppelwerk simulate <id>` prints, at the place it belongs. */
function endpointLines(manifest: ConnectorManifest, side: 'source' | 'sink', name: string): string[] {
  if (!manifest.simulator) {
    return [`  # endpoint: https://test.example   # only to point at a test system; left out: the real ${manifest.title}`];
  }
  const port = templatePort(manifest);
  const endpoint = `http://127.0.0.1:${port}${manifest.simulator.endpointPath ?? ''}`;
  return [
    `  # endpoint: ${endpoint}   # only for a simulator or test system; left out: the real ${manifest.title}.`,
    `  #   \`koppelwerk simulate ${name} --port ${port}\` prints this line as "endpoint ${endpoint}"`,
  ];
}

/**
 * A commented tenant file. `names` are what the file writes as `connector:` when that is not the
 * manifest's id: the package name of an installed connector package.
 */
export function tenantTemplate(tenant: string, source: ConnectorManifest, sink: ConnectorManifest, names: { source?: string; sink?: string } = {}): string {
  const sourceName = names.source ?? source.id;
  const sinkName = names.sink ?? sink.id;
  return [
    `# Koppelwerk tenant "${tenant}": ${source.title} -> ${sink.title}.`,
    '# Check it with `koppelwerk check <this file>`, try it with `koppelwerk sync <this file> --dry-run`.',
    '# Secrets: write ${env:NAME} (an environment variable), ${file:path} (a file next to this one), or what `koppelwerk secrets encrypt` prints.',
    '# To try it on the simulators first: start each `koppelwerk simulate` shown at the `endpoint` lines,',
    '# remove the `#` before both `endpoint:` lines, and set the environment variables below to the values',
    '# of the `credentials` line each simulator prints.',
    `tenant: ${tenant}`,
    '',
    'source:',
    `  connector: ${stringify(sourceName).trim()}`,
    ...endpointLines(source, 'source', sourceName),
    '  settings:',
    ...settingsBlock(source, envName(source.id), sourceName),
    '',
    'sink:',
    `  connector: ${stringify(sinkName).trim()}`,
    ...endpointLines(sink, 'sink', sinkName),
    '  settings:',
    ...settingsBlock(sink, envName(sink.id), sinkName),
    '',
    '# How documents become bookings. Everything below is optional; the values shown are the defaults.',
    'mapping:',
    '  ledgers:',
    '    debtors: "1300"          # sales are booked on this debtors ledger',
    '    creditors: "1600"        # purchases on this creditors ledger',
    '    sales:                   # revenue ledger per income type x VAT code; first match wins',
    '      rules: []              # e.g. - { incomeType: revenue, vatCode: HOOG_VERK_21, ledger: "8010" }',
    '      default: "8000"',
    '    purchase:',
    '      rules: []',
    '      default: "4000"',
    '  vat:',
    '    sales: []                # e.g. - { rate: 0, code: VERL_VERK }; the built-in Dutch table follows',
    '    purchase: []',
    '  relations:',
    '    matchBy: email           # email | source-id | name',
    '    codePrefix: ""           # up to 5 capitals/digits in front of every relation code',
    '    createMissing: true',
    '  texts:',
    '    description: "{kindLabel} {number} {relation.name}"',
    '    invoiceNumber: "{number}"',
    '  currency:',
    '    foreign: refuse          # refuse | book-as-euro | convert (with rates: { USD: "0.92" })',
    '  rounding:                 # when the booked rows differ from the total the customer paid',
    '    maxDifference: "0.05"    # up to this (euros) on a rounding row; more refuses the document',
    '    # ledger: "8000"         # the rounding row\'s ledger; default: the sales or purchase default ledger',
    '',
    'schedule:',
    `  everyMinutes: ${source.defaultIntervalMinutes ?? 60}`,
    '',
    'state:',
    `  path: state/${tenant}.sqlite`,
    `  retainDays: ${DEFAULT_RETAIN_DAYS}             # customers' names and addresses of finished documents are removed after this; or forever`,
    '',
    'log:',
    '  level: info               # debug | info | warn | error; debug adds every page read and every booking',
    '',
  ].join('\n');
}

/** Why a tenant name cannot be used (the tenant file's own rule), or undefined when it can. */
export function tenantNameProblem(tenant: string): string | undefined {
  const result = tenantFileSchema.shape.tenant.safeParse(tenant);
  return result.success ? undefined : result.error.issues.map((issue) => issue.message).join('; ');
}

/** What `init --<kind>` can name: the built-in connectors of that kind and the connector packages installed here that load. */
export function usableConnectors(registry: ConnectorRegistry, kind: ConnectorKind, cwd = process.cwd()): string[] {
  return loadableConnectors(registry, cwd)
    .connectors.filter((entry) => entry.manifest.kind === kind)
    .map(connectorName);
}
