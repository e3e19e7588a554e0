/** @koppelwerk/observability: its one public entry. */
export * from './alert-memory';
export * from './alert-notifier';
export * from './alert-poller';
export * from './alert-settings';
export * from './instrument-connectors';
export * from './metrics-server';
export * from './metrics';
export * from './prometheus-text';
export * from './tenant-observer';
export * from './smtp-mailer';
