export * from './state-store';
export * from './state-migrations';
export * from './sqlite-state-store';
export * from './run-lock';
