import { isEventOf, type EventFilter, type RecordedEvent } from '@licita/event-store';
import { ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import {
  cancelPendingScheduledCommands,
  cancelScheduledCommand,
  completeScheduledCommand,
  deleteScheduledCommandsOf,
  scheduleCommand,
  type Sql,
} from '@licita/scheduling';
import { tenderStream, type TenderEvent } from '../domain/tender.events';

export const ADVANCE_TENDER_CLOCK = 'AdvanceTenderClock';

/** One job per deadline of a tender: `tender-clock:<id>:questions`, `…:submission`, `…:objection:<lotId>`. */
export const tenderClockKey = (tenderId: string, deadline: 'questions' | 'submission' | `objection:${string}`) =>
  `${tenderClockPrefix(tenderId)}${deadline}`;
const tenderClockPrefix = (tenderId: string) => `tender-clock:${tenderId}:`;

const HANDLED = [
  'TenderPublished',
  'TenderAmended',
  'SubmissionDeadlineExtended',
  'EnquiryPeriodEnded',
  'SubmissionPeriodEnded',
  'ProposalsOpened',
  'LotAwarded',
  'AwardRevised',
  'ObjectionPeriodEnded',
  'LotDeserted',
  'TenderDeserted',
  'TenderCompleted',
  'TenderCancelled',
] as const;
type Handled = Extract<TenderEvent, { type: (typeof HANDLED)[number] }>;

/**
 * Derives the durable scheduler's `AdvanceTenderClock` jobs from the tender's events, so the time-driven
 * changes (end of the enquiry period, end of the submission period or desertion at the deadline without proposals, end of each objection
 * period) are recorded at the right moment after restarts and rebuilds too. The deadlines come from the
 * events: publication (questions and submission), amendments and extensions (they move), awards and revised
 * awards (objection periods). The events that record a deadline's effect complete its job; the end of the
 * procedure cancels what is left. The command is idempotent and decides what is due, so a job that runs with
 * nothing to do is harmless.
 */
@ProjectionProvider()
export class TenderClockSchedule implements Projection {
  readonly name = 'tender-clock';
  readonly version = 1;
  readonly filter: EventFilter = { eventTypePrefixes: [...HANDLED], streamPrefixes: ['tender-'] };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    for (const recorded of events) {
      if (isEventOf<Handled>(recorded, ...HANDLED)) await this.apply(recorded, tx);
    }
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await deleteScheduledCommandsOf(tx, this.name);
  }

  private async apply(event: Handled, tx: ProjectionTransaction): Promise<void> {
    const { tenderId } = event.data;
    const at = (deadline: Parameters<typeof tenderClockKey>[1], dueAt: string) =>
      scheduleCommand(tx, this.name, {
        key: tenderClockKey(tenderId, deadline),
        kind: ADVANCE_TENDER_CLOCK,
        target: tenderStream(tenderId),
        payload: { tenderId },
        dueAt,
      });
    switch (event.type) {
      case 'TenderPublished':
        await at('questions', event.data.schedule.questionsDeadline);
        await at('submission', event.data.schedule.submissionDeadline);
        return;
      case 'TenderAmended': {
        const schedule = event.data.amended.schedule;
        if (!schedule) return;
        await at('questions', schedule.questionsDeadline);
        await at('submission', schedule.submissionDeadline);
        return;
      }
      case 'SubmissionDeadlineExtended':
        return at('submission', event.data.submissionDeadline);
      case 'EnquiryPeriodEnded':
        return completeScheduledCommand(tx, tenderClockKey(tenderId, 'questions'), event.data.endedAt);
      case 'SubmissionPeriodEnded':
        return completeScheduledCommand(tx, tenderClockKey(tenderId, 'submission'), event.data.endedAt);
      case 'ProposalsOpened':
        await completeScheduledCommand(tx, tenderClockKey(tenderId, 'questions'), event.data.openedAt);
        await completeScheduledCommand(tx, tenderClockKey(tenderId, 'submission'), event.data.openedAt);
        return;
      case 'LotAwarded':
        if (event.data.objectionPeriodEndsAt)
          await at(`objection:${event.data.lotId}`, event.data.objectionPeriodEndsAt);
        return;
      case 'AwardRevised':
        return at(`objection:${event.data.lotId}`, event.data.objectionPeriodEndsAt);
      case 'ObjectionPeriodEnded':
        return completeScheduledCommand(
          tx,
          tenderClockKey(tenderId, `objection:${event.data.lotId}`),
          event.data.endedAt,
        );
      case 'LotDeserted':
        if (event.data.reason === 'no_proposals')
          await completeScheduledCommand(tx, tenderClockKey(tenderId, 'submission'), event.data.desertedAt);
        return cancelScheduledCommand(tx, tenderClockKey(tenderId, `objection:${event.data.lotId}`));
      case 'TenderDeserted':
      case 'TenderCompleted':
      case 'TenderCancelled':
        return cancelPendingOfTender(tx, tenderId);
    }
  }
}

/** The procedure is over: its pending deadlines (whichever lots they were for) are cancelled. */
const cancelPendingOfTender = (tx: Sql, tenderId: string) =>
  cancelPendingScheduledCommands(tx, tenderClockPrefix(tenderId));
