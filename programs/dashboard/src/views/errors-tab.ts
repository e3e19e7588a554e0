/**
 * The "Fouten" tab: parked documents filtered by kind and text, paged, with checkboxes (and "select
 * all", by the static script) to process them again or dismiss them; and one entry with its raw record.
 */
import { ERROR_CLASSES } from '@koppelwerk/core';
import type { ErrorQueueEntry } from '@koppelwerk/engine';
import { amsterdamTime, type ErrorPage, type ErrorPageQuery, type ErrorView } from '@koppelwerk/runtime';
import { count } from '../dutch-format';
import { href, html, tenantPath, type SafeHtml } from '../html';
import type { Messages } from '../messages/nl';
import { pager } from './layout';
import { storedHint, storedText } from './stored-text';
import { actionForm } from './tenant-frame';

export type ErrorsFilter = Pick<ErrorPageQuery, 'errorClass' | 'text' | 'includeResolved' | 'page'>;

function classLabel(m: Messages, errorClass: string): string {
  return m.errorClass[errorClass] ?? errorClass;
}

function status(m: Messages, entry: ErrorView): string {
  return entry.resolvedAt === null ? m.errors.open : `${m.errors.resolution[entry.resolution ?? ''] ?? entry.resolution ?? ''} ${amsterdamTime(entry.resolvedAt)}`;
}

function filterQuery(filter: ErrorsFilter, pageNumber?: number): Record<string, string | number | undefined> {
  return { class: filter.errorClass, q: filter.text, resolved: filter.includeResolved ? '1' : undefined, page: pageNumber && pageNumber > 1 ? pageNumber : undefined };
}

function filterForm(m: Messages, tenant: string, filter: ErrorsFilter): SafeHtml {
  return html`<form method="get" action="${tenantPath(tenant, 'errors')}" class="filters">
  <label>${m.errors.kind}
    <select name="class">
      <option value="">${m.errors.allKinds}</option>
      ${ERROR_CLASSES.map((c) => html`<option value="${c}"${c === filter.errorClass ? html` selected` : ''}>${classLabel(m, c)}</option>`)}
    </select>
  </label>
  <label>${m.errors.search} <input type="search" name="q" value="${filter.text ?? ''}" placeholder="${m.errors.searchPlaceholder}" maxlength="200"></label>
  <label class="check"><input type="checkbox" name="resolved" value="1"${filter.includeResolved ? html` checked` : ''}> ${m.errors.includeResolved}</label>
  <button type="submit">${m.errors.filter}</button>
</form>`;
}

function hintOf(m: Messages, entry: ErrorView): SafeHtml | undefined {
  const hint = storedHint(m, entry);
  return hint && html`<p class="hint"><strong>${m.whatToDo}</strong> ${hint}</p>`;
}

function entryRow(m: Messages, tenant: string, entry: ErrorView): SafeHtml {
  const open = entry.resolvedAt === null;
  return html`<tr${open ? '' : html` class="resolved"`}>
  <td class="select">${open && html`<input type="checkbox" name="ids" value="${entry.id}" form="selection" aria-label="${m.errors.select(entry.documentKey)}">`}</td>
  <td><a href="${tenantPath(tenant, 'errors', String(entry.id))}">${entry.documentKey}</a></td>
  <td><span class="class class-${entry.errorClass}">${classLabel(m, entry.errorClass)}</span></td>
  <td>${storedText(m, entry)}${entry.code !== undefined && html` <code>${entry.code}</code>`}${hintOf(m, entry)}</td>
  <td class="number">${entry.attempts}</td>
  <td>${amsterdamTime(entry.firstSeen)}</td>
  <td>${amsterdamTime(entry.lastSeen)}</td>
  <td>${status(m, entry)}</td>
</tr>`;
}

