import { CommandHandler } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import { SendToTender, TenderMessage } from '../tender-writer';

/** A bidder's objection (inconformidad) to a lot's award within its objection period. */
export class ChallengeAward extends TenderMessage<C.ChallengeAward> {}

@CommandHandler(ChallengeAward)
export class ChallengeAwardHandler extends SendToTender {}
