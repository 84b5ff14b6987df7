import { CommandHandler } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import { SendToTender, TenderMessage } from '../tender-writer';

/** A supplier withdraws its own proposal before the submission deadline. */
export class WithdrawProposal extends TenderMessage<C.WithdrawProposal> {}

@CommandHandler(WithdrawProposal)
export class WithdrawProposalHandler extends SendToTender {}
