export * from './state-store';
export * from './state-migrations';
export * from './sqlite-state-store';
export * from './run-lock';
export * from './json-codec';
export * from './payload-hash';
export * from './sync-summary';
export * from './sync-engine';
