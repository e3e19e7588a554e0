/** Pieces several pages show: a dot, the last run, the next run. */
import type { RunRecord } from '@koppelwerk/engine';
import { amsterdamTime, type DotView, type TenantOverview } from '@koppelwerk/runtime';
import { html, type SafeHtml } from '../html';
import type { Messages } from '../messages/nl';
import { storedDetails, storedHint, storedText } from './stored-text';

/** The dot with its state, why it is red and what to do about it. */
export function dot(m: Messages, view: DotView, options: { full: boolean }): SafeHtml {
  const hint = view.state === 'red' ? storedHint(m, view) : undefined;
  const details = options.full ? storedDetails(m, view.details, view.params) : [];
  return html`<div class="dot dot-${view.state}">
  <span class="mark" aria-hidden="true"></span>
  <span class="title">${view.title}</span> <span class="state">${m.dot[view.state]}</span>
  ${view.reason !== undefined && html`<p class="reason">${storedText(m, { message: view.reason, code: view.code, params: view.params })}</p>`}
  ${hint !== undefined && html`<p class="hint"><strong>${m.whatToDo}</strong> ${hint}</p>`}
  ${details.length ? html`<ul class="details">${details.map((d) => html`<li>${d}</li>`)}</ul>` : ''}
  ${options.full && view.checkedAt !== undefined && html`<p class="muted">${m.checkedAt(amsterdamTime(view.checkedAt))}</p>`}
</div>`;
}

export function outcomeLabel(m: Messages, outcome: string | null): string {
  const key = outcome ?? 'running';
  return m.outcome[key] ?? key;
}

export function lastRun(m: Messages, run: RunRecord | null): SafeHtml {
  if (!run) return html`<span class="muted">${m.noRunsYet}</span>`;
  const outcome = run.outcome ?? 'running';
  return html`<span>${amsterdamTime(run.startedAt)}</span> <span class="outcome outcome-${outcome}">${outcomeLabel(m, run.outcome)}</span>`;
}

export function nextRun(m: Messages, overview: TenantOverview): SafeHtml {
  const running = overview.running ? html`<p class="running">${m.runningSince(amsterdamTime(overview.running.acquiredAt))}</p>` : '';
  if (overview.nextRunAt === null) return html`<span class="muted">${m.scheduleOff}</span>${running}`;
  return html`<span>${amsterdamTime(overview.nextRunAt)}</span>${overview.everyMinutes !== null && html` <span class="muted">(${m.everyMinutes(overview.everyMinutes)})</span>`}${running}`;
}
