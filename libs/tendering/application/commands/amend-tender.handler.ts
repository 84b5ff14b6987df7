import { CommandHandler } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import { SendToTender, TenderMessage } from '../tender-writer';

/** An amendment of a published call, with its reason; within the notice days it extends the submission deadline. */
export class AmendTender extends TenderMessage<C.AmendTender> {}

@CommandHandler(AmendTender)
export class AmendTenderHandler extends SendToTender {}
