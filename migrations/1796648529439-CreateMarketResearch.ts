import { sqlMigration } from './sql-migration';

/**
 * Market research (libs/market-research): the read model of requests for indicative prices and of each supplier's
 * latest answer, rebuilt from the `market-research-<id>` streams by the `market-research` projection.
 */
export const CreateMarketResearch1796648529439 = sqlMigration('CreateMarketResearch1796648529439', {
  up: [
    `CREATE TABLE market_research (
       research_id text PRIMARY KEY,
       buying_unit_id text NOT NULL,
       title text NOT NULL,
       items jsonb NOT NULL,
       deadline timestamptz NOT NULL,
       invited boolean NOT NULL,
       supplier_ids text[] NOT NULL,
       requested_at timestamptz NOT NULL,
       requested_by text NOT NULL,
       tender_id text,
       attached_at timestamptz
     )`,
    'CREATE INDEX market_research_unit ON market_research (buying_unit_id, requested_at DESC)',
    'CREATE INDEX market_research_suppliers ON market_research USING gin (supplier_ids)',
    'CREATE INDEX market_research_tender ON market_research (tender_id) WHERE tender_id IS NOT NULL',
    `CREATE TABLE market_research_answers (
       research_id text NOT NULL,
       supplier_id text NOT NULL,
       prices jsonb NOT NULL,
       notes text,
       valid_until text,
       first_answered_at timestamptz NOT NULL,
       answered_at timestamptz NOT NULL,
       revision integer NOT NULL,
       PRIMARY KEY (research_id, supplier_id)
     )`,
  ],
  down: ['DROP TABLE market_research_answers', 'DROP TABLE market_research'],
});
