export * from './simulator';
export * from './conformance';
export * from './postgres';
