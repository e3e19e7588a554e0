/**
 * A tenant's Instellingen tab: every setting in the wizard's forms (each connector's own schema),
 * with the fingerprint of the file the form was made from, so a save over a file changed since is
 * refused; and the Logboek tab: who changed what and who did which action.
 */
import { amsterdamTime, type AuditEntry, type ChangedField, type DraftTrial, type TenantDraft } from '@koppelwerk/runtime';
import type { CatalogConnector } from '../forms/connector-catalog';
import { leafFields, settingsFields, type JsonSchemaNode } from '../forms/settings-fields';
import type { SettingsProblem } from '../forms/settings-validation';
import { html, tenantPath, type SafeHtml } from '../html';
import type { Language } from '../messages/language';
import type { Messages } from '../messages/nl';
import type { LinkChoices } from '../wizard/link-choices';
import { linkFieldsets, otherProblems, trialSection } from '../wizard/wizard-page';
import { wizardTexts } from '../wizard/wizard-texts';
import { settingsTexts } from './settings-texts';

export interface SettingsTabInput {
  language: Language;
  m: Messages;
  csrf: string;
  tenant: string;
  source: CatalogConnector;
  sink: CatalogConnector;
  draft: TenantDraft;
  fingerprint: string;
  problems?: readonly SettingsProblem[];
  trial?: DraftTrial;
  stale?: boolean;
  choices?: LinkChoices;
}

export function settingsTab(input: SettingsTabInput): SafeHtml {
  const s = settingsTexts(input.language);
  const t = wizardTexts(input.language);
  return html`<p>${s.intro}</p>
${input.stale && html`<div class="notice bad" role="alert"><p>${s.stale}</p></div>`}
${input.trial && trialSection(t, input.m, { ...input, choice: { tenant: input.tenant, source: input.source.connector, sink: input.sink.connector } }, input.trial)}
${otherProblems(t, input.problems ?? [])}
<form method="post" action="${tenantPath(input.tenant, 'settings')}" class="wizard-settings">
  <input type="hidden" name="_csrf" value="${input.csrf}"><input type="hidden" name="fingerprint" value="${input.fingerprint}">
  ${linkFieldsets(input)}
  <div class="wizard-buttons">
    <button type="submit" name="step" value="test">${s.test}</button>
    <button type="submit" name="step" value="save" class="primary">${s.save}</button>
  </div>
</form>`;
}

/** A changed field in people's words: its label, and before -> after (a secret only as changed). */
export function changeLines(language: Language, changed: readonly ChangedField[], catalog: { source: CatalogConnector; sink: CatalogConnector }): string[] {
  const s = settingsTexts(language);
  const t = wizardTexts(language);
  const labels = new Map<string, string>([
    ['ledgers.debtors', t.debtors],
    ['ledgers.sales', t.sales],
    ['everyMinutes', t.everyMinutes],
  ]);
  for (const side of ['source', 'sink'] as const) {
    for (const field of leafFields(settingsFields(catalog[side].settingsSchema as JsonSchemaNode, language))) labels.set(`${side}.settings.${field.path}`, `${catalog[side].title}: ${field.label}`);
    labels.set(`${side}.endpoint`, labels.get(`${side}.settings.endpoint`) ?? `${catalog[side].title}: endpoint`);
  }
  const shown = (value: unknown) => (value === undefined || value === null || value === '' ? s.empty : typeof value === 'string' ? value : JSON.stringify(value));
  return changed.map((change) => {
    const label = labels.get(change.path) ?? change.path;
    return change.secret ? s.changedSecret(label) : s.changedValue(label, shown(change.before), shown(change.after));
  });
}

export function auditTab(language: Language, entries: readonly AuditEntry[]): SafeHtml {
  const s = settingsTexts(language);
  if (entries.length === 0) return html`<p class="muted">${s.auditNone}</p>`;
  return html`<table class="audit">
  <thead><tr><th scope="col">${s.auditTime}</th><th scope="col">${s.auditUser}</th><th scope="col">${s.auditAction}</th><th scope="col">${s.auditFields}</th></tr></thead>
  <tbody>${entries.map(
    (entry) => html`<tr><td>${amsterdamTime(entry.at)}</td><td>${entry.user}</td><td>${s.actions[entry.action] ?? entry.action}</td><td>${(entry.fields ?? []).join(', ')}</td></tr>`,
  )}</tbody>
</table>`;
}
