import { CommandHandler } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import { SendToTender, TenderMessage } from '../tender-writer';

/** The minutes of a clarification meeting, between the publication and the submission deadline. */
export class PublishClarificationMinutes extends TenderMessage<C.PublishClarificationMinutes> {}

@CommandHandler(PublishClarificationMinutes)
export class PublishClarificationMinutesHandler extends SendToTender {}
