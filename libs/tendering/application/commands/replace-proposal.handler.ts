import { CommandHandler } from '@nestjs/cqrs';
import type { ProposalReceipt } from '../../domain/sealing';
import { TenderMessage } from '../tender-writer';
import { SubmitProposalHandler, type ProposalInput } from './submit-proposal.handler';

/** A supplier's new version of its own proposal, before the deadline; the answer is a new receipt. */
export class ReplaceProposal extends TenderMessage<ProposalInput, ProposalReceipt> {}

/** Sealed exactly like a submission (SubmitProposalHandler); the decider keeps the proposal's id and owner. */
@CommandHandler(ReplaceProposal)
export class ReplaceProposalHandler extends SubmitProposalHandler {
  protected override readonly type = 'ReplaceProposal';
}
