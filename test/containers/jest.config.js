/** `npm run test:containers`: the production shape in real containers (podman), not part of `npm test`. */
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/containers/**/*.containers.ts'],
  globalSetup: undefined,
  globalTeardown: undefined,
  maxWorkers: 1,
  testTimeout: 15 * 60_000,
};
