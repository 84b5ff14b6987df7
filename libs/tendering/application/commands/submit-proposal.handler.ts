import { CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
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
import { proposalSigningMessage, type ProposalSignature } from '../../domain/efirma';
import type { ProposalContent, TenderContent } from '../../domain/tender.types';
import { EfirmaVerifier, type EfirmaInput } from '../efirma-verifier';
import { assertProposalFilesFit } from '../proposal-files';
import { TenderKeyStore } from '../tender-keys';
import { TenderMessage, TenderWriter } from '../tender-writer';

/**
 * What a supplier sends: its offer per lot and its documents. The handler adds who, the currency and, unless the
 * supplier chose it (to compute the commitment it signs with e.firma), the salt.
 */
export type ProposalInput = Pick<ProposalContent, 'tenderId' | 'proposalId' | 'lots' | 'documents'> & {
  salt?: string;
  efirma?: EfirmaInput;
};

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
    private readonly efirma: EfirmaVerifier,
    private readonly queries: QueryBus,
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
      const salt =
        input.salt ?? (context.idempotencyKey ? saltForRequest(dataKey, context.idempotencyKey) : randomSalt());
      const { currency } = tender.content;
      const { lots, documents } = input;
      const content = checkProposalContent(
        { tenderId, proposalId: input.proposalId, supplierId: supplierId as string, currency, lots, documents, salt },
        tender,
      );
      await assertProposalFilesFit(this.queries, content.documents, tenderId, supplierId);
      const sealed = sealProposal(content, dataKey, randomIv(), state.tenderKeyId);
      const supplier = await this.tenders.standingOf(content.supplierId, context.now);
      const signature = await this.signatureOf(input.efirma, tender.content, content, sealed.commitment, context.now);
      proposalId = content.proposalId;
      const lotIds = content.lots.map((offer) => offer.lotId);
      return { type, tenderId, proposalId, supplier, lotIds, ...sealed, ...(signature ? { signature } : {}) };
    });
    return proposalReceipt({ tenderId, ...outcome.state.proposals[proposalId] });
  }

  /**
   * The supplier's e.firma on the commitment, verified; none if it sent none (the decider refuses that with
   * `efirma.required` when the tender requires signed proposals, unless signatures cannot be verified here at all).
   */
  private async signatureOf(
    efirma: EfirmaInput | undefined,
    tender: TenderContent,
    content: ProposalContent,
    commitment: string,
    now: Date,
  ): Promise<ProposalSignature | undefined> {
    if (!efirma) {
      if (tender.requireProposalSignature === true) this.efirma.assertConfigured();
      return undefined;
    }
    return this.efirma.verify({
      ...efirma,
      message: proposalSigningMessage(content.tenderId, content.proposalId, commitment),
      supplierRfc: (await this.tenders.rfcOf(content.supplierId)) ?? '',
      now,
    });
  }
}
