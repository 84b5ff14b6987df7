/** `npm run test:slow`: the suites test/slow-suites.js keeps out of `npm test` for time; same setup otherwise. */
const base = require('../jest.config.js');
const { SLOW_SUITES } = require('./slow-suites.js');

module.exports = {
  ...base,
  rootDir: '..',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/apps/web/'],
  testMatch: SLOW_SUITES,
};
