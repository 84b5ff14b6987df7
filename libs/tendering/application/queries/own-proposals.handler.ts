import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CommandExecutor } from '@licita/event-store';
import { notFound } from '@licita/shared';
import { openProposal } from '../../domain/sealing';
import { tenderDecider } from '../../domain/tender.decider';
import { tenderStream } from '../../domain/tender.events';
import type { IsoDateTime, ProposalContent } from '../../domain/tender.types';
import { TenderKeyStore } from '../tender-keys';

export type OwnProposal = {
  proposalId: string;
  lotIds: string[];
  commitment: string;
  submittedAt: IsoDateTime;
  withdrawn: boolean;
  /** As the supplier sealed it (decrypted for its owner only). */
  content: ProposalContent;
};

/** The proposals a supplier submitted to a tender, decrypted for that supplier alone. */
export class OwnProposals extends Query<OwnProposal[]> {
  constructor(
    readonly tenderId: string,
    readonly supplierId: string,
  ) {
    super();
  }
}

/** From the tender's stream (sealed proposals never enter a read model), before and after the opening act. */
@QueryHandler(OwnProposals)
export class OwnProposalsHandler implements IQueryHandler<OwnProposals> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly keys: TenderKeyStore,
  ) {}

  async execute({ tenderId, supplierId }: OwnProposals): Promise<OwnProposal[]> {
    const { state } = await this.executor.load(tenderStream(tenderId), tenderDecider);
    if (state.content === null || state.status === 'draft')
      throw notFound('tender.not_found', `there is no tender ${tenderId}`);
    const own = Object.values(state.proposals).filter((proposal) => proposal.supplierId === supplierId);
    if (own.length === 0 || state.tenderKeyId === null) return []; // a direct award takes no proposals
    const key = await this.keys.dataKey(state.tenderKeyId);
    return own.map(({ proposalId, lotIds, commitment, submittedAt, withdrawn, sealed }) => ({
      proposalId,
      lotIds,
      commitment,
      submittedAt,
      withdrawn,
      content: openProposal(sealed, key) as ProposalContent,
    }));
  }
}
