import { sqlMigration } from './sql-migration';

/**
 * `accounts`: the staff list of accounts (registrar desk). Only whitelisted fields: id, email, role, buying unit,
 * supplier, status, who created it and when, the last change. Never a password hash, never a password flag
 * (libs/identity/projections/accounts.projection.ts). Never read by the public.
 */
export const CreateAccounts1765000200000 = sqlMigration('CreateAccounts1765000200000', {
  up: [
    `CREATE TABLE accounts (
       account_id text PRIMARY KEY,
       email text NOT NULL,
       role text NOT NULL,
       buying_unit_id text,
       supplier_id text,
       status text NOT NULL,
       created_at timestamptz NOT NULL,
       created_by text NOT NULL,
       last_change text NOT NULL,
       last_change_at timestamptz NOT NULL
     )`,
    'CREATE INDEX accounts_role_unit ON accounts (role, buying_unit_id, email)',
  ],
  down: ['DROP TABLE accounts'],
});
