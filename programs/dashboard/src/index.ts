/** @koppelwerk/dashboard: its one public entry. */
export * from './dashboard-server';
export * from './dashboard-users';
export * from './embedded-directory-files';
export * from './embedded-directory';
export * from './messages/language';
export * from './password-hash';
export * from './service-directory';
export * from './settings/settings-texts';
export * from './wizard/wizard-texts';
export * from './users/users-entry';
