/** A tenant's page around its tabs: both dots in full, last and next run, the actions, the tabs. */
import type { CodedText } from '@koppelwerk/core';
import { amsterdamTime, type TenantOverview } from '@koppelwerk/runtime';
import { html, tenantPath, type SafeHtml } from '../html';
import type { Messages } from '../messages/nl';
import { dot, lastRun, nextRun } from './parts';
import { storedText } from './stored-text';

export type Tab = 'errors' | 'activity' | 'runs' | 'explain' | 'reconcile' | 'settings' | 'audit';
export const TABS: readonly Tab[] = ['errors', 'activity', 'runs', 'explain', 'reconcile', 'settings', 'audit'];

/** The result of an action, shown once on the page after it (post/redirect/get). */
export interface Flash {
  ok: boolean;
  /** Done, but not everything (a run that booked some documents and parked others). */
  partial?: boolean;
  /** In the page's language; or, with `text`, the English of an action's result. */
  message: string;
  lines: string[];
  /** An action's result by its catalogue code and params: worded in the page's language, with `notes` instead of `lines`. */
  text?: CodedText;
  notes?: CodedText[];
  /** Whether the result left documents in the error queue (a link to the errors tab follows). */
  parked?: boolean;
}

/** A form that POSTs one action with the CSRF token and the tab to come back to. */
export function actionForm(tenant: string, action: string, label: string, csrf: string, back: Tab, extra: SafeHtml = html``): SafeHtml {
  return html`<form method="post" action="${tenantPath(tenant, action)}" class="inline">
  <input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="back" value="${back}">${extra}
  <button type="submit">${label}</button>
</form>`;
}

function flashView(m: Messages, tenant: string, flash: Flash): SafeHtml {
  const tone = flash.ok ? 'good' : flash.partial ? 'partial' : 'bad';
  const label = flash.ok ? m.actions.done : flash.partial ? m.actions.partial : m.actions.failed;
  // An action's result is worded from its codes, never with the command lines the CLI prints.
  const message = flash.text ? storedText(m, { message: flash.message, ...flash.text }) : html`${flash.message}`;
  const notes = flash.text ? (flash.notes ?? []).map((note) => storedText(m, { message: '', ...note })) : flash.lines.map((line) => html`${line}`);
  return html`<section class="notice ${tone}" role="status">
  <p><strong>${label}:</strong> ${message}</p>
  ${notes.length > 0 && html`<ul>${notes.map((line) => html`<li>${line}</li>`)}</ul>`}
  ${flash.parked && html`<p><a href="${tenantPath(tenant, 'errors')}">${m.actions.toErrors}</a></p>`}
</section>`;
}

/** Why the tenant's file or configuration does not load, in the page's language. */
export function configProblem(m: Messages, t: TenantOverview): SafeHtml {
  return storedText(m, { message: t.configProblem ?? '', ...t.configProblemText });
}

export function tenantFrame(m: Messages, t: TenantOverview, options: { tab: Tab; csrf: string; flash?: Flash }, content: SafeHtml): SafeHtml {
  const { tab, csrf } = options;
  const tabLink = (name: Tab, label: string) =>
    html`<a href="${tenantPath(t.tenant, name)}"${name === tab ? html` aria-current="page" class="current"` : ''}>${label}</a>`;
  return html`<h1>${t.tenant}</h1>
${options.flash && flashView(m, t.tenant, options.flash)}
${
  t.configProblem !== undefined
    ? html`<section class="notice bad"><p>${m.overview.configProblem}</p><p class="problem-text">${configProblem(m, t)}</p></section>`
    : html`<section class="dots">
  ${dot(m, t.dots.source, { full: true })}
  ${dot(m, t.dots.sink, { full: true })}
</section>`
}
<section class="runs-summary">
  <p><strong>${m.overview.lastRun}:</strong> ${lastRun(m, t.lastRun)}</p>
  <p><strong>${m.overview.nextRun}:</strong> ${nextRun(m, t)}</p>
  ${t.readAt !== undefined && html`<p class="muted">${m.readAt(amsterdamTime(t.readAt))}</p>`}
  <div class="actions">
    ${actionForm(t.tenant, 'check', m.actions.checkNow, csrf, tab)}
    ${actionForm(t.tenant, 'sync', m.actions.syncNow, csrf, tab)}
  </div>
</section>
<nav class="tabs">
  ${tabLink('errors', `${m.tabs.errors} (${t.openErrors})`)}
  ${tabLink('activity', m.tabs.activity)}
  ${tabLink('runs', m.tabs.runs)}
  ${tabLink('explain', m.tabs.explain)}
  ${tabLink('reconcile', m.tabs.reconcile)}
  ${tabLink('settings', m.tabs.settings)}
  ${tabLink('audit', m.tabs.audit)}
</nav>
<section class="tab">
${content}
</section>`;
}
