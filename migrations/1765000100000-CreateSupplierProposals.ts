import { sqlMigration } from './sql-migration';

/**
 * `supplier_proposals`: one row per sealed proposal, with what is known about it without opening it (its supplier,
 * lots, commitment, the size of its sealed bytes, whether it is signed, when it was submitted, replaced or
 * withdrawn). Never its contents. Read by the supplier's own desk ("my procedures") and by auditors; never by the
 * public (libs/tendering/projections/supplier-proposals.projection.ts).
 */
export const CreateSupplierProposals1765000100000 = sqlMigration('CreateSupplierProposals1765000100000', {
  up: [
    `CREATE TABLE supplier_proposals (
       tender_id text NOT NULL,
       proposal_id text NOT NULL,
       supplier_id text NOT NULL,
       lot_ids text[] NOT NULL,
       commitment text NOT NULL,
       sealed_bytes integer NOT NULL,
       signed boolean NOT NULL,
       first_submitted_at timestamptz NOT NULL,
       submitted_at timestamptz NOT NULL,
       replacements integer NOT NULL DEFAULT 0,
       withdrawn_at timestamptz,
       PRIMARY KEY (tender_id, proposal_id)
     )`,
    'CREATE INDEX supplier_proposals_supplier ON supplier_proposals (supplier_id, first_submitted_at)',
  ],
  down: ['DROP TABLE supplier_proposals'],
});
