import { TENDER_EVENT_TYPES, type TenderEvent } from './tender.events';
import type { TenderStatus } from './tender.state';
import type { IsoDateTime } from './tender.types';

/** A procedure's status as folded from its events; `none` before `TenderCreated`. */
export type ProcedureStatus = TenderStatus | 'none';

/**
 * The status an event of the tender's stream leaves the procedure in: the one rule for the write state, the
 * parties' view, the transparency record and the OCDS process. Events that do not move the procedure keep it.
 */
export function statusAfter<S extends ProcedureStatus>(status: S, event: TenderEvent): S | TenderStatus {
  switch (event.type) {
    case 'TenderCreated':
      return 'draft';
    case 'TenderPublished':
      return 'active.enquiries';
    case 'EnquiryPeriodEnded':
      return status === 'active.enquiries' ? 'active.tendering' : status;
    case 'SubmissionPeriodEnded':
      return status === 'active.enquiries' || status === 'active.tendering' ? 'active.awaiting_opening' : status;
    case 'ProposalsOpened':
      return 'opened';
    case 'ProposalEvaluated':
      return 'evaluation';
    case 'EvaluationCompleted':
      return event.data.lots.some((lot) => lot.goesToAuction) ? 'auction' : 'evaluation';
    case 'TenderDeserted':
      return 'deserted';
    case 'LotAwarded':
      return 'awarded';
    case 'TenderContracted':
      return 'contracted';
    case 'TenderCompleted':
      return 'completed';
    case 'TenderCancelled':
      return 'cancelled';
    default:
      return status;
  }
}

/** An event of a tender's stream, among the events a read model folds (contracts', auctions'...). */
export const isTenderEvent = (event: { type: string }): event is TenderEvent =>
  (TENDER_EVENT_TYPES as readonly string[]).includes(event.type);

/**
 * The procedure's public status at `at`, what every screen shows a citizen: the enquiry period is over at
 * the questions deadline, and the submission period at the submission deadline, whether or not the clock's
 * `EnquiryPeriodEnded` / `SubmissionPeriodEnded` has been recorded yet (the deadlines are published; the clock
 * event may come late). Every other status changes only with an event.
 */
export function publicStatus<S extends ProcedureStatus>(
  procedure: {
    status: S;
    schedule: { questionsDeadline: IsoDateTime; submissionDeadline?: IsoDateTime } | null | undefined;
  },
  at: Date,
): S | 'active.tendering' | 'active.awaiting_opening' {
  const { status, schedule } = procedure;
  if ((status !== 'active.enquiries' && status !== 'active.tendering') || !schedule) return status;
  const passed = (deadline: IsoDateTime | undefined) => deadline !== undefined && at.getTime() >= Date.parse(deadline);
  if (passed(schedule.submissionDeadline)) return 'active.awaiting_opening';
  if (passed(schedule.questionsDeadline)) return 'active.tendering';
  return status;
}
