/**
 * What the language crawl looks for: the texts a page may show (the sample tenants' stored texts,
 * every catalogue entry, the dashboard's own words) in each language, and a page's visible text to
 * find them in. A Dutch page that shows one of the English texts, or an English page one of the
 * Dutch ones, says a text that did not go through the catalogue in the page's language.
 */
import { BUILT_IN_MESSAGES, messageCatalogue, renderHint, renderMessage, type Language, type MessageParams } from '@koppelwerk/core';
import { registerBuiltInMessages } from '@koppelwerk/runtime';
import { en } from '../messages/en';
import { nl } from '../messages/nl';
import type { MemoryTenant } from './memory-directory';

registerBuiltInMessages();

type Stored = { message?: string | null; code?: string | null; params?: MessageParams | null; hint?: string | null };

/** The texts of a tenant as the state stores them (English, with code and params). */
export function storedTexts(tenant: MemoryTenant): Stored[] {
  const { dots, lastRun } = tenant.overview;
  const texts: Stored[] = [...tenant.errors, ...tenant.runs, ...tenant.activity.filter((a) => a.code !== undefined)];
  for (const dot of [dots.source, dots.sink]) texts.push({ message: dot.reason, hint: dot.hint, code: dot.code, params: dot.params }, ...(dot.details ?? []).map((message) => ({ message })));
  if (lastRun) texts.push(lastRun);
  for (const view of Object.values(tenant.explain)) {
    if ('refused' in view) texts.push(view.refused);
    else {
      for (const step of view.steps) texts.push({ message: step.because, ...step.reason }, { message: step.value, ...step.valueText }, { message: step.rule, ...step.ruleText });
      view.warnings.forEach((message, i) => texts.push({ message, ...view.warningTexts?.[i] }));
    }
  }
  return texts;
}

/** Every entry of the process's catalogue (Koppelwerk's own and the built-in connectors'), rendered with its example. */
function catalogueTexts(language: Language): string[] {
  const out: string[] = [];
  for (const { code } of messageCatalogue.codes()) {
    const example = (messageCatalogue.entry(code) ?? BUILT_IN_MESSAGES[code]).example as MessageParams;
    out.push(renderMessage(code, example, language, '').text, renderHint(code, example, language)?.text ?? '');
  }
  return out;
}

/** Every leaf text of the dashboard's own words in one language that the other language says differently. */
function ownWords(mine: unknown, theirs: unknown, out: string[] = []): string[] {
  if (typeof mine === 'string') {
    if (mine !== theirs) out.push(mine);
  } else if (mine && typeof mine === 'object') {
    for (const [key, value] of Object.entries(mine)) ownWords(value, (theirs as Record<string, unknown> | undefined)?.[key], out);
  }
  return out;
}

/**
 * The sentences of `language` that a page in the other language must not show: whole texts, and
 * their parts between `; ` and `: ` (an English part inside a Dutch frame). Short ones (a word, a
 * code, a number) are left out: they are data or shared by both languages.
 */
export function sentencesIn(language: Language, tenants: readonly MemoryTenant[], extra: readonly string[] = []): string[] {
  const stored = tenants.flatMap(storedTexts);
  const texts = (of: Language) => [
    ...catalogueTexts(of),
    ...ownWords(of === 'en' ? en : nl, of === 'en' ? nl : en),
    ...(of === 'en'
      ? stored.flatMap((text) => [text.message ?? '', text.hint ?? ''])
      : stored.flatMap((text) => [renderMessage(text.code, text.params, 'nl', '').text, renderHint(text.code, text.params, 'nl')?.text ?? ''])),
  ];
  const parts = (list: readonly string[]) => list.flatMap((text) => [text, ...text.split(/; |: |\n/)]).map((text) => text.trim().replace(/\s+/g, ' '));
  // A part both languages share (a config path, e-Boekhouden's own Dutch words) says nothing about the language.
  const other = new Set(parts(texts(language === 'en' ? 'nl' : 'en')));
  return [...new Set(parts([...texts(language), ...extra]).filter((text) => text.length >= 16 && /[a-z]{3,}/i.test(text) && !other.has(text)))];
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#96;': '`' };

/** What a person reads on the page: no markup, no raw records (data), no codes; entities decoded, spaces collapsed. */
export function visibleText(body: string): string {
  return body
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<pre class="raw">[\s\S]*?<\/pre>/g, ' ')
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|#96);/g, (entity) => ENTITIES[entity])
    .replace(/\s+/g, ' ');
}

/** The links of a page to other pages of the dashboard (not its static files, not the language switch). */
export function pageLinks(body: string): string[] {
  return [...body.matchAll(/href="(\/[^"]*)"/g)].map((match) => match[1].replace(/&amp;/g, '&')).filter((href) => !href.startsWith('/static/') && !/[?&]lang=/.test(href));
}
