import { CommandHandler } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import { SendToTender, TenderMessage } from '../tender-writer';

/** A supplier's question during the enquiry period (published without the asker). */
export class AskQuestion extends TenderMessage<C.AskQuestion> {}

@CommandHandler(AskQuestion)
export class AskQuestionHandler extends SendToTender {}
