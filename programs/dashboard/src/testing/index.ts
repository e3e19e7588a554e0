/** @koppelwerk/dashboard/testing: helpers for specs only (not built, not published; tsconfig.base.json maps it here). */
export * from './dashboard-client';
export { visibleText } from './language-crawl';
