/**
 * The process's catalogue: Koppelwerk's own entries (core, mapping, engine, runtime) first, then
 * each registered connector's (`manifest.messages`, added by the ConnectorRegistry). Every front
 * end (the dashboard, the CLI in Dutch) renders stored texts through it.
 */
import { CONFIG_MESSAGES } from './config-messages';
import { CORE_MESSAGES } from './core-messages';
import { FILE_MESSAGES } from './file-messages';
import { RECONCILE_MESSAGES } from './reconcile-messages';
import { ENGINE_MESSAGES } from './engine-messages';
import { LOOKUP_MESSAGES } from './lookup-messages';
import { MAPPING_MESSAGES } from './mapping-messages';
import { MessageCatalogue, type RenderedText } from './message-catalogue';
import type { Language, MessageEntries, MessageParams } from './message-entry';
import { RUNTIME_MESSAGES } from './runtime-messages';

/** The origin of Koppelwerk's own entries in the catalogue. */
export const BUILT_IN_ORIGIN = 'koppelwerk';

export const BUILT_IN_MESSAGES: MessageEntries = { ...CORE_MESSAGES, ...CONFIG_MESSAGES, ...FILE_MESSAGES, ...MAPPING_MESSAGES, ...ENGINE_MESSAGES, ...RUNTIME_MESSAGES, ...LOOKUP_MESSAGES, ...RECONCILE_MESSAGES };

export const messageCatalogue = new MessageCatalogue().add(BUILT_IN_ORIGIN, BUILT_IN_MESSAGES);

/** A stored text (code, params, the English it was stored with) in `language`; see MessageCatalogue.render. */
export function renderMessage(code: string | null | undefined, params: MessageParams | null | undefined, language: Language, fallback: string): RenderedText {
  return messageCatalogue.render(code, params, language, fallback);
}

/** A stored hint in `language`; see MessageCatalogue.renderHint. */
export function renderHint(code: string | null | undefined, params: MessageParams | null | undefined, language: Language, fallback?: string | null): RenderedText | undefined {
  return messageCatalogue.renderHint(code, params, language, fallback);
}
