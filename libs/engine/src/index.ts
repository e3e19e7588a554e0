export * from './state-store';
export * from './store-support';
export * from './run-lock';
export * from './json-codec';
export * from './payload-hash';
export * from './sync-summary';
export * from './sync-engine';
export * from './run-schedule';
