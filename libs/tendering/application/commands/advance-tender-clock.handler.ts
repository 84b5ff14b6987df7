import { CommandHandler } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import { SendToTender, TenderMessage } from '../tender-writer';

/** The durable scheduler's command (sent as `system`): records whatever became due by time. */
export class AdvanceTenderClock extends TenderMessage<C.AdvanceTenderClock> {}

@CommandHandler(AdvanceTenderClock)
export class AdvanceTenderClockHandler extends SendToTender {}
