/** @koppelwerk/service: its one public entry. */
export * from './service-tenant-file';
export * from './service-tenant-runtime';
export * from './source-side-config';
export * from './tenant-cadence';
export * from './tenant-queue';
export * from './tenant-table';
export * from './worker-hint';
export * from './tenant-audit';
