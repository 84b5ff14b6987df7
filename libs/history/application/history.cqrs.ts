import { Command, CommandHandler, Query, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '@licita/event-store';
import { answeredBy, queryOf } from '@licita/platform';
import type { ReviewHistoricalParty as Review } from '../domain/party-review.decider';
import type { HistoricalPartyView } from './history-queries';
import { HistoryDesk } from './history-reader';
import type { ImportRunView } from './import-report';

/** A registrar confirms, links or marks unregistered a party an import met (`HistoricalPartyReviewed`). */
export class ReviewHistoricalParty extends Command<{ changed: boolean }> {
  constructor(
    readonly review: Omit<Review, 'type'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ReviewHistoricalParty)
export class ReviewHistoricalPartyHandler implements ICommandHandler<ReviewHistoricalParty> {
  constructor(private readonly desk: HistoryDesk) {}

  execute({ review, context }: ReviewHistoricalParty) {
    return this.desk.review({ type: 'ReviewHistoricalParty', ...review }, context);
  }
}

/** Every import run with its counts, newest first. */
export class ListImportRuns extends Query<ImportRunView[]> {}
/** One run's per-row report, as CSV. */
export class ImportReportCsv extends queryOf<string, { importId: string }>('importId') {}
/** The parties imports met, by review status. */
export class HistoricalPartiesToReview extends queryOf<
  HistoricalPartyView[],
  { status: 'pending' | 'reviewed' | 'all' }
>('status') {}

export const HISTORY_HANDLERS = [
  ReviewHistoricalPartyHandler,
  answeredBy(ListImportRuns, HistoryDesk, (desk) => desk.runs()),
  answeredBy(ImportReportCsv, HistoryDesk, (desk, { importId }) => desk.reportCsv(importId)),
  answeredBy(HistoricalPartiesToReview, HistoryDesk, (desk, { status }) => desk.parties(status)),
];
