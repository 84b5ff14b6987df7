import { CommandHandler } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import { SendToTender, TenderMessage } from '../tender-writer';

/** The buyer's answer, before the submission deadline. */
export class AnswerQuestion extends TenderMessage<C.AnswerQuestion> {}

@CommandHandler(AnswerQuestion)
export class AnswerQuestionHandler extends SendToTender {}
