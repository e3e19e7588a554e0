/**
 * The pages of "Nieuwe koppeling": first a name and the two connectors (a GET form), then one form
 * with both sides' settings (generated from each connector's schema), the ledgers and the cadence,
 * and three buttons: test the connection, a trial run, save. What a test or a trial run found is
 * shown above the form, which keeps what was typed (secrets only as "set").
 */
import type { CheckResult } from '@koppelwerk/core';
import type { DotView, TenantDraft } from '@koppelwerk/runtime';
import type { DraftTrial } from '@koppelwerk/runtime';
import type { CatalogConnector } from '../forms/connector-catalog';
import { choiceSelect, settingsFormFields } from '../forms/settings-form';
import type { JsonSchemaNode } from '../forms/settings-fields';
import type { SettingsProblem } from '../forms/settings-validation';
import { html, type SafeHtml } from '../html';
import type { Language } from '../messages/language';
import type { Messages } from '../messages/nl';
import { dot } from '../views/parts';
import { settingsChoices, type LinkChoice, type LinkChoices } from './link-choices';
import { WIZARD_SIDES, type WizardChoice } from './wizard-input';
import { wizardTexts, type WizardTexts } from './wizard-texts';

function field(id: string, label: string, help: string, input: SafeHtml, problems: readonly string[] = []): SafeHtml {
  return html`<div class="field${problems.length ? ' has-problem' : ''}">
  <label for="${id}">${label}</label>
  ${input}<p class="help" id="${id}-help">${help}</p>${problems.map((message) => html`<p class="field-problem" role="alert">${message}</p>`)}
</div>`;
}

function connectorSelect(name: string, options: readonly CatalogConnector[], chosen: string): SafeHtml {
  return html`<select id="wizard-${name}" name="${name}" aria-describedby="wizard-${name}-help">
${options.map((entry) => html`<option value="${entry.connector}"${entry.connector === chosen && html` selected`}>${entry.title}${entry.builtIn ? '' : ` (${entry.package})`}</option>`)}
</select>`;
}

/** The first step: the link's name and its two connectors. */
export function choicePage(language: Language, catalog: readonly CatalogConnector[], choice: WizardChoice, problems: readonly SettingsProblem[] = []): SafeHtml {
  const t = wizardTexts(language);
  const at = (path: string) => problems.filter((p) => p.path === path).map((p) => p.message);
  return html`<h1>${t.title}</h1>
<p>${t.intro}</p>
<form method="get" action="/tenants/new" class="wizard-choice">
  ${field('wizard-tenant', t.name, t.nameHelp, html`<input id="wizard-tenant" name="tenant" value="${choice.tenant}" required aria-describedby="wizard-tenant-help">`, at('tenant'))}
  ${field('wizard-source', t.source, '', connectorSelect('source', catalog.filter((c) => c.kind === 'source'), choice.source), at('source'))}
  ${field('wizard-sink', t.sink, '', connectorSelect('sink', catalog.filter((c) => c.kind === 'sink'), choice.sink), at('sink'))}
  <button type="submit" class="primary">${t.next}</button>
</form>`;
}

export interface SettingsPageInput {
  language: Language;
  m: Messages;
  csrf: string;
  choice: WizardChoice;
  source: CatalogConnector;
  sink: CatalogConnector;
  /** What was typed (secrets as their encrypted references: shown only as "set"). */
  draft?: TenantDraft;
  problems?: readonly SettingsProblem[];
  trial?: DraftTrial;
  /** Live lists for the inputs (the connectors' lookups), once the settings reach both sides. */
  choices?: LinkChoices;
}

function sideProblems(problems: readonly SettingsProblem[], side: string): SettingsProblem[] {
  const prefix = `${side}.settings.`;
  return problems.filter((p) => p.path.startsWith(prefix) || p.path === `${side}.settings`).map((p) => ({ ...p, path: p.path.slice(prefix.length) }));
}

function checkDot(title: string, side: 'source' | 'sink', check: CheckResult): DotView {
  return { side, title, state: check.ok ? 'green' : 'red', reason: check.reason, hint: check.hint, details: check.details };
}

export function trialSection(t: WizardTexts, m: Messages, input: SettingsPageInput, trial: DraftTrial): SafeHtml {
  const { checks, dryRun } = trial;
  const report = dryRun?.dryRun;
  const green = checks.source.ok && checks.sink.ok;
  return html`<section class="wizard-trial" aria-live="polite">
  <h2>${t.connection}</h2>
  <div class="dots">${dot(m, checkDot(input.source.title, 'source', checks.source), { full: true })}${dot(m, checkDot(input.sink.title, 'sink', checks.sink), { full: true })}</div>
  ${green && html`<p class="notice good">${t.bothGreen}</p>`}
  ${input.trial && !checks.source.ok && report === undefined && html`<p class="muted">${t.sourceFirst}</p>`}
  ${report && html`<h2>${t.dryRunTitle}</h2>
  ${report.wouldSend.length + report.gaps.length + (report.alreadyInBooks?.length ?? 0) === 0 ? html`<p>${t.dryRunNothing}</p>` : ''}
  <ul class="dry-run-counts">
    <li>${t.wouldBook(report.wouldSend.length)}</li>
    ${report.gaps.length > 0 && html`<li>${t.wouldPark(report.gaps.length)}</li>`}
    ${report.alreadyInBooks?.length ? html`<li>${t.alreadyInBooks(report.alreadyInBooks.length)}</li>` : ''}
  </ul>
  ${report.wouldSend.length > 0 && html`<table class="dry-run"><thead><tr><th scope="col">${t.document}</th><th scope="col">${t.kind}</th></tr></thead>
  <tbody>${report.wouldSend.map((item) => html`<tr><td>${item.documentKey}</td><td>${t.kinds[item.kind] ?? item.kind}</td></tr>`)}</tbody></table>`}
  ${report.gaps.length > 0 && html`<table class="dry-run-gaps"><thead><tr><th scope="col">${t.document}</th><th scope="col">${t.reason}</th></tr></thead>
  <tbody>${report.gaps.map((gap) => html`<tr><td>${gap.documentKey}</td><td>${gap.message}</td></tr>`)}</tbody></table>`}`}
</section>`;
}

