import type { LotEvaluation, OpenedProposal } from './tender.events';
import type { ProposalContent } from './tender.types';

/**
 * Auction anonymity (issue #16, point 3). A reverse auction shows each anonymous label's price from its first
 * second (its opening price), so whoever knows the opening offers by name knows who is behind each label. The
 * one rule: in a tender that calls for a reverse auction, the economic offers stay sealed from the public from
 * the opening act until the lot's auction has closed and its result is part of the procedure. The opening act
 * shows who submitted, for which lots, when, and the commitment, never an amount, a unit price, an economic
 * document or the salt (with the salt the commitment could be brute-forced over plausible prices); the
 * evaluation shows who is non-compliant but no price ranking of a lot that goes to auction (its order is the
 * auction's starting order). The buyer of the tender's unit, who must evaluate the offers, still sees them.
 *
 * The decider marks the events it writes under this rule (`offersSealedUntilAuction`), so every reader, the
 * ledger's public form included, applies the same rule to the event alone; events written before the rule keep
 * the form they were published with.
 */
export const sealsOffersUntilAuction = (content: { reverseAuction: boolean }): boolean => content.reverseAuction;

/** A lot's state as the sealing rule needs it: whether the evaluation is over, and where the lot stands. */
export type LotSealingFacts = {
  reverseAuction: boolean;
  opened: boolean;
  evaluationCompleted: boolean;
  /** `auction` until the auction's result is recorded with the award. */
  lotStatus: string;
};

/** Whether a lot's economic offers are still sealed from the public (see `sealsOffersUntilAuction`). */
export const lotOffersSealed = (facts: LotSealingFacts): boolean =>
  facts.reverseAuction && facts.opened && (!facts.evaluationCompleted || facts.lotStatus === 'auction');

/** An opened proposal as the public reads it: without the offers of the sealed lots, without content if any is. */
export type PublicOpenedProposal = Omit<OpenedProposal, 'content'> & {
  content: ProposalContent | null;
  /** The lots whose offers this proposal keeps sealed until their auction closes. */
  sealedLotIds?: string[];
};

export function publicOpenedProposal(
  proposal: OpenedProposal,
  sealed: (lotId: string) => boolean,
): PublicOpenedProposal {
  const sealedLotIds = proposal.lotIds.filter(sealed);
  if (sealedLotIds.length === 0) return proposal;
  return {
    ...proposal,
    offers: proposal.offers.filter((offer) => !sealed(offer.lotId)),
    content: null,
    sealedLotIds,
  };
}

/** The proposals of a `ProposalsOpened` event as the public may read them when the event was written. */
export const publicOpening = (data: {
  proposals: OpenedProposal[];
  offersSealedUntilAuction?: boolean;
}): PublicOpenedProposal[] =>
  data.offersSealedUntilAuction ? data.proposals.map((p) => publicOpenedProposal(p, () => true)) : data.proposals;

/** A lot's evaluation as the public may read it: no price ranking while the lot's auction is to come. */
export const publicLotEvaluation = (
  lot: LotEvaluation,
  offersSealedUntilAuction: boolean | undefined,
): LotEvaluation => (offersSealedUntilAuction && lot.goesToAuction ? { ...lot, ranking: [] } : lot);
