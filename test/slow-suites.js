/**
 * Whole-process and crash suites: real API processes started, killed and restarted with their embedded PostgreSQL,
 * injected faults, a crash during bids and proposals, a real-time auction across a restart, a crash mid-upload. Each takes 25–60 s on
 * 2 cores, so they run in `npm run test:slow` (test/slow.jest.config.js), not in `npm test`, which must stay under
 * 12 minutes on 2 cores (README "Tests and CI"). Run them before a release and after touching the process,
 * the event store or the auction engine.
 */
const SLOW_SUITES = [
  '<rootDir>/test/api/process.e2e-spec.ts',
  '<rootDir>/test/reliability/faults.e2e-spec.ts',
  '<rootDir>/test/reliability/crash-bids-proposals.e2e-spec.ts',
  '<rootDir>/test/api/auctions/restart.e2e-spec.ts',
  '<rootDir>/test/api/documents/crash-mid-upload.e2e-spec.ts',
];

module.exports = { SLOW_SUITES };
