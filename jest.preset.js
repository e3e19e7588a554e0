// Shared jest settings; every project's jest.config.js spreads this.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // tsconfig "paths" -> jest moduleNameMapper, so @koppelwerk/* resolves to TypeScript source.
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: __dirname + '/' }),
  setupFiles: ['reflect-metadata'],
  transform: { '^.+\\.ts$': swc },
  reporters: ['default', require.resolve('./tools/jest/summary-reporter.js')],
  testTimeout: 30000,
};
