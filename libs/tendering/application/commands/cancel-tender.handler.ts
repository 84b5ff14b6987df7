import { CommandHandler } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import { SendToTender, TenderMessage } from '../tender-writer';

/** Cancels the procedure, with its reason (any time before a contract is signed). */
export class CancelTender extends TenderMessage<C.CancelTender> {}

@CommandHandler(CancelTender)
export class CancelTenderHandler extends SendToTender {}
