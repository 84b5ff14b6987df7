import { sqlMigration } from './sql-migration';

/** The durable scheduler's jobs (see libs/scheduling/README.md). */
export const CreateScheduledCommands1763856210000 = sqlMigration('CreateScheduledCommands1763856210000', {
  up: [
    `
      CREATE TABLE scheduled_commands (
        id bigserial PRIMARY KEY,
        key text NOT NULL UNIQUE,
        kind text NOT NULL,
        target text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        due_at timestamptz NOT NULL,
        next_run_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        source text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz
      )`,
    `CREATE INDEX scheduled_commands_next_run ON scheduled_commands (next_run_at, id) WHERE status = 'pending'`,
    'CREATE INDEX scheduled_commands_source ON scheduled_commands (source)',
    `COMMENT ON COLUMN scheduled_commands.key IS
      'Chosen by the projection that derives the job (e.g. sanction-expiry:<supplier>:<sanction>): scheduling the same key again moves the job'`,
    `COMMENT ON COLUMN scheduled_commands.next_run_at IS
      'due_at, or later after a failed run (back-off)'`,
    `COMMENT ON COLUMN scheduled_commands.source IS
      'The projection that derived the job; its reset deletes its jobs and its replay derives them again'`,
  ],

  down: ['DROP TABLE scheduled_commands'],
});
