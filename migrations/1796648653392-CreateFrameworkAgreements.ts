import { sqlMigration } from './sql-migration';

/**
 * The public read models of framework agreements (libs/frameworks/projections/frameworks.projection.ts):
 * - `framework_agreements`: one row per agreement (validity, regions, authorised units, ceilings per currency);
 * - `framework_catalogue_items`: one row per catalogue item of an agreement, with its suppliers' prices and the
 *   folded words of its description and code (searched with LIKE and the classifier's synonyms, trigram index);
 * - `framework_orders`: one row per order (call-off) with its lines and status; the remaining ceiling is the
 *   ceiling less the orders not rejected;
 * - `central_purchasing_bodies`: the buying units designated as central purchasing bodies.
 */
export const CreateFrameworkAgreements1796648653392 = sqlMigration('CreateFrameworkAgreements1796648653392', {
  up: [
    `CREATE TABLE framework_agreements (
       agreement_id text PRIMARY KEY,
       tender_id text NOT NULL,
       title text NOT NULL,
       central_buying_unit_id text NOT NULL,
       valid_from timestamptz NOT NULL,
       valid_to timestamptz NOT NULL,
       regions text[] NOT NULL,
       authorised_buying_unit_ids text[],
       supplier_ids text[] NOT NULL,
       ceilings jsonb NOT NULL,
       established_at timestamptz NOT NULL,
       search_text text NOT NULL DEFAULT ''
     )`,
    `CREATE TABLE framework_catalogue_items (
       agreement_id text NOT NULL,
       item_id text NOT NULL,
       scheme text NOT NULL,
       code text NOT NULL,
       description text NOT NULL,
       unit text NOT NULL,
       price_fixed boolean NOT NULL,
       prices jsonb NOT NULL,
       max_quantity numeric,
       search_text text NOT NULL,
       PRIMARY KEY (agreement_id, item_id)
     )`,
    'CREATE INDEX framework_catalogue_items_words ON framework_catalogue_items USING gin (search_text gin_trgm_ops)',
    'CREATE INDEX framework_catalogue_items_code ON framework_catalogue_items (scheme, code)',
    `CREATE TABLE framework_orders (
       order_id text PRIMARY KEY,
       agreement_id text NOT NULL,
       buying_unit_id text NOT NULL,
       supplier_id text NOT NULL,
       status text NOT NULL,
       origin jsonb NOT NULL,
       lines jsonb NOT NULL,
       totals jsonb NOT NULL,
       placed_at timestamptz NOT NULL,
       answered_at timestamptz,
       rejection_reason text
     )`,
    'CREATE INDEX framework_orders_agreement ON framework_orders (agreement_id, placed_at)',
    'CREATE INDEX framework_orders_supplier ON framework_orders (supplier_id, placed_at)',
    'CREATE INDEX framework_orders_buying_unit ON framework_orders (buying_unit_id, placed_at)',
    'CREATE TABLE central_purchasing_bodies (buying_unit_id text PRIMARY KEY, designated_at timestamptz NOT NULL)',
  ],
  down: [
    'DROP TABLE central_purchasing_bodies',
    'DROP TABLE framework_orders',
    'DROP TABLE framework_catalogue_items',
    'DROP TABLE framework_agreements',
  ],
});
