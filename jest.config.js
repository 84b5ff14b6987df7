/** @type {import('jest').Config} */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');
const nestCli = require('./nest-cli.json');

// DTOs and controllers go through the Swagger CLI plugin with the options `nest build` uses (nest-cli.json).
const swaggerPlugin = nestCli.compilerOptions.plugins.find((plugin) => plugin.name === '@nestjs/swagger');

// ES-module-only packages Jest on Node 20 cannot require; compiled to CommonJS by the transform below.
const ESM_ONLY = [
  '@nestjs',
  'uid',
  'file-type',
  'strtok3',
  'token-types',
  'uint8array-extras',
  '@tokenizer',
  '@borewit',
];

// Whole-process and crash suites run in `npm run test:slow`, not here (test/slow-suites.js says why).
const { SLOW_SUITES } = require('./test/slow-suites.js');

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts', '<rootDir>/{apps,libs,test}/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/apps/web/', ...SLOW_SUITES],
  transform: {
    '\\.(dto|controller)\\.ts$': ['<rootDir>/test/support/swagger-plugin.transform.js', swaggerPlugin.options],
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    '/node_modules/.+\\.js$': '<rootDir>/test/support/esm-to-cjs.transform.js',
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 30_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
