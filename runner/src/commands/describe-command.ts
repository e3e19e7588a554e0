/** `koppelwerk describe [connector]`: a connector's settings, or its JSON Schema with --json. */
import { configJsonSchema, connectorName, fieldTextsIn, type ConnectorManifest, type ConnectorRegistry } from '@koppelwerk/core';
import type { Output } from '@koppelwerk/runtime';
import { templateFields } from '@koppelwerk/runtime';

interface FieldInfo {
  name: string;
  type: string;
  required: boolean;
  secret: boolean;
  /** Its English label (`labelled` in the connector's schema; the dashboard's forms show it in Dutch too). */
  label?: string;
  description?: string;
  default?: unknown;
}

/**
 * Where a connector's `endpoint` is written: next to `settings:`, as `<side>.endpoint`, the place
 * `init` writes it and configuration errors name it; and what to write for its simulator.
 */
export function endpointInfo(manifest: ConnectorManifest): { key: string; simulator?: string } {
  return {
    key: `${manifest.kind}.endpoint`,
    simulator: manifest.simulator ? `http://127.0.0.1:<port>${manifest.simulator.endpointPath ?? ''}` : undefined,
  };
}

/** The settings under `settings:` (required exactly when the schema refuses them missing); the endpoint is written next to them. */
function fieldsOf(manifest: ConnectorManifest): FieldInfo[] {
  return templateFields(manifest).map(({ name, optional, secret, fallback, property }) => ({
    name,
    type: property.enum ? property.enum.map((v) => JSON.stringify(v)).join(' | ') : Array.isArray(property.type) ? property.type.join(' | ') : (property.type ?? 'value'),
    required: !optional,
    secret,
    label: fieldTextsIn(property)?.en.label,
    description: property.description,
    default: fallback,
  }));
}

export function describeCommand(registry: ConnectorRegistry, id: string | undefined, output: Output): number {
  if (!id) {
    const list = registry.list().map((m) => ({ id: m.id, kind: m.kind, title: m.title, capabilities: m.capabilities, defaultIntervalMinutes: m.defaultIntervalMinutes }));
    output.result({ connectors: list });
    for (const m of list) output.line(`${m.id.padEnd(16)} ${m.kind.padEnd(7)} ${m.title}  [${m.capabilities.join(', ')}]`);
    return 0;
  }
  const entry = registry.find(id);
  const { manifest } = entry;
  const name = connectorName(entry);
  if (output.json) {
    output.result({
      id: manifest.id,
      kind: manifest.kind,
      title: manifest.title,
      capabilities: manifest.capabilities,
      endpoint: endpointInfo(manifest),
      settingsSchema: configJsonSchema(manifest.configSchema),
    });
    return 0;
  }
  output.line(`${manifest.title} (${name === manifest.id ? name : `${name}@${entry.origin.version}, id ${manifest.id}`}, ${manifest.kind})`);
  output.line(manifest.description);
  output.line(`capabilities: ${manifest.capabilities.join(', ')}`);
  if (manifest.defaultIntervalMinutes) output.line(`default schedule: every ${manifest.defaultIntervalMinutes} minutes`);
  output.line('');
  output.line('settings:');
  for (const field of fieldsOf(manifest)) {
    const flags = [field.required ? 'required' : 'optional', field.secret ? 'secret' : undefined].filter(Boolean).join(', ');
    const fallback = field.default !== undefined ? ` (default ${JSON.stringify(field.default)})` : '';
    const text = [field.label, field.description].filter(Boolean).join(': ');
    output.line(`  ${field.name.padEnd(18)} ${field.type.padEnd(10)} ${flags}${fallback}${text ? ` - ${text}` : ''}`);
  }
  const endpoint = endpointInfo(manifest);
  output.line('');
  output.line(`endpoint: optional, written as \`${endpoint.key}\` next to \`settings:\`; left out: the real ${manifest.title}`);
  if (endpoint.simulator) {
    output.line(`  for its simulator: ${endpoint.simulator}, the \`endpoint\` line \`koppelwerk simulate ${name}\` prints`);
  }
  return 0;
}

