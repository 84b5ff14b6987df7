import { sqlMigration } from './sql-migration';

/**
 * The mode a database was first started in (`production` or `sandbox`, LICITA_MODE), one row, so a sandbox never
 * writes practice events into a production log nor the reverse: libs/platform/deployment-mode.ts records it at the
 * first start and refuses a process of the other mode. Kept by the owner role (OWNER_KEPT_TABLES): the application
 * may record it once, never change it.
 */
export const RecordTheDeploymentMode1796619271834 = sqlMigration('RecordTheDeploymentMode1796619271834', {
  up: [
    `CREATE TABLE licita_deployment (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      mode text NOT NULL CHECK (mode IN ('production', 'sandbox')),
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`,
  ],
  down: ['DROP TABLE IF EXISTS licita_deployment'],
});
