import { sqlMigration } from './sql-migration';

/**
 * `login_failures`: failed logins in a row per email and client IP, and until when the next login for that pair
 * must wait (libs/identity/application/login-attempts.ts). Kept logged: a crash must not hand a password guesser
 * a fresh start.
 *
 * `security_events`: an append-only record of every refused login (wrong credentials, a wait not yet over, a
 * rate limit, a disabled account), with the email, the client IP and when (libs/platform/security-events.ts).
 * Never a password or token.
 */
export const CreateLoginFailuresAndSecurityEvents1764900100000 = sqlMigration(
  'CreateLoginFailuresAndSecurityEvents1764900100000',
  {
    up: [
      `CREATE TABLE login_failures (
         email text NOT NULL,
         ip text NOT NULL,
         failures integer NOT NULL,
         last_failure_at timestamptz NOT NULL,
         blocked_until timestamptz,
         PRIMARY KEY (email, ip)
       )`,
      `CREATE TABLE security_events (
         id bigserial PRIMARY KEY,
         at timestamptz NOT NULL DEFAULT clock_timestamp(),
         kind text NOT NULL,
         email text,
         ip text,
         correlation_id text,
         details jsonb NOT NULL DEFAULT '{}'::jsonb
       )`,
      'CREATE INDEX security_events_email_at ON security_events (email, at)',
    ],
    down: ['DROP TABLE security_events', 'DROP TABLE login_failures'],
  },
);
