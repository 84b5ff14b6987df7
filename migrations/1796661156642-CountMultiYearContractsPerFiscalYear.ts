import { sqlMigration } from './sql-migration';

/**
 * Planned vs executed counts a multi-year contract's share of each fiscal year (libs/planning): the amounts per
 * fiscal year of every multi-year contract, as signed or last amended, with the amount it was signed for.
 */
export const CountMultiYearContractsPerFiscalYear1796661156642 = sqlMigration(
  'CountMultiYearContractsPerFiscalYear1796661156642',
  {
    up: [
      `
      CREATE TABLE plan_contract_years (
        contract_id text NOT NULL,
        tender_id text NOT NULL,
        fiscal_year integer NOT NULL,
        amount bigint NOT NULL,
        currency text NOT NULL,
        signed_amount bigint NOT NULL,
        PRIMARY KEY (contract_id, fiscal_year)
      )`,
      'CREATE INDEX plan_contract_years_tender ON plan_contract_years (tender_id)',
    ],
    down: ['DROP TABLE plan_contract_years'],
  },
);
