import { sqlMigration } from './sql-migration';

/**
 * The progress part of each tender's record, its opening act and its evaluation outcome are read whole and never
 * queried inside (the call, `content`, stays `jsonb`: the item codes are taken from it in SQL). As `json` they are
 * only checked on write, not parsed into jsonb's binary form, nor printed back on read; the record is rewritten
 * with most of its tender's events. Measured on the seeded history: about a tenth of the rebuild's database time.
 */
export const StoreTransparencyDocumentsAsJson1763856710000 = sqlMigration(
  'StoreTransparencyDocumentsAsJson1763856710000',
  {
    up: [
      'ALTER TABLE transparency_tenders ALTER COLUMN record TYPE json USING record::json',
      'ALTER TABLE transparency_openings ALTER COLUMN opening TYPE json USING opening::json, ALTER COLUMN evaluation TYPE json USING evaluation::json',
    ],

    down: [
      'ALTER TABLE transparency_openings ALTER COLUMN opening TYPE jsonb USING opening::jsonb, ALTER COLUMN evaluation TYPE jsonb USING evaluation::jsonb',
      'ALTER TABLE transparency_tenders ALTER COLUMN record TYPE jsonb USING record::jsonb',
    ],
  },
);
