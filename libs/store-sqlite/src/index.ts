export * from './sqlite-state-store';
export * from './sqlite-state-migrations';
