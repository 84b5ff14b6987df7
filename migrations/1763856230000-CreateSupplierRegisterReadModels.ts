import { sqlMigration } from './sql-migration';

/**
 * The supplier directory and the directory of sanctioned suppliers (libs/suppliers/projections/
 * supplier-register.projection.ts). Who may see which columns is decided by SupplierQueries, not here.
 */
export const CreateSupplierRegisterReadModels1763856230000 = sqlMigration(
  'CreateSupplierRegisterReadModels1763856230000',
  {
    up: [
      `
      CREATE TABLE supplier_directory (
        supplier_id text PRIMARY KEY,
        rfc text NOT NULL,
        legal_name text NOT NULL,
        person_type text NOT NULL,
        size text NOT NULL,
        address jsonb NOT NULL,
        contact jsonb NOT NULL,
        state text NOT NULL,
        classifier_codes text[] NOT NULL,
        status text NOT NULL,
        status_reason text,
        sort_name text NOT NULL,
        search_text text NOT NULL,
        registered_at timestamptz NOT NULL,
        verified_at timestamptz,
        updated_at timestamptz NOT NULL
      )`,
      'CREATE INDEX supplier_directory_rfc ON supplier_directory (rfc)',
      'CREATE INDEX supplier_directory_order ON supplier_directory (sort_name, supplier_id)',
      'CREATE INDEX supplier_directory_codes ON supplier_directory USING gin (classifier_codes)',
      `
      CREATE TABLE supplier_sanctions (
        supplier_id text NOT NULL,
        sanction_id text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz,
        reason text NOT NULL,
        resolution_number text NOT NULL,
        imposed_at timestamptz NOT NULL,
        lifted_at timestamptz,
        lift_reason text,
        expired_at timestamptz,
        PRIMARY KEY (supplier_id, sanction_id)
      )`,
      'CREATE INDEX supplier_sanctions_order ON supplier_sanctions (starts_at DESC, supplier_id, sanction_id)',
      `COMMENT ON COLUMN supplier_sanctions.expired_at IS
      'Set by the SanctionExpired event the scheduler records at the end date; whether a sanction is in force is computed from the dates'`,
    ],

    down: ['DROP TABLE supplier_sanctions', 'DROP TABLE supplier_directory'],
  },
);
