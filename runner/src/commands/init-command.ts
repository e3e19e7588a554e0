/** `koppelwerk init --source <id> --sink <id>`: writes a commented tenant template. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { configJsonSchema, type ConnectorManifest, type ConnectorRegistry } from '@koppelwerk/core';
import { stringify } from 'yaml';
import type { Output } from '../output';

/** A shell-safe environment variable name: `acme-shop` -> `ACME_SHOP`. */
export function envName(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

function settingsBlock(manifest: ConnectorManifest, envPrefix: string): string[] {
  const schema = configJsonSchema(manifest.configSchema) as {
    properties?: Record<string, { writeOnly?: boolean; description?: string; default?: unknown }>;
    required?: string[];
  };
  const example = (manifest.exampleConfig ?? {}) as Record<string, unknown>;
  const lines: string[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (name === 'endpoint') continue;
    const required = (schema.required ?? []).includes(name) && property.default === undefined;
    const comment = [property.writeOnly ? 'secret: keep it in the environment' : undefined, property.description].filter(Boolean).join('; ');
    let value: string;
    if (property.writeOnly) value = `\${env:${envPrefix}_${envName(name)}}`;
    else if (example[name] !== undefined) value = stringify(example[name], { lineWidth: 0 }).trim();
    else if (property.default !== undefined) value = stringify(property.default, { lineWidth: 0 }).trim();
    else value = '""';
    const prefix = required || property.writeOnly || example[name] !== undefined ? '' : '# ';
    lines.push(`    ${prefix}${name}: ${value}${comment ? `   # ${comment}` : ''}`);
  }
  return lines;
}

export function tenantTemplate(tenant: string, source: ConnectorManifest, sink: ConnectorManifest): string {
  return [
    `# Koppelwerk tenant "${tenant}": ${source.title} -> ${sink.title}.`,
    '# Check it with `koppelwerk check <this file>`, try it with `koppelwerk sync <this file> --dry-run`.',
    '# Secrets: write ${env:NAME} (an environment variable) or ${file:path} (a file next to this one).',
    `tenant: ${tenant}`,
    '',
    'source:',
    `  connector: ${source.id}`,
    '  # endpoint: http://127.0.0.1:8081   # only to point at a simulator or a test system',
    '  settings:',
    ...settingsBlock(source, envName(source.id)),
    '',
    'sink:',
    `  connector: ${sink.id}`,
    '  settings:',
    ...settingsBlock(sink, envName(sink.id)),
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
    '',
    'schedule:',
    `  everyMinutes: ${source.defaultIntervalMinutes ?? 60}`,
    '',
    'state:',
    `  path: state/${tenant}.sqlite`,
    '',
    'log:',
    '  level: info               # debug | info | warn | error; debug adds every page read and every booking',
    '',
  ].join('\n');
}

export function initCommand(
  registry: ConnectorRegistry,
  options: { source: string; sink: string; tenant: string; file: string; force?: boolean },
  output: Output,
): number {
  const source = registry.get(options.source, 'source', '--source');
  const sink = registry.get(options.sink, 'sink', '--sink');
  if (existsSync(options.file) && !options.force) {
    output.error(`${options.file} already exists; use --force to overwrite it`);
    return 2;
  }
  mkdirSync(dirname(options.file), { recursive: true });
  writeFileSync(options.file, tenantTemplate(options.tenant, source, sink));
  output.result({ written: options.file, tenant: options.tenant, source: source.id, sink: sink.id });
  output.line(`wrote ${options.file}: fill in the settings, then run \`koppelwerk check ${options.file}\``);
  return 0;
}