/** The inputs of a link: both sides' settings, the ledgers, the cadence (the wizard's and the settings page's). */
/** A ledger's input: a list of the administration's ledgers when the lookup gave them, else a number. */
function ledgerInput(name: string, value: string | undefined, choice: LinkChoice | undefined): SafeHtml {
  const attributes = html`id="${name}" name="${name}" aria-describedby="${name}-help"`;
  return choice ? choiceSelect({ required: false }, choice, attributes, value) : html`<input ${attributes} inputmode="numeric" value="${value ?? ''}">`;
}

export function linkFieldsets(input: Pick<SettingsPageInput, 'language' | 'source' | 'sink' | 'draft' | 'problems' | 'choices'>): SafeHtml {
  const { language, draft } = input;
  const t = wizardTexts(language);
  const problems = input.problems ?? [];
  const at = (path: string) => problems.filter((p) => p.path === path).map((p) => p.message);
  const entries = { source: input.source, sink: input.sink };
  const values = (side: 'source' | 'sink') => (draft ? { ...draft[side].settings, ...(draft[side].endpoint ? { endpoint: draft[side].endpoint } : {}) } : undefined);
  return html`${WIZARD_SIDES.map(
    (side) => html`<fieldset class="wizard-side" id="wizard-${side}">
  <legend>${t.settingsOf(entries[side].title)}</legend>
  ${settingsFormFields(entries[side].settingsSchema as JsonSchemaNode, { language, values: values(side), problems: sideProblems(problems, side), prefix: `${side}.settings`, choices: settingsChoices(input.choices, side) })}
</fieldset>`,
  )}
  <fieldset class="wizard-ledgers">
    <legend>${t.ledgers}</legend>
    <p class="help">${t.ledgersHelp}</p>
    ${field('ledgers.debtors', t.debtors, t.debtorsHelp, ledgerInput('ledgers.debtors', draft?.ledgers?.debtors, input.choices?.['ledgers.debtors']), at('ledgers.debtors'))}
    ${field('ledgers.sales', t.sales, t.salesHelp, ledgerInput('ledgers.sales', draft?.ledgers?.sales, input.choices?.['ledgers.sales']), at('ledgers.sales'))}
  </fieldset>
  <fieldset class="wizard-schedule">
    <legend>${t.schedule}</legend>
    ${field('everyMinutes', t.everyMinutes, t.everyMinutesHelp, html`<input id="everyMinutes" name="everyMinutes" inputmode="numeric" value="${draft?.everyMinutes ?? ''}" aria-describedby="everyMinutes-help">`, at('everyMinutes'))}
  </fieldset>`;
}

/** The problems not shown at a field of the form (the CLI's checks of the whole file, a name taken). */
export function otherProblems(t: WizardTexts, problems: readonly SettingsProblem[]): SafeHtml {
  const other = problems.filter((p) => !p.path.startsWith('source.settings') && !p.path.startsWith('sink.settings') && !['everyMinutes', 'ledgers.debtors', 'ledgers.sales'].includes(p.path));
  return html`${other.length > 0 && html`<div class="notice bad" role="alert"><p>${t.problems}</p><ul>${other.map((p) => html`<li>${p.path && html`<code>${p.path}</code> `}${p.message}</li>`)}</ul></div>`}`;
}

/** The second step: everything of the link on one form. */
export function settingsPage(input: SettingsPageInput): SafeHtml {
  const { language, m, csrf, choice } = input;
  const t = wizardTexts(language);
  return html`<h1>${t.title}: ${choice.tenant}</h1>
<p>${t.intro} <a href="/tenants/new?tenant=${encodeURIComponent(choice.tenant)}">${t.change}</a></p>
${input.trial && trialSection(t, m, input, input.trial)}
${otherProblems(t, input.problems ?? [])}
<form method="post" action="/tenants/new" class="wizard-settings">
  <input type="hidden" name="_csrf" value="${csrf}">
  <input type="hidden" name="tenant" value="${choice.tenant}"><input type="hidden" name="source" value="${choice.source}"><input type="hidden" name="sink" value="${choice.sink}">
  ${linkFieldsets(input)}
  <div class="wizard-buttons">
    <button type="submit" name="step" value="test">${t.test}</button>
    <button type="submit" name="step" value="dry-run">${t.dryRun}</button>
    <button type="submit" name="step" value="save" class="primary">${t.save}</button>
  </div>
</form>`;
}
