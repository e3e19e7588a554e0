/** @koppelwerk/daemon: its one public entry. */
export * from './daemon-settings';
export * from './runtime-work';
export * from './tenant-daemon';
