export * from './conformance-support';
export * from './describe-shop-source';
export * from './describe-accounting-sink';
export * from './describe-lookups';
export * from './read-source';
export * from './describe-main-entry';
