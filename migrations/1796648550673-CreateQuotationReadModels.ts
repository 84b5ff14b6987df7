import { sqlMigration } from './sql-migration';

/**
 * Quick quotations and mini-competitions (libs/quotations/projections/quotation-requests.projection.ts):
 * `quotation_requests`, the public view of each request (no amount, no quoting supplier before its deadline);
 * `quotation_receipts`, each sealed quotation's receipt for its own supplier only (never its contents);
 * `quotation_orders`, the orders issued, which the splitting red flag reads.
 */
export const CreateQuotationReadModels1796648550673 = sqlMigration('CreateQuotationReadModels1796648550673', {
  up: [
    `CREATE TABLE quotation_requests (
       rfq_id text PRIMARY KEY,
       buying_unit_id text NOT NULL,
       kind text NOT NULL,
       status text NOT NULL,
       classifier_code text NOT NULL,
       invited text[],
       deadline timestamptz NOT NULL,
       published_at timestamptz NOT NULL,
       view jsonb NOT NULL,
       state jsonb NOT NULL,
       revision bigint NOT NULL,
       updated_at timestamptz NOT NULL
     )`,
    `COMMENT ON COLUMN quotation_requests.state IS
      'The write-side state the projection folds (it holds the sealed boxes): never selected by a query'`,
    'CREATE INDEX quotation_requests_published ON quotation_requests (published_at DESC)',
    'CREATE INDEX quotation_requests_code ON quotation_requests (classifier_code, deadline)',
    `CREATE TABLE quotation_receipts (
       quotation_id text PRIMARY KEY,
       rfq_id text NOT NULL,
       supplier_id text NOT NULL,
       commitment text NOT NULL,
       submitted_at timestamptz NOT NULL,
       replaced_by text
     )`,
    'CREATE INDEX quotation_receipts_supplier ON quotation_receipts (supplier_id, rfq_id)',
    `CREATE TABLE quotation_orders (
       order_id text PRIMARY KEY,
       rfq_id text NOT NULL,
       kind text NOT NULL,
       buying_unit_id text NOT NULL,
       supplier_id text NOT NULL,
       classifier_code text NOT NULL,
       amount bigint NOT NULL,
       currency text NOT NULL,
       threshold bigint,
       issued_at timestamptz NOT NULL
     )`,
    `COMMENT ON COLUMN quotation_orders.threshold IS
      'The quick-quotation ceiling in force when the request was published (its currency); null for a mini-competition'`,
    'CREATE INDEX quotation_orders_split ON quotation_orders (buying_unit_id, classifier_code, supplier_id, currency, issued_at)',
  ],
  down: ['DROP TABLE quotation_orders', 'DROP TABLE quotation_receipts', 'DROP TABLE quotation_requests'],
});
