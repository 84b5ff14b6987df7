import { sqlMigration } from './sql-migration';

/** The first response of each command request sent with an `Idempotency-Key` (see libs/platform/idempotency.ts). */
export const CreateIdempotencyKeys1763856200000 = sqlMigration('CreateIdempotencyKeys1763856200000', {
  up: [
    `
      CREATE TABLE idempotency_keys (
        key text NOT NULL,
        actor text NOT NULL,
        route text NOT NULL,
        fingerprint text NOT NULL,
        owner uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('in_progress', 'completed')),
        response_status integer,
        response_body jsonb,
        started_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (key, actor, route)
      )`,
    `COMMENT ON COLUMN idempotency_keys.fingerprint IS
      'HMAC-SHA256 (keyed with the JWT secret) of the canonical JSON body: bodies may hold passwords, so never the body itself'`,
  ],

  down: ['DROP TABLE idempotency_keys'],
});
