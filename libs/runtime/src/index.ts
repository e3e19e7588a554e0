/** @koppelwerk/runtime: its one public entry. */
export * from './abortable-sleep';
export * from './config-directory';
export * from './connectors';
export * from './document-key';
export * from './explain-document';
export * from './import-direction';
export * from './interruption';
export * from './output';
export * from './plugins/installed-packages';
export * from './status/dot-lines';
export * from './status/run-summary-lines';
export * from './status/tenant-directory';
export * from './tenant-config';
export * from './tenant-runtime';
export * from './time-format';
