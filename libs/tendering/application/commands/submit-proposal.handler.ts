import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { conflict } from '@licita/shared';
import { checkProposalContent } from '../../domain/proposal-content';
import {
  proposalReceipt,
  randomIv,
  randomSalt,
  saltForRequest,
  sealProposal,
  type ProposalReceipt,
} from '../../domain/sealing';
import type { ProposalContent } from '../../domain/tender.types';
import { TenderKeyStore } from '../tender-keys';
import { TenderMessage, TenderWriter } from '../tender-writer';

/** What a supplier sends: its offer per lot and its documents. The handler adds who, the currency and the salt. */
export type ProposalInput = Pick<ProposalContent, 'tenderId' | 'proposalId' | 'lots' | 'documents'>;

/** A supplier's sealed proposal; the answer is its receipt (commitment and submission time, both published). */
export class SubmitProposal extends TenderMessage<ProposalInput, ProposalReceipt> {}

/**
 * Seals a proposal: checks the content against the tender (normalized, with a fresh random salt, or one derived
 * from the request's Idempotency-Key so that a retried request is recognised as the same proposal), encrypts
 * it with the tender's data key under a fresh IV, and sends the decider only the commitment and the sealed
 * box, with the supplier's standing at `now`.
 */
@CommandHandler(SubmitProposal)
export class SubmitProposalHandler implements ICommandHandler<SubmitProposal> {
  protected readonly type: 'SubmitProposal' | 'ReplaceProposal' = 'SubmitProposal';

  constructor(
    private readonly tenders: TenderWriter,
    private readonly keys: TenderKeyStore,
  ) {}

  async execute({ command: input, principal, context }: SubmitProposal): Promise<ProposalReceipt> {
    const { type } = this;
    const { tenderId } = input;
    const supplierId = principal.kind === 'account' ? principal.supplierId : undefined;
    let proposalId = input.proposalId;
    const outcome = await this.tenders.decide(tenderId, context, async (state) => {
      const tender = { tenderId, content: this.tenders.authorize(state, type, principal, { supplierId }) };
      if (state.tenderKeyId === null) {
        throw conflict('tender.invalid_transition', `${type} is not possible while the tender is ${state.status}`, {
          status: state.status,
          command: type,
        });
      }
      const dataKey = await this.keys.dataKey(state.tenderKeyId);
      const salt = context.idempotencyKey ? saltForRequest(dataKey, context.idempotencyKey) : randomSalt();
      const { currency } = tender.content;
      const content = checkProposalContent({ ...input, supplierId: supplierId as string, currency, salt }, tender);
      const sealed = sealProposal(content, dataKey, randomIv(), state.tenderKeyId);
      const supplier = await this.tenders.standingOf(content.supplierId, context.now);
      proposalId = content.proposalId;
      return { type, tenderId, proposalId, supplier, lotIds: content.lots.map((offer) => offer.lotId), ...sealed };
    });
    return proposalReceipt({ tenderId, ...outcome.state.proposals[proposalId] });
  }
}
