/**
 * A submitted settings form (flat names, `source.export.workStatus`) as the nested settings object
 * the connector's schema checks. Only the schema's fields are read, so no other key gets in. An
 * empty input means "not given" (the schema's default applies), except for a secret: an empty
 * secret keeps its current value, since the form never shows it.
 */
import { leafFields, settingsFields, valueAt, type JsonSchemaNode, type SettingsField } from './settings-fields';

export interface SettingsFromForm {
  settings: Record<string, unknown>;
  /** The secrets left empty and so kept at their current value (their paths). */
  kept: string[];
}

export interface SettingsFormBody {
  /** The names' prefix the form was rendered with (`source`). */
  prefix?: string;
  /** The current settings, for the secrets left empty. */
  current?: unknown;
}

export function settingsFromForm(schema: JsonSchemaNode, body: unknown, options: SettingsFormBody = {}): SettingsFromForm {
  const form = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const prefix = options.prefix ? `${options.prefix}.` : '';
  const settings: Record<string, unknown> = {};
  const kept: string[] = [];
  // The language only names things on the page; reading the body needs none.
  for (const field of leafFields(settingsFields(schema, 'en'))) {
    const given = form[prefix + field.path];
    // A list's checkboxes (a live list) send one value each; a list's text area sends lines.
    const raw = field.kind === 'list' && Array.isArray(given) ? given.filter((v): v is string => typeof v === 'string').join('\n') : lastText(given);
    let value = fieldValue(field, raw);
    if (field.secret && value === undefined) {
      const current = valueAt(options.current, field.path);
      if (current !== undefined && current !== null && current !== '') {
        value = current;
        kept.push(field.path);
      }
    }
    if (value !== undefined) setAt(settings, field.path, value);
  }
  return { settings, kept };
}

/** A form field's text: the last one when the name came more than once (a hidden default and a checkbox). */
function lastText(value: unknown): string | undefined {
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' ? last : undefined;
}

/** What an input's text stands for; a text the schema will refuse stays text, so the schema says why. */
function fieldValue(field: SettingsField, raw: string | undefined): unknown {
  if (field.kind === 'boolean') return raw === 'true' || raw === 'on';
  const text = raw?.trim() ?? '';
  if (text === '') return undefined;
  switch (field.kind) {
    case 'choice':
      return field.options?.find((option) => String(option.value) === text)?.value ?? text;
    case 'integer':
    case 'number': {
      // A Dutch decimal comma is read as the point it means.
      const number = Number(/^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text);
      return Number.isFinite(number) ? number : text;
    }
    case 'list':
      return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    default:
      // Secrets and texts as typed: the schema trims where it means to.
      return raw;
  }
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node = (next !== null && typeof next === 'object' ? next : (node[key] = {})) as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}
