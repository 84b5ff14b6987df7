import { sqlMigration } from './sql-migration';

/**
 * The list of public tenders shows each tender's item codes. Read from the call (`content`) at every search,
 * they cost about a third of the statement over 200,000 tenders (the call read back from TOAST and walked for
 * each of the 21 rows: 1.77 against 1.19 ms a round trip). Kept beside it as a stored generated column, they
 * are computed when the call is written (about a tenth more per row rewritten) and read as they are; the
 * projection needs no change.
 */
export const StoreTransparencyItemCodes1763856690000 = sqlMigration('StoreTransparencyItemCodes1763856690000', {
  up: [
    `ALTER TABLE transparency_tenders ADD COLUMN item_codes jsonb GENERATED ALWAYS AS (jsonb_path_query_array(content, '$.lots[*].items[*].classifierCode')) STORED`,
    `COMMENT ON COLUMN transparency_tenders.item_codes IS 'The items'' classifier codes as the call lists them (repeats included), from content'`,
  ],

  down: ['ALTER TABLE transparency_tenders DROP COLUMN item_codes'],
});
