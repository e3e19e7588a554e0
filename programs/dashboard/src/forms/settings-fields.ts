/**
 * A connector's settings as form fields, read from the JSON Schema `configJsonSchema` makes of its
 * zod schema (what `koppelwerk describe --json` and `GET /api/connectors` give): each field's kind,
 * path, label and help in the page's language (the schema's `x-texts`), whether it is required or
 * secret, its default and its choices. The form, the reading of a submitted form and the tests all
 * walk these fields, so a connector package gets its form without a line of dashboard code.
 */
import { fieldTextsIn } from '@koppelwerk/core';
import type { Language } from '../messages/language';

/** The part of a JSON Schema node the forms read. */
export interface JsonSchemaNode {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  default?: unknown;
  description?: string;
  writeOnly?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  [key: string]: unknown;
}

export type FieldKind = 'text' | 'date' | 'number' | 'integer' | 'boolean' | 'choice' | 'list' | 'group' | 'json';

export interface SettingsField {
  /** Where it sits in the settings, dot-joined (`export.workStatus`): with the form's prefix, the input's name. */
  path: string;
  key: string;
  kind: FieldKind;
  /** Must be given: required in the schema and without a default. */
  required: boolean;
  secret: boolean;
  /** In the page's language; the key itself when the connector gives no texts. */
  label: string;
  help?: string;
  /** What the schema makes of a missing value. */
  defaultValue?: unknown;
  /** A choice's values with their words in the page's language. */
  options?: Array<{ value: unknown; label: string }>;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  /** A group's fields. */
  fields?: SettingsField[];
}

/** The largest whole number a JavaScript number holds exactly: zod's bounds of `.int()` without a min or max of its own. */
const SAFE_BOUND = Number.MAX_SAFE_INTEGER;

/** A node's own schema under a `nullable()` (`anyOf: [X, { type: 'null' }]`). */
function unwrapNullable(node: JsonSchemaNode): JsonSchemaNode {
  const options = node.anyOf?.filter((option) => option.type !== 'null');
  if (!options || options.length !== 1 || node.anyOf!.length !== 2) return node;
  const { anyOf: _anyOf, ...outer } = node;
  return { ...options[0], ...outer };
}

function typeOf(node: JsonSchemaNode): string | undefined {
  const types = (Array.isArray(node.type) ? node.type : [node.type]).filter((type) => type !== undefined && type !== 'null');
  return types.length === 1 ? types[0] : undefined;
}

function kindOf(node: JsonSchemaNode): FieldKind {
  if (Array.isArray(node.enum) && node.enum.length > 0 && node.enum.every((value) => ['string', 'number', 'boolean'].includes(typeof value))) return 'choice';
  const type = typeOf(node);
  if (type === 'string') return node.format === 'date' ? 'date' : 'text';
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'object' && node.properties) return 'group';
  if (type === 'array' && node.items && typeOf(node.items) === 'string' && !node.items.enum) return 'list';
  return 'json';
}

function bound(value: number | undefined): number | undefined {
  return value === undefined || Math.abs(value) >= SAFE_BOUND ? undefined : value;
}

/** The fields of an object schema (a connector's settings, or a group of them), in the schema's order. */
export function settingsFields(schema: JsonSchemaNode, language: Language, parent = ''): SettingsField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, raw]) => {
    const node = unwrapNullable(raw);
    const path = parent ? `${parent}.${key}` : key;
    const kind = kindOf(node);
    const text = fieldTextsIn(raw)?.[language] ?? fieldTextsIn(node)?.[language];
    const field: SettingsField = {
      path,
      key,
      kind,
      required: required.has(key) && node.default === undefined && kind !== 'group',
      secret: node.writeOnly === true,
      label: text?.label ?? key,
      // Without texts of its own a field says what its English description says, on English pages only.
      help: text?.help ?? (language === 'en' ? node.description : undefined),
      defaultValue: node.writeOnly === true ? undefined : node.default,
      minimum: bound(node.minimum),
      maximum: bound(node.maximum),
      maxLength: node.maxLength,
    };
    if (kind === 'choice') field.options = node.enum!.map((value) => ({ value, label: text?.options?.[String(value)] ?? String(value) }));
    if (kind === 'group') field.fields = settingsFields(node, language, path);
    return field;
  });
}

/** Every field that holds a value (the fields of the groups, not the groups), depth first. */
export function leafFields(fields: readonly SettingsField[]): SettingsField[] {
  return fields.flatMap((field) => (field.kind === 'group' ? leafFields(field.fields ?? []) : [field]));
}

/** The value at a dot-joined path of a nested object. */
export function valueAt(value: unknown, path: string): unknown {
  let node = value;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const REFERENCE = /^\$\{(env|file):[^}]+\}$/;

/** A value that is a `${env:NAME}` or `${file:path}` reference as a whole: it names a secret, it is none. */
export function isReference(value: unknown): value is string {
  return typeof value === 'string' && REFERENCE.test(value.trim());
}

/** Any string in a value that holds a reference, anywhere in it (`https://hooks.example/${env:TOKEN}`). */
export function holdsReference(value: unknown): boolean {
  return typeof value === 'string' && /\$\{(env|file):[^}]+\}/.test(value);
}

/**
 * What a form may say about a secret's current value: nothing is set, it is set (its value is never
 * told), or it is a reference (shown as written). A stored secret may come as its value or, from the
 * settings API, as `{ set: true, updatedAt }`.
 */
export type SecretState = { state: 'unset' } | { state: 'set' } | { state: 'reference'; reference: string };

export function secretState(value: unknown): SecretState {
  if (value === undefined || value === null || value === '') return { state: 'unset' };
  if (isReference(value)) return { state: 'reference', reference: value.trim() };
  if (typeof value === 'object' && (value as { set?: unknown }).set === false) return { state: 'unset' };
  return { state: 'set' };
}
