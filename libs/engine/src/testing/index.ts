/**
 * The engine's test kit, for specs only (not built, not published; tsconfig.base.json maps
 * `@koppelwerk/engine/testing` here): the StateStore conformance suite every store runs, and the
 * fake shop, bookkeeping and mapper the engine's protocol tests run on.
 */
export * from './crash-switch';
export * from './fake-mapper';
export * from './fake-shop';
export * from './fake-sink';
export * from './state-store-contract';
export * from './state-store-texts-contract';
