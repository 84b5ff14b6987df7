import { CommandHandler } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import { SendToTender, TenderMessage } from '../tender-writer';

/** A draft's changes (the whole content is checked again); new or changed items have their classifier codes checked. */
export class UpdateTenderDraft extends TenderMessage<C.UpdateTenderDraft> {}

@CommandHandler(UpdateTenderDraft)
export class UpdateTenderDraftHandler extends SendToTender {}
