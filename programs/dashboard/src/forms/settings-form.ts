/**
 * The inputs of a connector's settings form, in the page's language, from its JSON Schema: text,
 * number, date, a checkbox for yes/no, a select for a choice, a textarea for a list of texts (one a
 * line) or anything else (JSON), a fieldset for a group. Each input is named by its field's path
 * (`source.apiKey`), shows its label, help, required mark, default and problems. A secret is a
 * password input that is never filled in: the form says only whether it is set, or shows the
 * `${env:..}`/`${file:..}` reference it is. The page puts these inside its own <form>.
 */
import { html, type SafeHtml } from '../html';
import { messagesFor, type Language } from '../messages/language';
import type { Messages } from '../messages/nl';
import { secretState, settingsFields, valueAt, type JsonSchemaNode, type SettingsField } from './settings-fields';
import type { SettingsProblem } from './settings-validation';

export interface SettingsFormOptions {
  language: Language;
  /** The current settings (a secret as its value, or as `{ set: true }`): filled in, except secrets. */
  values?: unknown;
  /** Problems of the last submit, each shown at its field; those at no field above the fields. */
  problems?: readonly SettingsProblem[];
  /** In front of every name and path: `source` names the inputs `source.apiKey`, ... */
  prefix?: string;
  /** Live lists by field path (the connector's lookups): a list field becomes checkboxes, a text field a select. */
  choices?: Readonly<Record<string, FieldChoice>>;
}

export interface FieldChoice {
  items: ReadonlyArray<{ value: string; label: string; detail?: string }>;
  many: boolean;
}

interface Rendering {
  m: Messages['settingsForm'];
  values: unknown;
  problems: ReadonlyMap<string, string[]>;
  prefix: string;
  choices: Readonly<Record<string, FieldChoice>>;
}

export function settingsFormFields(schema: JsonSchemaNode, options: SettingsFormOptions): SafeHtml {
  const fields = settingsFields(schema, options.language);
  const shown = new Set(allPaths(fields));
  // A problem inside a field (a list's line, `bookedStatuses.1`) is shown at that field.
  const fieldOf = (path: string): string => {
    for (let parts = path.split('.'); parts.length > 0; parts = parts.slice(0, -1)) if (shown.has(parts.join('.'))) return parts.join('.');
    return path;
  };
  const problems = new Map<string, string[]>();
  for (const problem of options.problems ?? []) {
    const at = fieldOf(problem.path);
    problems.set(at, [...(problems.get(at) ?? []), problem.message]);
  }
  const r: Rendering = { m: messagesFor(options.language).settingsForm, values: options.values, problems, prefix: options.prefix ? `${options.prefix}.` : '', choices: options.choices ?? {} };
  const elsewhere = [...problems].filter(([path]) => !shown.has(path));
  return html`${elsewhere.length > 0 && html`<div class="notice bad form-problems" role="alert"><p>${r.m.problems}</p><ul>${elsewhere.map(([path, messages]) => messages.map((message) => html`<li>${path ? html`<code>${r.prefix}${path}</code> ` : ''}${message}</li>`))}</ul></div>`}
${fields.map((field) => renderField(r, field))}`;
}

function allPaths(fields: readonly SettingsField[]): string[] {
  return fields.flatMap((field) => [field.path, ...allPaths(field.fields ?? [])]);
}

function renderField(r: Rendering, field: SettingsField): SafeHtml {
  const name = r.prefix + field.path;
  const id = `setting-${name}`;
  const problems = r.problems.get(field.path) ?? [];
  const help = field.help ? html`<p class="help" id="${id}-help">${field.help}</p>` : '';
  const problemLines = problems.map((message) => html`<p class="field-problem" role="alert">${message}</p>`);
  const describedBy = field.help ? `${id}-help` : '';
  if (field.kind === 'group') {
    return html`<fieldset class="settings-group${problems.length ? ' has-problem' : ''}" id="${id}" data-path="${name}">
  <legend>${field.label}</legend>${help}${problemLines}
  ${(field.fields ?? []).map((child) => renderField(r, child))}
</fieldset>`;
  }
  const current = valueAt(r.values, field.path);
  const mark = field.required ? html` <abbr class="required" title="${r.m.required}">*</abbr>` : '';
  const attributes = html`id="${id}" name="${name}"${describedBy && html` aria-describedby="${describedBy}"`}${problems.length > 0 && html` aria-invalid="true"`}`;
  const choice = r.choices[field.path];
  if (choice && !field.secret && choice.many && field.kind === 'list') return choiceBoxes(r, field, choice, current, help, problemLines, mark);
  const input = field.secret
    ? secretInput(r, field, attributes, current)
    : choice && !choice.many && (field.kind === 'text' || field.kind === 'choice')
      ? choiceSelect(field, choice, attributes, current)
      : plainInput(r, field, attributes, current);
  const notes = [defaultNote(r, field), field.kind === 'list' ? r.m.onePerLine : undefined, field.kind === 'json' ? r.m.asJson : undefined].filter(Boolean);
  if (field.kind === 'boolean') {
    return html`<div class="field field-boolean${problems.length ? ' has-problem' : ''}" data-path="${name}">
  <label class="check" for="${id}">${input} ${field.label}${mark}</label>${help}${notes.map((note) => html`<p class="muted">${note}</p>`)}${problemLines}
</div>`;
  }
  return html`<div class="field field-${field.kind}${problems.length ? ' has-problem' : ''}" data-path="${name}">
  <label for="${id}">${field.label}${mark}</label>
  ${input}${help}${notes.map((note) => html`<p class="muted">${note}</p>`)}${problemLines}
</div>`;
}

