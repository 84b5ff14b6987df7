import { openProposal } from '../../domain/sealing';
import { activeProposals, scheduleOf, statusAt, type TenderState } from '../../domain/tender.state';
import type { ProposalContent } from '../../domain/tender.types';
import { TenderKeyStore } from '../tender-keys';
import { factGatheringHandler } from '../tender-fact-handler';
import { TenderMessage } from '../tender-writer';

/** The opening act. */
export class OpenProposals extends TenderMessage<{ tenderId: string }> {}

/**
 * The tender's data key is unwrapped only when the act is due (the right status, at or after the opening
 * date): every live proposal is decrypted and all are revealed in one event, which the decider accepts only if
 * each hashes to the commitment published at its submission. Not due, the decider refuses it, saying why.
 */
export const OpenProposalsHandler = factGatheringHandler(
  OpenProposals,
  'OpenProposals',
  TenderKeyStore,
  async (keys, { state }, { command: { tenderId }, context }) => {
    if (!openingDue(state, context.now) || state.tenderKeyId === null)
      return { type: 'OpenProposals', tenderId, revealed: [] };
    const key = await keys.dataKey(state.tenderKeyId);
    const revealed = activeProposals(state).map((p) => ({
      proposalId: p.proposalId,
      content: openProposal(p.sealed, key) as ProposalContent,
    }));
    return { type: 'OpenProposals', tenderId, revealed };
  },
);

/** The opening act may be held: the tender takes or took proposals, and the opening date has come. */
function openingDue(state: TenderState, now: Date): boolean {
  const status = statusAt(state, now);
  return (
    (status === 'active.enquiries' || status === 'active.tendering' || status === 'active.awaiting_opening') &&
    now.getTime() >= Date.parse(scheduleOf(state).openingDate)
  );
}
