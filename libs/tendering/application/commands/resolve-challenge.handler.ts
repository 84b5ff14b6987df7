import { CommandHandler } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import { SendToTender, TenderMessage } from '../tender-writer';

/** The auditor's resolution of a challenge; upheld, the award is revised or annulled. */
export class ResolveChallenge extends TenderMessage<C.ResolveChallenge> {}

@CommandHandler(ResolveChallenge)
export class ResolveChallengeHandler extends SendToTender {}
