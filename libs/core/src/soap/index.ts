export * from './soap-contract';
export * from './soap-call-error';
