import { sqlMigration } from './sql-migration';

/**
 * Each step of a procedure's public timeline is also written in English (the API answers it to who asks for
 * English). Steps written before stay Spanish only until the transparency projection, version 4 with this,
 * is rebuilt.
 */
export const StoreTimelineStepsInEnglish1764900400000 = sqlMigration('StoreTimelineStepsInEnglish1764900400000', {
  up: [
    'ALTER TABLE transparency_timeline ADD COLUMN text_en text',
    `COMMENT ON COLUMN transparency_timeline.text_en IS 'The step in English (text is the Spanish one)'`,
  ],
  down: ['ALTER TABLE transparency_timeline DROP COLUMN text_en'],
});
