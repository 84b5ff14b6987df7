import { CommandHandler } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import { SendToTender, TenderMessage } from '../tender-writer';

/** The buyer's evaluation of an opened proposal for one lot (again replaces it until the evaluation is completed). */
export class EvaluateProposal extends TenderMessage<C.EvaluateProposal> {}

@CommandHandler(EvaluateProposal)
export class EvaluateProposalHandler extends SendToTender {}
