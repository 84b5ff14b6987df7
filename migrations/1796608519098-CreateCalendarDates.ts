import { sqlMigration } from './sql-migration';

/**
 * `calendar_dates`: the dates a procedure announces ahead — its questions deadline (the clarification period), its
 * submission deadline, its opening act, each reverse auction of a lot — one row per (procedure, date), moved by
 * amendments and extensions (`sequence` counts the moves, iCalendar's SEQUENCE) and marked `cancelled` with the
 * procedure. `participant_ids` (auctions only) lets a supplier's own calendar find its auctions; never public
 * (libs/transparency/feeds/calendar-dates.projection.ts).
 */
export const CreateCalendarDates1796608519098 = sqlMigration('CreateCalendarDates1796608519098', {
  up: [
    `CREATE TABLE calendar_dates (
       tender_id text NOT NULL,
       date_key text NOT NULL,
       kind text NOT NULL,
       lot_id text,
       starts_at timestamptz NOT NULL,
       ends_at timestamptz,
       sequence integer NOT NULL DEFAULT 0,
       cancelled boolean NOT NULL DEFAULT false,
       participant_ids text[] NOT NULL DEFAULT '{}',
       changed_at timestamptz NOT NULL,
       PRIMARY KEY (tender_id, date_key)
     )`,
    'CREATE INDEX calendar_dates_starts_at ON calendar_dates (starts_at)',
  ],
  down: ['DROP TABLE calendar_dates'],
});
