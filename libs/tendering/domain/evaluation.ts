import type { RankedProposal } from './tender.events';
import type { AwardCriterion, IsoDateTime } from './tender.types';

/** A compliant proposal for one lot, as the ranking sees it. */
export type CompliantBid = {
  proposalId: string;
  supplierId: string;
  /** Integer centavos. */
  amount: number;
  currency: string;
  submittedAt: IsoDateTime;
  technicalPoints: number | null;
};

/**
 * Ranks the compliant proposals of a lot, best first.
 *
 * - Lowest price (LAASSP art. 36, binary criterion): the lowest amount wins.
 * - Points and percentages (LAASSP art. 36): score = technical weight × technical points / 100
 *   + economic weight × lowest compliant amount / amount, rounded to two decimals; the highest score wins.
 *
 * Tie-break (the same for both, so the result never depends on input order):
 *   1. the lower amount (under points and percentages),
 *   2. the earlier submission (`submittedAt` of the proposal's last version: replacing a proposal takes the
 *      replacement's time),
 *   3. the supplier id, in code-unit order (only so the order is total; two submissions at the same
 *      millisecond are not expected).
 * The regulation (RLAASSP art. 54) breaks ties in favour of micro, then small, then medium enterprises, then
 * by a lottery (insaculación). The platform does not know enterprise sizes at evaluation yet and keeps the
 * rule deterministic; an auditor can revise an award challenged on that ground.
 */
export function rankLot(bids: CompliantBid[], criterion: AwardCriterion): RankedProposal[] {
  const scored = bids.map((bid) => ({ bid, score: scoreOf(bid, bids, criterion) }));
  scored.sort(
    (a, b) =>
      (b.score ?? 0) - (a.score ?? 0) ||
      a.bid.amount - b.bid.amount ||
      earlier(a.bid, b.bid) ||
      codeUnitOrder(a.bid.supplierId, b.bid.supplierId),
  );
  return scored.map(({ bid, score }, index) => ({
    rank: index + 1,
    proposalId: bid.proposalId,
    supplierId: bid.supplierId,
    amount: { amount: bid.amount, currency: bid.currency },
    submittedAt: bid.submittedAt,
    technicalPoints: bid.technicalPoints,
    score,
  }));
}

function scoreOf(bid: CompliantBid, bids: CompliantBid[], criterion: AwardCriterion): number | null {
  if (criterion.type === 'lowest_price') return null;
  const lowest = Math.min(...bids.map((b) => b.amount));
  const technical = (criterion.technicalWeight * (bid.technicalPoints ?? 0)) / 100;
  const economic = (criterion.economicWeight * lowest) / bid.amount;
  return Math.round((technical + economic) * 100) / 100;
}

const earlier = (a: CompliantBid, b: CompliantBid) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt);
const codeUnitOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
