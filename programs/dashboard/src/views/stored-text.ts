/**
 * A text the state keeps (a parked document's reason, a dot's reason and what to do, a run's
 * message, an activity line, an action's result) in the page's language: worded by the message
 * catalogue from its code and params. A text no entry words (a connector package without entries,
 * a row from before params were kept) shows as it was stored, in English, marked as untranslated.
 */
import { checkDetailPrefixes, renderHint, renderMessage, unnestParams, type MessageParams, type RenderedText } from '@koppelwerk/core';
import { registerBuiltInMessages } from '@koppelwerk/runtime';
import { amountsInText } from '../dutch-format';
import { html, type SafeHtml } from '../html';
import type { Messages } from '../messages/nl';

// The built-in connectors' texts are known before any tenant is loaded (a connector package's once a tenant names it).
registerBuiltInMessages();

/** A stored text: its English, and its code and params when it has them. */
export interface Stored {
  message: string;
  code?: string | null;
  params?: MessageParams | null;
}

function shown(m: Messages, rendered: RenderedText, fallback: string): SafeHtml {
  if (rendered.translated || m.lang === 'en') return html`${m.lang === 'nl' ? amountsInText(rendered.text) : rendered.text}`;
  // Wholly the stored English, or a Dutch frame around an English part: marked either way.
  const whole = rendered.text === fallback;
  return html`<span class="untranslated"${whole ? html` lang="en"` : ''} title="${m.untranslated}">${rendered.text}</span>`;
}

/** The text in the page's language. */
export function storedText(m: Messages, stored: Stored): SafeHtml {
  return shown(m, renderMessage(stored.code, stored.params, m.lang, stored.message), stored.message);
}

/** What to do about it in the page's language; undefined when there is nothing to do. */
export function storedHint(m: Messages, stored: { code?: string | null; params?: MessageParams | null; hint?: string | null }): SafeHtml | undefined {
  const rendered = renderHint(stored.code, stored.params, m.lang, stored.hint);
  return rendered && shown(m, rendered, stored.hint ?? '');
}

/** A text nested in params (`cause`, `detail.1`), in the page's language. */
export function nestedText(m: Messages, params: MessageParams, prefix: string): SafeHtml {
  const inner = unnestParams(params, prefix);
  return storedText(m, { message: inner.text ?? '', code: inner.code, params: inner.params });
}

/** A check's details: coded ones (`checkParams`) in the page's language, else as they were stored. */
export function storedDetails(m: Messages, details: readonly string[] | undefined, params: MessageParams | null | undefined): SafeHtml[] {
  const prefixes = checkDetailPrefixes(params);
  if (params && prefixes.length > 0) return prefixes.map((prefix) => nestedText(m, params, prefix));
  return (details ?? []).map((detail) => storedText(m, { message: detail }));
}
