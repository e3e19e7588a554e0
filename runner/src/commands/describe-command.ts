/** `koppelwerk describe [connector]`: a connector's settings, or its JSON Schema with --json. */
import { configJsonSchema, type ConnectorManifest, type ConnectorRegistry } from '@koppelwerk/core';
import type { Output } from '../output';

interface FieldInfo {
  name: string;
  type: string;
  required: boolean;
  secret: boolean;
  description?: string;
  default?: unknown;
}

function fieldsOf(manifest: ConnectorManifest): FieldInfo[] {
  const schema = configJsonSchema(manifest.configSchema) as {
    properties?: Record<string, { type?: string; enum?: unknown[]; description?: string; default?: unknown; writeOnly?: boolean }>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    type: property.enum ? property.enum.map((v) => JSON.stringify(v)).join(' | ') : (property.type ?? 'value'),
    required: (schema.required ?? []).includes(name) && property.default === undefined,
    secret: property.writeOnly === true,
    description: property.description,
    default: property.default,
  }));
}

export function describeCommand(registry: ConnectorRegistry, id: string | undefined, output: Output): number {
  if (!id) {
    const list = registry.list().map((m) => ({ id: m.id, kind: m.kind, title: m.title, capabilities: m.capabilities, defaultIntervalMinutes: m.defaultIntervalMinutes }));
    output.result({ connectors: list });
    for (const m of list) output.line(`${m.id.padEnd(16)} ${m.kind.padEnd(7)} ${m.title}  [${m.capabilities.join(', ')}]`);
    return 0;
  }
  const manifest = registry.get(id);
  if (output.json) {
    output.result({ id: manifest.id, kind: manifest.kind, title: manifest.title, capabilities: manifest.capabilities, settingsSchema: configJsonSchema(manifest.configSchema) });
    return 0;
  }
  output.line(`${manifest.title} (${manifest.id}, ${manifest.kind})`);
  output.line(manifest.description);
  output.line(`capabilities: ${manifest.capabilities.join(', ')}`);
  if (manifest.defaultIntervalMinutes) output.line(`default schedule: every ${manifest.defaultIntervalMinutes} minutes`);
  output.line('');
  output.line('settings:');
  for (const field of fieldsOf(manifest)) {
    const flags = [field.required ? 'required' : 'optional', field.secret ? 'secret' : undefined].filter(Boolean).join(', ');
    const fallback = field.default !== undefined ? ` (default ${JSON.stringify(field.default)})` : '';
    output.line(`  ${field.name.padEnd(18)} ${field.type.padEnd(10)} ${flags}${fallback}${field.description ? ` - ${field.description}` : ''}`);
  }
  return 0;
}

