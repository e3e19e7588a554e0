export * from './postgres-state-store';
export { migratePostgres, POSTGRES_STATE_MIGRATIONS, type PostgresMigration } from './postgres-state-migrations';
