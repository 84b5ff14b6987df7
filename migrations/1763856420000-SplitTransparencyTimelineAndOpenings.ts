import { sqlMigration } from './sql-migration';

/**
 * The parts of a tender's public record that are written once move out of the record: each step of its
 * timeline (one row per event, appended) and its opening act (written at the act). A rebuild then rewrites
 * only the record's changing part, about half its size. The projection's version moves to 2 with this.
 */
export const SplitTransparencyTimelineAndOpenings1763856420000 = sqlMigration(
  'SplitTransparencyTimelineAndOpenings1763856420000',
  {
    up: [
      `
      CREATE TABLE transparency_timeline (
        tender_id text NOT NULL,
        position bigint NOT NULL,
        at timestamptz NOT NULL,
        event text NOT NULL,
        key text NOT NULL,
        text text NOT NULL,
        PRIMARY KEY (tender_id, position)
      )`,
      `COMMENT ON COLUMN transparency_timeline.position IS 'Global position of the event the step comes from'`,
      `
      CREATE TABLE transparency_openings (
        tender_id text PRIMARY KEY,
        opening jsonb NOT NULL
      )`,
    ],

    down: ['DROP TABLE transparency_timeline, transparency_openings'],
  },
);
