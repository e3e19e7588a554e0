/** The "Uitleg" tab: a document key in, the mapping's steps out (amounts in Dutch notation). */
import { amountsInText } from '../dutch-format';
import { html, tenantPath, type SafeHtml } from '../html';
import type { Messages } from '../messages/nl';
import type { ExplainView } from '@koppelwerk/runtime';
import { storedText } from './stored-text';

/** What the tab shows under the form: nothing yet, the explanation, or why there is none. */
export type ExplainResult = { view: ExplainView } | { notFound: string } | undefined;

function resultView(m: Messages, view: ExplainView): SafeHtml {
  if ('refused' in view) {
    return html`<section class="notice bad">
  <p>${m.explain.refused}</p>
  <p>${storedText(m, view.refused)}${view.refused.code !== undefined && html` <code>${view.refused.code}</code>`}</p>
  ${view.mappingVersion !== undefined && html`<p class="muted">${m.explain.mapping(view.mappingVersion)}</p>`}
</section>`;
  }
  return html`<h2>${view.document} <span class="muted">(${m.explain.mapping(view.mappingVersion)})</span></h2>
<table class="explain">
  <thead><tr><th scope="col">${m.explain.target}</th><th scope="col">${m.explain.value}</th><th scope="col">${m.explain.rule}</th><th scope="col">${m.explain.because}</th></tr></thead>
  <tbody>
${view.steps.map(
  (step) =>
    html`<tr><td><code>${step.target}</code></td><td>${step.valueText ? storedText(m, { message: step.value, ...step.valueText }) : amountsInText(step.value)}</td><td><code>${step.ruleText ? storedText(m, { message: step.rule, ...step.ruleText }) : step.rule}</code></td><td>${storedText(m, { message: step.because, ...step.reason })}</td></tr>`,
)}
  </tbody>
</table>
${view.warnings.length > 0 && html`<h3>${m.explain.warnings}</h3><ul class="warnings">${view.warnings.map((w, i) => html`<li>${storedText(m, { message: w, ...view.warningTexts?.[i] })}</li>`)}</ul>`}`;
}

export function explainTab(m: Messages, tenant: string, document: string | undefined, result: ExplainResult): SafeHtml {
  return html`<p>${m.explain.intro}</p>
<form method="get" action="${tenantPath(tenant, 'explain')}" class="filters">
  <label>${m.explain.document} <input name="document" value="${document ?? ''}" required maxlength="200"></label>
  <button type="submit" class="primary">${m.explain.submit}</button>
</form>
${result !== undefined && ('view' in result ? resultView(m, result.view) : html`<p class="notice bad">${m.explain.notFound} ${m.lang === 'en' ? result.notFound : (document ?? '')}</p>`)}`;
}
