export * from './message-entry';
export * from './message-catalogue';
export * from './worded';
export * from './built-in-messages';
export { CORE_MESSAGES } from './core-messages';
export { MAPPING_MESSAGES } from './mapping-messages';
export { ENGINE_MESSAGES } from './engine-messages';
export { RUNTIME_MESSAGES } from './runtime-messages';
export * from './entry-problems';
