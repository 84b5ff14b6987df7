import { sqlMigration } from './sql-migration';

/**
 * A tender's call (lots, items, documents, description…) changes only when the call is drafted or amended,
 * and the outcome of its evaluation is written once, while where the procedure stands changes with every
 * event. Kept apart, the call and the evaluation are written only when they happen, and a rebuild rewrites
 * about a third as much per tender. The projection's version moves to 3 with this, so it is rebuilt.
 */
export const SplitTransparencyTenderContent1763856440000 = sqlMigration('SplitTransparencyTenderContent1763856440000', {
  up: [
    // Nullable: the projection sends null for "unchanged", and an INSERT … ON CONFLICT checks NOT NULL first.
    'ALTER TABLE transparency_tenders ADD COLUMN content jsonb',
    `COMMENT ON COLUMN transparency_tenders.content IS 'The call: lots and items, documents, description…; record holds the rest'`,
    'ALTER TABLE transparency_openings ADD COLUMN evaluation jsonb',
    'ALTER TABLE transparency_openings ALTER COLUMN opening DROP NOT NULL',
    `COMMENT ON TABLE transparency_openings IS 'What a tender''s opening act revealed and the outcome of its evaluation, each written once'`,
  ],

  down: [
    'ALTER TABLE transparency_openings DROP COLUMN evaluation',
    'ALTER TABLE transparency_tenders DROP COLUMN content',
  ],
});
