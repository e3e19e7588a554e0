/**
 * What the "Nieuwe koppeling" form sends, as a tenant draft: the name and the two connectors, each
 * side's settings read with its own schema (forms/), the ledgers and the cadence. A secret typed in
 * is encrypted at once with the machine's key; the session keeps only that `${encrypted:..}`
 * reference, so a secret left empty on the next submit keeps it, and no secret is ever sent back.
 */
import { secretPaths, type ConnectorRegistry } from '@koppelwerk/core';
import { secretReferenceOf, type TenantDraft } from '@koppelwerk/runtime';
import type { CatalogConnector } from '../forms/connector-catalog';
import { settingsFromForm } from '../forms/settings-body';
import type { JsonSchemaNode } from '../forms/settings-fields';
import { validateSettings, type SettingsProblem } from '../forms/settings-validation';
import type { Language } from '../messages/language';
import { wizardTexts } from './wizard-texts';

export type WizardSide = 'source' | 'sink';
export const WIZARD_SIDES: readonly WizardSide[] = ['source', 'sink'];
export type WizardStep = 'test' | 'dry-run' | 'save';

/** The choice of the first step: a name and two connectors. */
export interface WizardChoice {
  tenant: string;
  source: string;
  sink: string;
}

/** The typed-in secrets of one choice, encrypted, per side (nested as the settings are). */
export interface RememberedSecrets {
  choice: string;
  source: Record<string, unknown>;
  sink: Record<string, unknown>;
}

export interface WizardForm {
  choice: WizardChoice;
  step: WizardStep;
  draft: TenantDraft;
  /** Every problem, each at its input's name (`source.settings.token`, `ledgers.debtors`, `everyMinutes`). */
  problems: SettingsProblem[];
  remembered: RememberedSecrets;
}

function text(value: unknown): string {
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' ? last.trim() : '';
}

export function readChoice(query: unknown): WizardChoice {
  const q = (query ?? {}) as Record<string, unknown>;
  return { tenant: text(q.tenant), source: text(q.source), sink: text(q.sink) };
}

export function choiceKey(choice: WizardChoice): string {
  return `${choice.tenant}\n${choice.source}\n${choice.sink}`;
}

/** The catalog entry a side's choice names, when it is one of that kind. */
export function chosenConnector(catalog: readonly CatalogConnector[], side: WizardSide, connector: string): CatalogConnector | undefined {
  return catalog.find((entry) => entry.kind === side && entry.connector === connector);
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[path[path.length - 1]] = value;
}

function valueAtPath(value: Record<string, unknown>, path: string[]): unknown {
  let node: unknown = value;
  for (const key of path) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

export interface ReadWizardOptions {
  catalog: readonly CatalogConnector[];
  registry: ConnectorRegistry;
  language: Language;
  remembered?: RememberedSecrets;
  encrypt: (plaintext: string) => string;
}

/** Reads a submitted form. The choice's connectors must be in the catalog (the page offered only those). */
export function readWizardForm(body: unknown, options: ReadWizardOptions): WizardForm {
  const form = (body ?? {}) as Record<string, unknown>;
  const choice = readChoice(form);
  const t = wizardTexts(options.language);
  const key = choiceKey(choice);
  const before = options.remembered?.choice === key ? options.remembered : undefined;
  const remembered: RememberedSecrets = { choice: key, source: {}, sink: {} };
  const problems: SettingsProblem[] = [];
  const sides: Partial<TenantDraft> = {};
  for (const side of WIZARD_SIDES) {
    const entry = chosenConnector(options.catalog, side, choice[side]);
    if (!entry) {
      problems.push({ path: side, message: t.unknownConnector });
      sides[side] = { connector: choice[side], settings: {} };
      continue;
    }
    const schema = options.registry.find(entry.connector, side).manifest.configSchema;
    const { settings, kept } = settingsFromForm(entry.settingsSchema as JsonSchemaNode, form, { prefix: `${side}.settings`, current: before?.[side] });
    const check = validateSettings(schema, settings, options.language, { unchecked: kept });
    if (!check.ok) problems.push(...check.problems.map((problem) => ({ path: problem.path ? `${side}.settings.${problem.path}` : `${side}.settings`, message: problem.message })));
    const refused = new Set(check.ok ? [] : check.problems.map((problem) => problem.path));
    // Typed secrets are encrypted now; the session remembers them as references only (a refused one is typed again).
    for (const path of secretPaths(schema, settings)) {
      const value = valueAtPath(settings, path);
      if (typeof value !== 'string') continue;
      if (refused.has(path.join('.'))) {
        setAt(settings, path, undefined);
        continue;
      }
      const reference = secretReferenceOf(value) ? value : options.encrypt(value);
      setAt(settings, path, reference);
      setAt(remembered[side], path, reference);
    }
    const endpoint = typeof settings.endpoint === 'string' && settings.endpoint !== '' ? settings.endpoint : undefined;
    delete settings.endpoint;
    sides[side] = { connector: entry.connector, endpoint, settings };
  }
  const everyMinutesText = text(form.everyMinutes);
  let everyMinutes: number | undefined;
  if (everyMinutesText !== '') {
    everyMinutes = Number(everyMinutesText);
    if (!/^\d+$/.test(everyMinutesText) || everyMinutes < 1 || everyMinutes > 24 * 60) problems.push({ path: 'everyMinutes', message: t.invalidNumber });
  }
  const ledger = (name: string) => text(form[`ledgers.${name}`]) || undefined;
  const step = text(form.step);
  return {
    choice,
    step: step === 'save' ? 'save' : step === 'dry-run' ? 'dry-run' : 'test',
    draft: { tenant: choice.tenant, source: sides.source!, sink: sides.sink!, ledgers: { debtors: ledger('debtors'), sales: ledger('sales') }, everyMinutes },
    problems,
    remembered,
  };
}

/** A JSON body of `POST /api/tenants` as a draft: `{ tenant, source: { connector, endpoint?, settings }, sink: {...}, ledgers?, everyMinutes? }`. */
export function readDraftJson(body: unknown): TenantDraft | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  const side = (value: unknown) => {
    const s = (value ?? {}) as Record<string, unknown>;
    const settings = s.settings && typeof s.settings === 'object' && !Array.isArray(s.settings) ? (s.settings as Record<string, unknown>) : {};
    return { connector: typeof s.connector === 'string' ? s.connector : '', endpoint: typeof s.endpoint === 'string' ? s.endpoint : undefined, settings };
  };
  const ledgers = (b.ledgers ?? {}) as Record<string, unknown>;
  const ledger = (name: string) => (typeof ledgers[name] === 'string' || typeof ledgers[name] === 'number' ? String(ledgers[name]) : undefined);
  return {
    tenant: typeof b.tenant === 'string' ? b.tenant : '',
    source: side(b.source),
    sink: side(b.sink),
    ledgers: { debtors: ledger('debtors'), creditors: ledger('creditors'), sales: ledger('sales'), purchase: ledger('purchase') },
    everyMinutes: typeof b.everyMinutes === 'number' ? b.everyMinutes : undefined,
  };
}
