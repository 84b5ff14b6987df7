import { CommandHandler } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import { SendToTender, TenderMessage } from '../tender-writer';

/** Closes the evaluation: every lot ranked, deserted, or sent to its reverse auction. */
export class CompleteEvaluation extends TenderMessage<C.CompleteEvaluation> {}

@CommandHandler(CompleteEvaluation)
export class CompleteEvaluationHandler extends SendToTender {}
