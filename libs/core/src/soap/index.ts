export * from './soap-contract';
export * from './soap-call-error';
export * from './soap-envelope';
export * from './xml-reader';
