export * from './simulator';
export * from './conformance';
