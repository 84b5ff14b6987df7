/**
 * Time travel on the public tender page (libs/ledger README, "Time travel"): the moments of a procedure come
 * from its public events in the ledger, and the tender at a moment from `GET /api/tenders/{id}?asOf=`, which
 * folds the tender's stream up to then with the same visibility rules as now (nothing sealed, no asker, no
 * bidder before the opening act). That answer is the parties' view; `tenderAsOf` turns it into the shape the
 * public page renders, borrowing from today's public record only what a past view cannot hold but is the same
 * at any moment (the names behind ids it already shows) or can be cut back to then (timeline, contracts).
 */
import { lineTotal } from './format';
import type { Money, PartyRef, PublicTender, TenderView } from './types';

/** One entry of `GET /api/ledger/events?stream=tender-<id>` (libs/ledger/verification/verify-bundle.ts). */
export type LedgerEntry = {
  leafIndex: number | null;
  position: string;
  leafHash: string | null;
  event: { position: string; type: string; metadata: { occurredAt?: string } } | null;
};

/** An instant of the procedure: the events one command recorded share it, and `asOf` cannot split them. */
export type Moment = { at: string; events: Array<{ type: string; position: string; leafHash: string | null }> };

/** Before its publication a tender is a draft the public cannot see: those events are no moment to show. */
const DRAFT_EVENTS = new Set(['TenderCreated', 'TenderDraftUpdated']);

/** The public moments of a tender, oldest first, from its ledger entries (in stream order). */
export function momentsOf(entries: LedgerEntry[]): Moment[] {
  const moments: Moment[] = [];
  let published = false;
  for (const { event, leafHash } of entries) {
    const at = event?.metadata.occurredAt;
    if (!event || !at) continue;
    published ||= event.type === 'TenderPublished';
    if (!published || DRAFT_EVENTS.has(event.type)) continue;
    const last = moments[moments.length - 1];
    const step = { type: event.type, position: event.position, leafHash };
    if (last && Date.parse(last.at) === Date.parse(at)) last.events.push(step);
    else moments.push({ at, events: [step] });
  }
  return moments;
}

/** The index of the moment shown at `asOf`: the last one at or before it (-1: before them all). */
export function momentIndex(moments: Moment[], asOf: string): number {
  const limit = Date.parse(asOf);
  let index = -1;
  moments.forEach((moment, i) => Date.parse(moment.at) <= limit && (index = i));
  return index;
}

/** `GET /api/tenders/{id}?asOf=`: the parties' view at that instant, as tendering folds it. */
export type PastTenderView = TenderView;

/** The public names of the parties today's record shows (a name does not depend on the moment looked at). */
function namesOf(now: PublicTender): Map<string, string | null> {
  const parties: PartyRef[] = [
    now.buyingUnit,
    ...(now.directAward?.supplier ? [now.directAward.supplier] : []),
    ...(now.opening?.proposals.map((p) => p.supplier) ?? []),
    ...(now.evaluation?.lots.flatMap((lot) => [
      ...lot.ranking.map((r) => r.supplier),
      ...lot.nonCompliant.map((n) => n.supplier),
    ]) ?? []),
    ...now.awards.map((a) => a.supplier),
    ...now.challenges.map((c) => c.supplier),
    ...now.contracts.map((c) => c.supplier),
  ];
  return new Map(parties.map((party) => [party.id, party.name]));
}

/** The tender as the public saw it at `asOf` (`past` is the API's answer for that instant), in the public page's shape. */
export function tenderAsOf(past: PastTenderView, asOf: string, now: PublicTender): PublicTender {
  const names = namesOf(now);
  const party = (id: string): PartyRef => ({ id, name: names.get(id) ?? null });
  const until = Date.parse(asOf);
  const byThen = (iso: string | null | undefined) => iso !== null && iso !== undefined && Date.parse(iso) <= until;
  const contractIds = new Set(
    past.lotResults.map((result) => result.contractId).filter((id): id is string => id !== null),
  );

  return {
    tenderId: past.tenderId,
    status: past.status,
    buyingUnit: party(past.buyingUnitId),
    title: past.title,
    description: past.description,
    category: past.category,
    procedureType: past.procedureType,
    awardCriterion: past.awardCriterion,
    reverseAuction: past.reverseAuction,
    currency: past.currency,
    value: past.estimatedTotal,
    lots: lotsAsOf(past),
    documents: past.documents,
    schedule: past.schedule,
    directAward: past.directAward && {
      supplier: past.directAward.supplierId ? party(past.directAward.supplierId) : null,
      justification: past.directAward.justification,
    },
    invitedSuppliers: past.invitedSupplierIds.length,
    publishedAt: past.publishedAt,
    // Fixed at publication: the present's rule is the rule of any moment after it.
    ...(byThen(past.publishedAt) && now.submissionPeriod ? { submissionPeriod: now.submissionPeriod } : {}),
    ...(past.timeAcceleration === undefined ? {} : { timeAcceleration: past.timeAcceleration }),
    clarifications: past.questions.map((q) => ({
      questionId: q.questionId,
      lotId: q.lotId,
      question: q.text,
      askedAt: q.askedAt,
      answer: q.answer,
      answeredAt: q.answeredAt,
    })),
    amendments: past.amendments.map((a) => ({
      amendmentId: a.amendmentId,
      reason: a.reason,
      amendedAt: a.amendedAt,
      changes: a.changes,
      deadlineExtendedTo: a.submissionDeadlineExtendedTo,
    })),
    proposalsReceived: past.opening ? past.opening.proposals.length : past.receipts.filter((r) => !r.withdrawn).length,
    opening: openingAsOf(past, party),
    evaluation: evaluationAsOf(past, party),
    auctions: auctionsAsOf(past, now),
    awards: awardsAsOf(past, party),
    challenges: past.challenges.map((c) => ({
      challengeId: c.challengeId,
      lotId: c.lotId,
      supplier: party(c.supplierId),
      grounds: c.grounds,
      challengedAt: c.challengedAt,
      resolution: c.resolution,
    })),
    contracts: now.contracts
      .filter((c) => contractIds.has(c.contractId))
      .map((contract) => contractAsOf(contract, byThen, past)),
    cancellation: past.cancellation,
    timeline: now.timeline.filter((entry) => byThen(entry.at)),
    // Red flags are judged on the whole record as it is today: there is no "as of" answer for them.
    redFlags: [],
  };
}

