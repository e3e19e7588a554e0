/** @koppelwerk/runtime/testing: helpers for specs only (not built, not published; tsconfig.base.json maps it here). */
export * from './arriving-orders';
export * from './captured-output';
export * from './connector-packages';
export * from './free-port';
export * from './scratch-dir';