/** A list filled from a live list: a checkbox per item, ticked when the current value (or the default) has it. */
function choiceBoxes(r: Rendering, field: SettingsField, choice: FieldChoice, current: unknown, help: SafeHtml | string, problemLines: SafeHtml[], mark: SafeHtml | string): SafeHtml {
  const name = r.prefix + field.path;
  const ticked = new Set((Array.isArray(current) ? current : Array.isArray(field.defaultValue) ? field.defaultValue : []).map(String));
  return html`<fieldset class="field field-choices${problemLines.length ? ' has-problem' : ''}" data-path="${name}">
  <legend>${field.label}${mark}</legend>${help}
  ${choice.items.map(
    (item, i) => html`<label class="check" for="setting-${name}-${i}"><input type="checkbox" id="setting-${name}-${i}" name="${name}" value="${item.value}"${ticked.has(item.value) ? html` checked` : ''}> ${item.label}${item.detail && html` <span class="muted">${item.detail}</span>`}</label>`,
  )}${problemLines}
</fieldset>`;
}

/** One value from a live list; a current value the list lacks stays offered, so saving never drops it. */
export function choiceSelect(field: Pick<SettingsField, 'required'>, choice: FieldChoice, attributes: SafeHtml, current: unknown): SafeHtml {
  const chosen = current === undefined || current === null ? '' : String(current);
  const items = chosen !== '' && !choice.items.some((item) => item.value === chosen) ? [{ value: chosen, label: chosen }, ...choice.items] : choice.items;
  return html`<select ${attributes}${field.required ? html` required` : ''}>${chosen === '' ? html`<option value="" selected></option>` : ''}${items.map(
    (item) => html`<option value="${item.value}"${item.value === chosen ? html` selected` : ''}>${item.value === item.label ? item.label : `${item.value} ${item.label}`}</option>`,
  )}</select>`;
}

/** The default in words, for a field that has one. */
function defaultNote(r: Rendering, field: SettingsField): string | undefined {
  if (field.defaultValue === undefined) return undefined;
  return r.m.defaultValue(shownValue(r, field, field.defaultValue));
}

function shownValue(r: Rendering, field: SettingsField, value: unknown): string {
  if (typeof value === 'boolean') return value ? r.m.yes : r.m.no;
  if (field.kind === 'choice') return field.options?.find((option) => option.value === value)?.label ?? String(value);
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A secret: an empty password input, and whether a value is set (never the value) or the reference it is. */
function secretInput(r: Rendering, field: SettingsField, attributes: SafeHtml, current: unknown): SafeHtml {
  const state = secretState(current);
  const required = field.required && state.state === 'unset';
  const note =
    state.state === 'set'
      ? html`<span class="secret-state">${r.m.secretSet}</span>`
      : state.state === 'reference'
        ? html`<span class="secret-state">${r.m.secretReference(state.reference)}</span>`
        : '';
  const keep = state.state === 'unset' ? '' : html`<span class="muted secret-keep">${r.m.secretKeep}</span>`;
  return html`<input type="password" ${attributes} value="" autocomplete="new-password"${required ? html` required` : ''}>${note && html` ${note}`}${keep && html` ${keep}`}`;
}

function plainInput(r: Rendering, field: SettingsField, attributes: SafeHtml, current: unknown): SafeHtml {
  const required = field.required ? html` required` : '';
  const placeholder = field.defaultValue !== undefined && field.kind !== 'boolean' && field.kind !== 'choice' ? html` placeholder="${shownValue(r, field, field.defaultValue)}"` : '';
  switch (field.kind) {
    case 'boolean': {
      const checked = (current ?? field.defaultValue) === true;
      return html`<input type="checkbox" ${attributes} value="true"${checked ? html` checked` : ''}>`;
    }
    case 'choice': {
      const selected = current ?? field.defaultValue;
      const empty = field.defaultValue === undefined ? html`<option value=""${selected === undefined ? html` selected` : ''}>${field.required ? r.m.choose : r.m.none}</option>` : '';
      return html`<select ${attributes}${required}>${empty}${(field.options ?? []).map(
        (option) => html`<option value="${String(option.value)}"${selected !== undefined && String(selected) === String(option.value) ? html` selected` : ''}>${option.label}</option>`,
      )}</select>`;
    }
    case 'integer':
    case 'number': {
      const limits = html`${field.minimum !== undefined && html` min="${field.minimum}"`}${field.maximum !== undefined && html` max="${field.maximum}"`}`;
      return html`<input type="number" ${attributes} value="${textOf(current)}" step="${field.kind === 'integer' ? '1' : 'any'}"${limits}${placeholder}${required}>`;
    }
    case 'date':
      return html`<input type="date" ${attributes} value="${textOf(current)}"${required}>`;
    case 'list': {
      const lines = Array.isArray(current) ? current.map(String).join('\n') : textOf(current);
      return html`<textarea ${attributes} rows="4"${placeholder}${required}>${lines}</textarea>`;
    }
    case 'json':
      return html`<textarea ${attributes} rows="6"${required}>${current === undefined ? '' : JSON.stringify(current, null, 2)}</textarea>`;
    default:
      return html`<input type="text" ${attributes} value="${textOf(current)}"${field.maxLength !== undefined ? html` maxlength="${field.maxLength}"` : ''}${placeholder}${required}>`;
  }
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
