/** The "Activiteit" tab (per document and per relation, searchable, paged back) and the "Runs" tab. */
import type { ActivityEntry, RunRecord } from '@koppelwerk/engine';
import { amsterdamTime } from '@koppelwerk/runtime';
import { count } from '../dutch-format';
import { href, html, tenantPath, type SafeHtml } from '../html';
import type { Messages } from '../messages/nl';
import { outcomeLabel } from './parts';
import { storedText } from './stored-text';

/** An activity line in the page's language; a relation's line is its name (data, not a text). */
function activityMessage(m: Messages, entry: ActivityEntry): SafeHtml | string {
  if (entry.message === undefined) return '';
  if (entry.subject === 'relation' && entry.code === undefined && entry.action !== 'failed') return entry.message;
  return storedText(m, { ...entry, message: entry.message });
}

function activityRow(m: Messages, tenant: string, entry: ActivityEntry): SafeHtml {
  const key = entry.documentKey ?? entry.relationCode;
  return html`<tr class="action-${entry.action}">
  <td>${amsterdamTime(entry.at)}</td>
  <td>${m.activity.subjects[entry.subject] ?? entry.subject}</td>
  <td><span class="action">${m.activity.actionLabels[entry.action] ?? entry.action}</span></td>
  <td>${key !== undefined && html`<a href="${href(tenantPath(tenant, 'activity'), { q: key })}">${key}</a>`}</td>
  <td>${entry.sinkRef ?? ''}</td>
  <td>${activityMessage(m, entry)}</td>
</tr>`;
}

export function activityTab(m: Messages, tenant: string, entries: readonly ActivityEntry[], options: { search?: string; beforeId?: number; limit: number }): SafeHtml {
  const base = tenantPath(tenant, 'activity');
  const oldest = entries.at(-1);
  return html`<form method="get" action="${base}" class="filters">
  <label>${m.activity.search} <input type="search" name="q" value="${options.search ?? ''}" maxlength="200"></label>
  <button type="submit">${m.errors.search}</button>
</form>
${
  entries.length === 0
    ? html`<p class="empty">${m.activity.none}</p>`
    : html`<table class="activity">
  <thead><tr><th scope="col">${m.activity.time}</th><th scope="col">${m.activity.subject}</th><th scope="col">${m.activity.action}</th><th scope="col">${m.activity.key}</th><th scope="col">${m.activity.sinkRef}</th><th scope="col">${m.activity.message}</th></tr></thead>
  <tbody>
${entries.map((entry) => activityRow(m, tenant, entry))}
  </tbody>
</table>`
}
<nav class="pager">
  ${options.beforeId !== undefined && html`<a href="${href(base, { q: options.search })}">${m.activity.newest}</a>`}
  ${entries.length >= options.limit && oldest !== undefined && html`<a href="${href(base, { q: options.search, before: oldest.id })}" rel="next">${m.activity.older}</a>`}
</nav>`;
}

export function runsTab(m: Messages, runs: readonly RunRecord[]): SafeHtml {
  if (runs.length === 0) return html`<p class="empty">${m.runs.none}</p>`;
  const n = (value: number | undefined) => (value === undefined ? '-' : count(value, m.lang));
  return html`<table class="runs">
  <thead><tr><th scope="col">${m.runs.started}</th><th scope="col">${m.runs.ended}</th><th scope="col">${m.runs.mode}</th><th scope="col">${m.runs.outcome}</th>
    <th scope="col" class="number">${m.runs.read}</th><th scope="col" class="number">${m.runs.booked}</th><th scope="col" class="number">${m.runs.skipped}</th>
    <th scope="col" class="number">${m.runs.parked}</th><th scope="col" class="number">${m.runs.pending}</th><th scope="col">${m.runs.message}</th></tr></thead>
  <tbody>
${runs.map(
  (run) => html`<tr>
  <td>${amsterdamTime(run.startedAt)}</td>
  <td>${amsterdamTime(run.endedAt)}</td>
  <td>${m.runs.modes[run.mode] ?? run.mode}</td>
  <td><span class="outcome outcome-${run.outcome ?? 'running'}">${outcomeLabel(m, run.outcome)}</span></td>
  <td class="number">${n(run.counts?.read)}</td>
  <td class="number">${n(run.counts?.booked)}</td>
  <td class="number">${n(run.counts?.skipped)}</td>
  <td class="number">${n(run.counts?.parked)}</td>
  <td class="number">${n(run.counts?.pending)}</td>
  <td>${run.message !== null && storedText(m, { ...run, message: run.message })}</td>
</tr>`,
)}
  </tbody>
</table>`;
}
