import { sqlMigration } from './sql-migration';

/**
 * The rate limits' counters, shared by every API instance (libs/platform/rate-limit-store.ts). UNLOGGED: a
 * counter lost in a crash only lets a client start its minute again.
 */
export const CreateRateLimitCounters1763856730000 = sqlMigration('CreateRateLimitCounters1763856730000', {
  up: [
    `CREATE UNLOGGED TABLE rate_limit_counters (
       key text PRIMARY KEY,
       hits integer NOT NULL,
       expires_at timestamptz NOT NULL,
       blocked_until timestamptz
     )`,
  ],
  down: ['DROP TABLE rate_limit_counters'],
});
