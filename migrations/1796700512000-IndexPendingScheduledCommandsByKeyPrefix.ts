import { sqlMigration } from './sql-migration';

/**
 * Cancelling a procedure's pending jobs by their key's prefix (`tender-clock:<id>:`, whatever lots they were for)
 * scanned the whole table: 111 ms with 73 k jobs (a history of 1 M events), once per completed, cancelled or
 * deserted procedure, so a catch-up grew with the square of the history. A pattern index over the pending jobs'
 * keys serves `key LIKE 'prefix%'` (the database's collation is not C, so the key's own index cannot): 0.1 ms.
 */
export const IndexPendingScheduledCommandsByKeyPrefix1796700512000 = sqlMigration(
  'IndexPendingScheduledCommandsByKeyPrefix1796700512000',
  {
    up: [
      `CREATE INDEX IF NOT EXISTS scheduled_commands_pending_key_prefix ON scheduled_commands (key text_pattern_ops) WHERE status = 'pending'`,
    ],
    down: ['DROP INDEX scheduled_commands_pending_key_prefix'],
  },
);