export function errorsTab(m: Messages, tenant: string, result: ErrorPage, filter: ErrorsFilter, csrf: string): SafeHtml {
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const base = tenantPath(tenant, 'errors');
  const everything = filter.text === undefined && !filter.includeResolved && result.total > 0;
  const allLabel = filter.errorClass ? m.actions.reprocessAllOfClass(result.total, classLabel(m, filter.errorClass)) : m.actions.reprocessAll(result.total);
  return html`${filterForm(m, tenant, filter)}
<p class="muted">${m.errors.total(count(result.total, m.lang))}</p>
${
  result.entries.length === 0
    ? html`<p class="empty">${m.errors.none}</p>`
    : html`<form method="post" id="selection" action="${tenantPath(tenant, 'reprocess')}" class="selection">
  <input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="back" value="errors">
  <div class="actions">
    <button type="submit" class="primary">${m.actions.reprocess}</button>
    <button type="submit" formaction="${tenantPath(tenant, 'dismiss')}">${m.actions.dismiss}</button>
  </div>
</form>
<table class="errors">
  <thead><tr>
    <th scope="col" class="select"><input type="checkbox" data-select-all="ids" aria-label="${m.errors.selectAll}" title="${m.errors.selectAll}" hidden></th>
    <th scope="col">${m.errors.document}</th><th scope="col">${m.errors.kind}</th><th scope="col">${m.errors.message}</th>
    <th scope="col" class="number">${m.errors.attempts}</th><th scope="col">${m.errors.firstSeen}</th><th scope="col">${m.errors.lastSeen}</th><th scope="col">${m.errors.status}</th>
  </tr></thead>
  <tbody>
${result.entries.map((entry) => entryRow(m, tenant, entry))}
  </tbody>
</table>
${pager(m, result.page, pages, (p) => href(base, filterQuery(filter, p)))}`
}
${everything && html`<div class="actions all">${actionForm(tenant, 'reprocess', allLabel, csrf, 'errors', html`<input type="hidden" name="all" value="1">${filter.errorClass !== undefined && html`<input type="hidden" name="class" value="${filter.errorClass}">`}`)}</div>`}`;
}

function prettyJson(text: string | null): string | undefined {
  if (text === null) return undefined;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function errorEntry(m: Messages, tenant: string, entry: ErrorQueueEntry, csrf: string): SafeHtml {
  const raw = prettyJson(entry.rawJson);
  const idField = html`<input type="hidden" name="ids" value="${entry.id}">`;
  return html`<p><a href="${tenantPath(tenant, 'errors')}">← ${m.entry.back}</a></p>
<h2>${m.entry.title(entry.id)}: ${entry.documentKey}</h2>
<dl class="entry">
  <dt>${m.errors.kind}</dt><dd>${classLabel(m, entry.errorClass)}</dd>
  <dt>${m.errors.message}</dt><dd>${storedText(m, entry)}</dd>
  ${entry.code !== undefined && html`<dt>${m.entry.code}</dt><dd><code>${entry.code}</code></dd>`}
  ${entry.field !== undefined && html`<dt>${m.entry.field}</dt><dd><code>${entry.field}</code></dd>`}
  ${storedHint(m, entry) !== undefined && html`<dt>${m.entry.hint}</dt><dd>${storedHint(m, entry)}</dd>`}
  <dt>${m.errors.attempts}</dt><dd>${entry.attempts}</dd>
  <dt>${m.errors.firstSeen}</dt><dd>${amsterdamTime(entry.firstSeen)}</dd>
  <dt>${m.errors.lastSeen}</dt><dd>${amsterdamTime(entry.lastSeen)}</dd>
  <dt>${m.errors.status}</dt><dd>${status(m, entry)}</dd>
</dl>
${entry.resolvedAt === null && html`<div class="actions">${actionForm(tenant, 'reprocess', m.actions.reprocess, csrf, 'errors', idField)}${actionForm(tenant, 'dismiss', m.actions.dismiss, csrf, 'errors', idField)}</div>`}
<h3>${m.entry.raw}</h3>
${raw === undefined ? html`<p class="muted">${m.entry.noRaw}</p>` : html`<pre class="raw">${raw}</pre>`}`;
}
