import type { EventFilter, RecordedEvent } from '@licita/event-store';
import { ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import type { AuctionScheduled } from '@licita/auctions';
import type {
  SubmissionDeadlineExtended,
  TenderAmended,
  TenderCancelled,
  TenderPublished,
  TenderSchedule,
} from '@licita/tendering';

/** What a calendar date is of: the procedure's own dates, and each lot's reverse auction. */
export const CALENDAR_KINDS = ['questions_deadline', 'submission_deadline', 'opening', 'auction'] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];

type SourceEvent = TenderPublished | TenderAmended | SubmissionDeadlineExtended | TenderCancelled | AuctionScheduled;
const TYPES: ReadonlyArray<SourceEvent['type']> = [
  'TenderPublished',
  'TenderAmended',
  'SubmissionDeadlineExtended',
  'TenderCancelled',
  'AuctionScheduled',
];

type DateRow = {
  tenderId: string;
  key: string;
  kind: CalendarKind;
  lotId: string | null;
  startsAt: string;
  endsAt: string | null;
  participantIds: string[];
};

/** The schedule's dates a calendar shows, keyed by their kind (one row each per procedure). */
function scheduleDates(tenderId: string, schedule: Partial<TenderSchedule>): DateRow[] {
  const dates: Array<[CalendarKind, string | undefined]> = [
    ['questions_deadline', schedule.questionsDeadline],
    ['submission_deadline', schedule.submissionDeadline],
    ['opening', schedule.openingDate],
  ];
  return dates.flatMap(([kind, startsAt]) =>
    startsAt === undefined
      ? []
      : [{ tenderId, key: kind, kind, lotId: null, startsAt, endsAt: null, participantIds: [] }],
  );
}

/**
 * `calendar_dates`: the dates procedures announce ahead (questions deadline, submission deadline, opening act,
 * each lot's reverse auction), one row per (procedure, date). An amendment or an extension that moves a date
 * bumps its `sequence` (iCalendar's SEQUENCE, so calendar apps replace the event); a cancellation marks every
 * date of the procedure `cancelled` and bumps them too. Public reads join `transparency_tenders` for the search's
 * filters and never read `participant_ids` (a supplier's own calendar does).
 */
@ProjectionProvider()
export class CalendarDatesProjection implements Projection {
  readonly name = 'calendar-dates';
  readonly version = 1;
  readonly filter: EventFilter = { eventTypePrefixes: [...TYPES], streamPrefixes: ['tender-', 'auction-'] };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    for (const recorded of events) {
      if (!(TYPES as readonly string[]).includes(recorded.type)) continue;
      const event = { type: recorded.type, data: recorded.data } as unknown as SourceEvent;
      const at = recorded.metadata.occurredAt;
      for (const row of datesOf(event)) await upsert(tx, row, at);
      if (event.type === 'TenderCancelled') await cancel(tx, event.data.tenderId, at);
    }
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query('TRUNCATE calendar_dates');
  }
}

/** The dates an event sets or moves (none for a cancellation, which marks them instead). */
function datesOf(event: SourceEvent): DateRow[] {
  switch (event.type) {
    case 'TenderPublished':
      return scheduleDates(event.data.tenderId, event.data.schedule);
    case 'TenderAmended':
      return event.data.amended.schedule ? scheduleDates(event.data.tenderId, event.data.amended.schedule) : [];
    case 'SubmissionDeadlineExtended':
      return scheduleDates(event.data.tenderId, {
        submissionDeadline: event.data.submissionDeadline,
        openingDate: event.data.openingDate,
      });
    case 'AuctionScheduled': {
      const { tenderId, lotId, auctionId, startsAt, endsAt, participants } = event.data;
      const participantIds = participants.map((p) => p.bidderId);
      return [{ tenderId, key: `auction:${auctionId}`, kind: 'auction', lotId, startsAt, endsAt, participantIds }];
    }
    default:
      return [];
  }
}

/** Inserts a date, or moves it: a changed instant is a new sequence (the same instant again changes nothing). */
async function upsert(tx: ProjectionTransaction, row: DateRow, at: string): Promise<void> {
  await tx.query(
    `INSERT INTO calendar_dates (tender_id, date_key, kind, lot_id, starts_at, ends_at, participant_ids, changed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8)
     ON CONFLICT (tender_id, date_key) DO UPDATE SET
       sequence = calendar_dates.sequence + CASE WHEN calendar_dates.starts_at <> EXCLUDED.starts_at
                  OR calendar_dates.ends_at IS DISTINCT FROM EXCLUDED.ends_at THEN 1 ELSE 0 END,
       changed_at = CASE WHEN calendar_dates.starts_at <> EXCLUDED.starts_at
                  OR calendar_dates.ends_at IS DISTINCT FROM EXCLUDED.ends_at THEN EXCLUDED.changed_at
                  ELSE calendar_dates.changed_at END,
       starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, participant_ids = EXCLUDED.participant_ids`,
    [row.tenderId, row.key, row.kind, row.lotId, row.startsAt, row.endsAt, row.participantIds, at],
  );
}

async function cancel(tx: ProjectionTransaction, tenderId: string, at: string): Promise<void> {
  await tx.query(
    `UPDATE calendar_dates SET cancelled = true, sequence = sequence + 1, changed_at = $2
      WHERE tender_id = $1 AND NOT cancelled`,
    [tenderId, at],
  );
}
