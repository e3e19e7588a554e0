/** The overview: one row per tenant with both dots, the last and next run and the open errors. */
import { html, tenantPath, type SafeHtml } from '../html';
import { count } from '../dutch-format';
import type { Messages } from '../messages/nl';
import type { TenantOverview } from '@koppelwerk/runtime';
import { dot, lastRun, nextRun } from './parts';
import { configProblem } from './tenant-frame';

function row(m: Messages, t: TenantOverview): SafeHtml {
  const link = html`<a href="${tenantPath(t.tenant)}">${t.tenant}</a>`;
  if (t.configProblem !== undefined) {
    return html`<tr class="problem-row">
  <th scope="row">${link}</th>
  <td colspan="5"><p class="reason">${m.overview.configProblem}</p><p class="problem-text">${configProblem(m, t)}</p></td>
</tr>`;
  }
  return html`<tr>
  <th scope="row">${link}</th>
  <td>${dot(m, t.dots.source, { full: false })}</td>
  <td>${dot(m, t.dots.sink, { full: false })}</td>
  <td>${lastRun(m, t.lastRun)}</td>
  <td>${nextRun(m, t)}</td>
  <td class="number">${t.openErrors > 0 ? html`<a class="errors-count" href="${tenantPath(t.tenant, 'errors')}">${count(t.openErrors, m.lang)}</a>` : '0'}</td>
</tr>`;
}

/** `newLink`: the label of the "Nieuwe koppeling" button, for those who may make links (operators). */
export function overviewBody(m: Messages, tenants: readonly TenantOverview[], newLink?: string): SafeHtml {
  return html`<h1>${m.overview.title}</h1>
${newLink !== undefined && html`<p class="page-actions"><a class="button primary" href="/tenants/new">${newLink}</a></p>`}
${
  tenants.length === 0
    ? html`<p class="muted">${m.overview.none}</p>`
    : html`<table class="overview">
  <thead><tr><th scope="col">${m.overview.tenant}</th><th scope="col">${m.overview.source}</th><th scope="col">${m.overview.sink}</th><th scope="col">${m.overview.lastRun}</th><th scope="col">${m.overview.nextRun}</th><th scope="col" class="number">${m.overview.openErrors}</th></tr></thead>
  <tbody>
${tenants.map((t) => row(m, t))}
  </tbody>
</table>`
}`;
}
