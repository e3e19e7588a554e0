/**
 * Every entry a process knows, by code: Koppelwerk's own (core, mapping, engine, runtime) and what
 * each connector brings in its manifest (`manifest.messages`, added when the connector is
 * registered). Renders a stored text (its code and params) in a language; a code without an entry,
 * or params without a value the entry needs (a row written before params were kept), falls back to
 * the stored English text and says so (`translated: false`), so a page can mark it.
 */
import {
  FAMILY_PARAM,
  unnestParams,
  type AnyMessageEntry,
  type Language,
  type MessageEntries,
  type MessageParams,
  type NestedText,
  type Worded,
} from './message-entry';

export interface RenderedText {
  text: string;
  /** False when the text (or a part of it) is the stored English one, because no entry words it. */
  translated: boolean;
}

export class MessageCatalogue {
  private readonly origins = new Map<string, MessageEntries>();

  /** Adds (or replaces) the entries of one origin (`koppelwerk`, a connector's id); an earlier origin's entry wins for a code both have. */
  add(origin: string, entries: MessageEntries): this {
    this.origins.set(origin, entries);
    return this;
  }

  has(origin: string): boolean {
    return this.origins.has(origin);
  }

  /** The entry of a code (the first origin that has it). */
  entry(code: string): AnyMessageEntry | undefined {
    for (const entries of this.origins.values()) {
      if (Object.prototype.hasOwnProperty.call(entries, code)) return entries[code];
    }
    return undefined;
  }

  /** Every code known, with the origin it comes from. */
  codes(): { code: string; origin: string }[] {
    const seen = new Set<string>();
    const out: { code: string; origin: string }[] = [];
    for (const [origin, entries] of this.origins) {
      for (const code of Object.keys(entries)) if (!seen.has(code)) seen.add(code), out.push({ code, origin });
    }
    return out;
  }

  /** A stored text in `language`: by its family (see FAMILY_PARAM), else its code; `fallback` (the stored English) when neither has an entry that can word it. */
  render(code: string | null | undefined, params: MessageParams | null | undefined, language: Language, fallback: string): RenderedText {
    const found = this.usable(code, params);
    return found ? this.apply(found.entry.message, found.params, language) : { text: fallback, translated: false };
  }

  /** A stored hint in `language`; the stored hint when there is no entry, undefined when there is neither. */
  renderHint(code: string | null | undefined, params: MessageParams | null | undefined, language: Language, fallback?: string | null): RenderedText | undefined {
    const found = this.usable(code, params);
    if (found?.entry.hint) return this.apply(found.entry.hint, found.params, language);
    if (found && !found.entry.hint) return undefined;
    return fallback === undefined || fallback === null ? undefined : { text: fallback, translated: false };
  }

  /** The English message and hint of a code, for an error's constructor (`wordedBy`). */
  english(code: string, params: MessageParams): { message: string; hint?: string } {
    const found = this.usable(code, params);
    if (!found) throw new Error(`no message entry ${code} (or its params lack a value it needs: ${JSON.stringify(params)})`);
    const message = this.apply(found.entry.message, params, 'en').text;
    return found.entry.hint ? { message, hint: this.apply(found.entry.hint, params, 'en').text } : { message };
  }

  /** The entry that words a stored text, when its params hold every value the entry needs. */
  private usable(code: string | null | undefined, stored: MessageParams | null | undefined): { entry: AnyMessageEntry; params: MessageParams } | undefined {
    const params = stored ?? {};
    const family = params[FAMILY_PARAM];
    const key = typeof family === 'string' ? family : code;
    if (!key) return undefined;
    const found = this.entry(key);
    if (!found) return undefined;
    // A nested message's params (`cause.status`) are its own business: it falls back to its text.
    const optional = new Set(found.optional ?? []);
    const complete = Object.keys(found.example).every((name) => optional.has(name) || name.includes('.') || params[name] !== undefined);
    return complete ? { entry: found, params } : undefined;
  }

  private apply(worded: Worded<MessageParams>, params: MessageParams, language: Language): RenderedText {
    let translated = true;
    const nested: NestedText = (prefix, options = {}) => {
      const inner = unnestParams(params, prefix);
      if (options.hint) return this.renderHint(inner.code, inner.params, language)?.text ?? '';
      const rendered = this.render(inner.code, inner.params, language, inner.text ?? '');
      if (!rendered.translated) translated = false;
      // The stored English of a cause was `describeError`'s: its hint is in it already.
      const hint = options.withHint && rendered.translated ? this.renderHint(inner.code, inner.params, language) : undefined;
      return hint ? `${rendered.text} (${hint.text})` : rendered.text;
    };
    const text = worded[language](params, nested);
    return { text, translated };
  }
}
