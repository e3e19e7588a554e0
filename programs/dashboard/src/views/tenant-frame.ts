/** A tenant's page around its tabs: both dots in full, last and next run, the actions, the tabs. */
import { amsterdamTime, type TenantOverview } from '@koppelwerk/runtime';
import { html, tenantPath, type SafeHtml } from '../html';
import type { Messages } from '../messages/nl';
import { dot, lastRun, nextRun } from './parts';

export type Tab = 'errors' | 'activity' | 'runs' | 'explain' | 'settings' | 'audit';
export const TABS: readonly Tab[] = ['errors', 'activity', 'runs', 'explain', 'settings', 'audit'];

/** The result of an action, shown once on the page after it (post/redirect/get). */
export interface Flash {
  ok: boolean;
  message: string;
  lines: string[];
}

/** A form that POSTs one action with the CSRF token and the tab to come back to. */
export function actionForm(tenant: string, action: string, label: string, csrf: string, back: Tab, extra: SafeHtml = html``): SafeHtml {
  return html`<form method="post" action="${tenantPath(tenant, action)}" class="inline">
  <input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="back" value="${back}">${extra}
  <button type="submit">${label}</button>
</form>`;
}

function flashView(m: Messages, flash: Flash): SafeHtml {
  return html`<section class="notice ${flash.ok ? 'good' : 'bad'}" role="status">
  <p><strong>${flash.ok ? m.actions.done : m.actions.failed}:</strong> ${flash.message}</p>
  ${flash.lines.length > 0 && html`<ul>${flash.lines.map((line) => html`<li>${line}</li>`)}</ul>`}
</section>`;
}

export function tenantFrame(m: Messages, t: TenantOverview, options: { tab: Tab; csrf: string; flash?: Flash }, content: SafeHtml): SafeHtml {
  const { tab, csrf } = options;
  const tabLink = (name: Tab, label: string) =>
    html`<a href="${tenantPath(t.tenant, name)}"${name === tab ? html` aria-current="page" class="current"` : ''}>${label}</a>`;
  return html`<h1>${t.tenant}</h1>
${options.flash && flashView(m, options.flash)}
${
  t.configProblem !== undefined
    ? html`<section class="notice bad"><p>${m.overview.configProblem}</p><p>${t.configProblem}</p></section>`
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
  ${tabLink('settings', m.tabs.settings)}
  ${tabLink('audit', m.tabs.audit)}
</nav>
<section class="tab">
${content}
</section>`;
}