type PartyOf = (id: string) => PartyRef;

function lotsAsOf(past: PastTenderView): PublicTender['lots'] {
  const money = (amount: number): Money => ({ amount, currency: past.currency });
  const resultOf = (lotId: string) => past.lotResults.find((result) => result.lotId === lotId);
  return past.lots.map((lot) => ({
    lotId: lot.lotId,
    title: lot.title,
    value: lot.estimatedValue,
    status: resultOf(lot.lotId)?.status ?? 'active',
    desertionReason: resultOf(lot.lotId)?.desertionReason ?? null,
    items: lot.items.map((item) => ({
      itemId: item.itemId,
      classifierCode: item.classifierCode,
      description: item.description,
      quantity: item.quantity,
      unit: item.unit,
      unitValue: money(item.estimatedUnitPrice),
      estimatedValue: money(lineTotal(item.quantity, item.estimatedUnitPrice)),
    })),
  }));
}

function openingAsOf(past: PastTenderView, party: PartyOf): PublicTender['opening'] {
  return (
    past.opening && {
      openedAt: past.opening.openedAt,
      bidders: new Set(past.opening.proposals.map((p) => p.supplierId)).size,
      proposals: past.opening.proposals.map((p) => ({
        proposalId: p.proposalId,
        supplier: party(p.supplierId),
        submittedAt: p.submittedAt,
        commitment: p.commitment,
        lotIds: p.lotIds,
        offers: p.offers.map((offer) => ({ lotId: offer.lotId, value: offer.amount })),
        ...(p.sealedLotIds ? { sealedUntilAuction: p.sealedLotIds } : {}),
      })),
    }
  );
}

function evaluationAsOf(past: PastTenderView, party: PartyOf): PublicTender['evaluation'] {
  return past.evaluationCompletedAt
    ? {
        completedAt: past.evaluationCompletedAt,
        lots: past.lotResults.map((result) => ({
          lotId: result.lotId,
          goesToAuction: result.status === 'auction' || result.auctionId !== null,
          ranking: result.ranking.map((r) => ({
            rank: r.rank,
            proposalId: r.proposalId,
            supplier: party(r.supplierId),
            value: r.amount,
            technicalPoints: r.technicalPoints,
            score: r.score ?? null,
          })),
          nonCompliant: result.nonCompliant.map((n) => ({
            proposalId: n.proposalId,
            supplier: party(n.supplierId),
            reasons: n.reasons,
          })),
        })),
      }
    : null;
}

function awardsAsOf(past: PastTenderView, party: PartyOf): PublicTender['awards'] {
  const withAward = past.lotResults.filter((result) => result.award !== null);
  return withAward.map((result) => {
    const award = result.award!;
    return {
      lotId: result.lotId,
      supplier: party(award.supplierId),
      value: award.amount,
      basis: award.basis,
      auctionId: result.auctionId,
      awardedAt: award.awardedAt,
      objectionPeriodEndsAt: award.objectionPeriodEndsAt,
      status: 'active',
    };
  });
}

/**
 * The auctions of lots that had gone to auction by then; an auction's outcome only once the tender had
 * recorded its result (the live room and its bids are the auction's own stream, not the tender's).
 */
function auctionsAsOf(past: PastTenderView, now: PublicTender): PublicTender['auctions'] {
  return now.auctions.flatMap((auction) => {
    const result = past.lotResults.find((r) => r.lotId === auction.lotId);
    if (!result) return [];
    if (result.auctionId === auction.auctionId) return [auction];
    if (result.status !== 'auction') return [];
    return [{ ...auction, status: 'scheduled' as const, closedAt: null, ranking: [], finalPrice: null, savings: null }];
  });
}

/** A contract as it stood then: amendments made later undone, closed only if the tender had recorded it. */
function contractAsOf(
  contract: PublicTender['contracts'][number],
  byThen: (iso: string) => boolean,
  past: PastTenderView,
): PublicTender['contracts'][number] {
  const amendments = contract.amendments.filter((a) => byThen(a.amendedAt));
  const last = amendments[amendments.length - 1];
  const outcome = past.lotResults.find((r) => r.contractId === contract.contractId)?.contractOutcome ?? null;
  return {
    ...contract,
    amendments,
    value: last?.value ?? contract.originalValue,
    endDate: last?.endDate ?? signedEndDate(contract),
    status: outcome ?? 'active',
  };
}

type ChangedAmendment = { changes?: Array<{ path?: string; field?: string; before?: unknown }> };

/** The end date as signed: the `before` of the first amendment that moved it, or today's if none did. */
function signedEndDate(contract: PublicTender['contracts'][number]): string | null {
  for (const amendment of contract.amendments as Array<ChangedAmendment>) {
    const change = amendment.changes?.find((c) => (c.path ?? c.field) === 'endDate');
    if (change) return typeof change.before === 'string' ? change.before : null;
  }
  return contract.endDate;
}
