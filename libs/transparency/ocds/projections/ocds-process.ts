import type { AuctionClosed, AuctionScheduled } from '@licita/auctions';
import type { Money } from '@licita/shared';
import {
  isTenderEvent,
  publicOpening,
  statusAfter,
  type MultiYearTerms,
  type ProcedureStatus,
} from '@licita/tendering';
import { applyImplementation, type ImplementationEvent, type ImplementationFacts } from './ocds-implementation';
import type {
  AwardBasis,
  ContractEvent,
  ContractItem,
  DocumentRef,
  SubmissionPeriodRule,
  TenderContent,
  TenderEvent,
} from '@licita/tendering';

/**
 * One OCDS contracting process (ocid = prefix + tender id): the facts its releases are rendered from
 * (ocds-release.ts), folded from the tender's stream, its contracts' streams and its lots' auctions.
 *
 * Sealed proposals: before the opening act this holds only the ids of the live proposals (for a count), never a
 * bidder or an amount; `ProposalSubmitted` carries the supplier, and it is dropped here on purpose.
 */
export type OcdsSourceEvent = TenderEvent | ContractEvent | AuctionScheduled | AuctionClosed | ImplementationEvent;

export type OcdsLotStatus = 'active' | 'complete' | 'unsuccessful' | 'cancelled';
export type OcdsAmendment = {
  id: string;
  date: string;
  rationale: string;
  description: string;
  amendsReleaseID: string | null;
  releaseID: string;
};

export type OpenedBid = {
  proposalId: string;
  supplierId: string;
  submittedAt: string;
  /** `amount` is null while the offer stays sealed until the lot's auction closes. */
  offers: Array<{ lotId: string; amount: Money | null }>;
  /**
   * The amounts of those sealed offers, kept to be published with the lot's award (after its auction closed);
   * never rendered before (ocds-release.ts reads `offers` only).
   */
  sealedOffers?: Array<{ lotId: string; amount: Money }>;
};

export type AwardFacts = {
  id: string;
  lotId: string;
  status: 'pending' | 'active' | 'cancelled';
  date: string;
  supplierId: string;
  amount: Money;
  proposalId: string | null;
  basis: AwardBasis;
  auctionId: string | null;
};

export type ContractClosing = {
  outcome: 'completed' | 'early_termination' | 'rescission';
  at: string;
  reason: string | null;
};

/** A document published with a step of the process (OCDS `documentType` from its codelist), and when. */
export type PublishedDocument = DocumentRef & { documentType: string; datePublished: string };

export type ContractFacts = {
  contractId: string;
  lotId: string;
  awardId: string;
  status: 'active' | 'terminated';
  dateSigned: string;
  period: { startDate: string; endDate: string } | null;
  amount: Money;
  items: ContractItem[] | null;
  amendments: OcdsAmendment[];
  closing: ContractClosing | null;
  /** The signed contract and its annexes, then the amendments'; absent on processes folded before them. */
  documents?: PublishedDocument[];
  /** Deliveries, payments and receipts' documents (ocds-implementation.ts); absent before the first of them. */
  implementation?: ImplementationFacts;
  /** A multi-year contract's amounts per fiscal year, as signed or last amended; absent on any other contract. */
  multiYear?: MultiYearTerms;
  /** A consolidated purchase: the participating unit whose own contract this is; absent on any other contract. */
  buyingUnitId?: string;
};

export type AuctionFacts = {
  auctionId: string;
  lotId: string;
  startsAt: string;
  endsAt: string;
  minimalStep: Money | null;
  closed: boolean;
};

export type OcdsProcess = {
  tenderId: string;
  /** The procedure number (`ProcedureNumberAssigned`), OCDS `tender.id` when there is one; absent before numbers. */
  number?: string | null;
  /** The procedure's status by the one rule every screen shares (`statusAfter`); `ocdsTenderStatus` maps it. */
  status: ProcedureStatus;
  content: TenderContent | null;
  /** The call's publication; `null` for a direct award, which has none. */
  publishedAt: string | null;
  /** Public from the call's publication (or a direct award's award): drafts are the buying unit's own. */
  isPublic: boolean;
  /** The legal rule the submission period was checked against (`TenderPublished`); absent before the legal calendar. */
  submissionPeriod?: SubmissionPeriodRule & { appliedMinimumDays: number };
  questionsAsked: number;
  /** The answers' and clarification minutes' documents; absent on processes folded before them. */
  clarificationDocuments?: PublishedDocument[];
  amendments: OcdsAmendment[];
  liveProposalIds: string[];
  opening: { openedAt: string; bids: OpenedBid[] } | null;
  /** `<proposalId>|<lotId>` → compliant. */
  evaluations: Record<string, boolean>;
  evaluationCompleted: boolean;
  lots: Record<string, OcdsLotStatus>;
  auctions: AuctionFacts[];
  awards: AwardFacts[];
  contracts: ContractFacts[];
  cancellation: { at: string; reason: string } | null;
};

/** The ids of the release being written (for amendments' `releaseID`) and of the one before it. */
export type ReleaseIds = { releaseId: string; previousReleaseId: string | null };

export const newProcess = (tenderId: string): OcdsProcess => ({
  tenderId,
  status: 'none',
  content: null,
  publishedAt: null,
  isPublic: false,
  questionsAsked: 0,
  amendments: [],
  liveProposalIds: [],
  opening: null,
  evaluations: {},
  evaluationCompleted: false,
  lots: {},
  auctions: [],
  awards: [],
  contracts: [],
  cancellation: null,
});

/** The release tags an event calls for; `[]`: nothing a release shows changed (or not yet public). */
export function tagsFor(event: OcdsSourceEvent, before: OcdsProcess): string[] {
  switch (event.type) {
    case 'TenderPublished':
      return ['tender'];
    case 'TenderAmended':
    case 'SubmissionDeadlineExtended':
      return ['tenderAmendment'];
    case 'ClarificationMinutesPublished':
    case 'QuestionAnswered':
      return event.data.documents?.length ? ['tenderUpdate'] : [];
    case 'ProposalsOpened':
    case 'EvaluationCompleted':
    case 'TenderDeserted':
    case 'AuctionScheduled':
    case 'AuctionClosed':
      return ['tenderUpdate'];
    case 'LotDeserted':
      return event.data.reason === 'award_annulled' ? ['awardCancellation'] : ['tenderUpdate'];
    case 'LotAwarded':
      return event.data.basis === 'direct_award' ? ['tender', 'award'] : ['award'];
    case 'AwardRevised':
      return ['award', 'awardCancellation'];
    case 'ObjectionPeriodEnded':
      return ['awardUpdate'];
    case 'TenderCancelled':
      return before.awards.some(isLive) ? ['tenderCancellation', 'awardCancellation'] : ['tenderCancellation'];
    case 'ContractSigned':
      return ['contract'];
    case 'ContractAmended':
      return ['contractAmendment'];
    case 'ContractCompleted':
    case 'ContractTerminated':
      return ['contractTermination'];
    case 'DeliveryScheduled':
    case 'DeliveryReceived':
    case 'PaymentRecorded':
      return ['implementation'];
    default:
      return [];
  }
}

export function applyToProcess(process: OcdsProcess, event: OcdsSourceEvent, ids: ReleaseIds): OcdsProcess {
  const next = applyFacts(process, event, ids);
  const status = isTenderEvent(event) ? statusAfter(process.status, event) : process.status;
  return status === next.status ? next : { ...next, status };
}

/** The OCDS `tender.status` (its code list, not ours) of a procedure's status (`statusAfter`). */
export const ocdsTenderStatus = (status: ProcedureStatus): string => OCDS_TENDER_STATUS[status];

const OCDS_TENDER_STATUS: Record<ProcedureStatus, string> = {
  none: 'planning',
  draft: 'planning',
  'active.enquiries': 'active',
  'active.tendering': 'active',
  'active.awaiting_opening': 'active',
  opened: 'active',
  evaluation: 'active',
  auction: 'active',
  awarded: 'complete',
  contracted: 'complete',
  completed: 'complete',
  deserted: 'unsuccessful',
  cancelled: 'cancelled',
};

/** The data of each event the process folds, by its type. */
type FactsData = { [E in OcdsSourceEvent as E['type']]: E['data'] };
type FactsType = keyof FactsData;
type FactsStep<T extends FactsType> = (process: OcdsProcess, data: FactsData[T], ids: ReleaseIds) => OcdsProcess;
/** One step per event type; a type without one changes no fact (the same process back). */
type FactsSteps = { [T in FactsType]?: FactsStep<T> };

function applyFacts(process: OcdsProcess, event: OcdsSourceEvent, ids: ReleaseIds): OcdsProcess {
  return applyStep(process, event.type, event.data, ids);
}

function applyStep<T extends FactsType>(
  process: OcdsProcess,
  type: T,
  data: FactsData[T],
  ids: ReleaseIds,
): OcdsProcess {
  const step: FactsStep<T> | undefined = FACTS_STEPS[type];
  return step ? step(process, data, ids) : process;
}

/** The call: its content, publication, enquiries and amendments. */
const CALL_STEPS: FactsSteps = {
  TenderCreated: (process, { content }) => ({ ...process, content, lots: activeLots(content) }),
  TenderDraftUpdated: (process, { changes }) => {
    const content = { ...(process.content as TenderContent), ...changes };
    return { ...process, content, lots: activeLots(content) };
  },
  ProcedureNumberAssigned: (process, { number }) => ({ ...process, number }),
  TenderPublished: (process, { publishedAt, schedule, submissionPeriod }) => ({
    ...process,
    isPublic: true,
    publishedAt,
    content: { ...(process.content as TenderContent), schedule },
    ...(submissionPeriod === undefined ? {} : { submissionPeriod }),
  }),
  QuestionAsked: (process) => ({ ...process, questionsAsked: process.questionsAsked + 1 }),
  QuestionAnswered: (process, { documents = [], answeredAt }) =>
    withClarificationDocuments(process, documents, answeredAt),
  ClarificationMinutesPublished: (process, { documents, publishedAt }) =>
    withClarificationDocuments(process, documents, publishedAt),
  TenderAmended: (process, { amendmentId, reason, changes, amended, amendedAt }, ids) => {
    const content = { ...(process.content as TenderContent), ...amended };
    const amendment = ocdsAmendment(amendmentId, amendedAt, reason, changes, ids);
    // Amendments come before the deadline, while every lot is still active.
    return { ...process, content, lots: activeLots(content), amendments: [...process.amendments, amendment] };
  },
  SubmissionDeadlineExtended: (process, { submissionDeadline, openingDate, awardDate }) => {
    const content = process.content as TenderContent;
    return {
      ...process,
      content: {
        ...content,
        schedule: content.schedule && { ...content.schedule, submissionDeadline, openingDate, awardDate },
      },
    };
  },
};

function withClarificationDocuments(process: OcdsProcess, documents: DocumentRef[], at: string): OcdsProcess {
  if (documents.length === 0) return process;
  const published = documents.map((doc) => ({ ...doc, documentType: 'clarifications', datePublished: at }));
  return { ...process, clarificationDocuments: [...(process.clarificationDocuments ?? []), ...published] };
}

/** The documents of a contract's signature or amendment: the first of a signature is the signed contract. */
const contractDocuments = (documents: DocumentRef[] = [], at: string, signing: boolean): PublishedDocument[] =>
  documents.map((doc, index) => ({
    ...doc,
    documentType: signing && index === 0 ? 'contractSigned' : 'contractAnnexe',
    datePublished: at,
  }));

/** Proposals (sealed: only their ids, then opened) and their evaluation. */
const PROPOSAL_STEPS: FactsSteps = {
  ProposalSubmitted: (process, { proposalId }) => withLiveProposal(process, proposalId),
  ProposalReplaced: (process, { proposalId }) => withLiveProposal(process, proposalId),
  ProposalWithdrawn: (process, { proposalId }) => ({
    ...process,
    liveProposalIds: process.liveProposalIds.filter((id) => id !== proposalId),
  }),
  ProposalsOpened: (process, data) => {
    const { openedAt } = data;
    // A tender with a reverse auction: the bids are published without their offers (auction anonymity).
    const bids = publicOpening(data).map(({ proposalId, supplierId, submittedAt, offers, sealedLotIds = [] }) => {
      const full = data.proposals.find((p) => p.proposalId === proposalId)!.offers;
      return {
        proposalId,
        supplierId,
        submittedAt,
        offers: [...offers, ...sealedLotIds.map((lotId) => ({ lotId, amount: null }))],
        ...(sealedLotIds.length > 0
          ? { sealedOffers: full.filter((offer) => sealedLotIds.includes(offer.lotId)) }
          : {}),
      };
    });
    return { ...process, opening: { openedAt, bids } };
  },
  ProposalEvaluated: (process, { proposalId, lotId, compliant }) => ({
    ...process,
    evaluations: { ...process.evaluations, [`${proposalId}|${lotId}`]: compliant },
  }),
  EvaluationCompleted: (process) => ({ ...process, evaluationCompleted: true }),
};

const withLiveProposal = (process: OcdsProcess, proposalId: string): OcdsProcess => ({
  ...process,
  liveProposalIds: [...process.liveProposalIds.filter((id) => id !== proposalId), proposalId],
});

/** Awards and their revisions, desertion, contracting and cancellation as the tender's stream records them. */
const AWARD_STEPS: FactsSteps = {
  LotDeserted: (process, { lotId, reason }) => {
    const awards = reason === 'award_annulled' ? cancelCurrentAward(process.awards, lotId) : process.awards;
    return { ...process, awards, lots: { ...process.lots, [lotId]: 'unsuccessful' } };
  },
  LotAwarded: awardLot,
  AwardRevised: reviseAward,
  ObjectionPeriodEnded: (process, { lotId }) => ({ ...process, awards: activateCurrentAward(process.awards, lotId) }),
  LotContracted: (process, data) => ({
    ...process,
    awards: activateCurrentAward(process.awards, data.lotId),
    contracts: contractFromTender(process, data),
  }),
  LotContractClosed: (process, { contractId, outcome, closedAt }) => {
    // Normally the contract's own event came first; this only covers a contract stream the projection never saw.
    const ending = outcome === 'completed' ? 'completed' : 'early_termination';
    const closing = { outcome: ending, at: closedAt, reason: null } as const;
    return updateContract(process, contractId, (contract) =>
      contract.closing ? contract : { ...contract, status: 'terminated', closing },
    );
  },
  TenderCancelled: cancelTender,
};

function reviseAward(process: OcdsProcess, data: FactsData['AwardRevised']): OcdsProcess {
  const { lotId, proposalId, supplierId, amount, revisedAt } = data;
  const replaced = currentAward(process.awards, lotId);
  const revised: AwardFacts = {
    id: awardId(lotId, process.awards),
    lotId,
    status: 'pending',
    date: revisedAt,
    supplierId,
    amount,
    proposalId,
    basis: replaced?.basis ?? 'evaluation', // the next in the same ranking: from the evaluation or the auction
    auctionId: replaced?.auctionId ?? null,
  };
  return { ...process, awards: [...cancelCurrentAward(process.awards, lotId), revised] };
}

function cancelTender(process: OcdsProcess, { cancelledAt, reason }: FactsData['TenderCancelled']): OcdsProcess {
  const lots = Object.fromEntries(
    Object.entries(process.lots).map(([lotId, status]) => [lotId, status === 'unsuccessful' ? status : 'cancelled']),
  ) as Record<string, OcdsLotStatus>;
  const awards = process.awards.map((award) => (isLive(award) ? { ...award, status: 'cancelled' as const } : award));
  return { ...process, lots, awards, cancellation: { at: cancelledAt, reason } };
}

/** The events of the process's contracts' streams. */
const CONTRACT_STEPS: FactsSteps = {
  ContractSigned: signContract,
  ContractAmended: (process, data, ids) => {
    const { contractId, amendmentId, reason, changes, amount, items, endDate, amendedAt } = data;
    const amendment = ocdsAmendment(amendmentId, amendedAt, reason, changes, ids);
    return updateContract(process, contractId, (contract) => ({
      ...contract,
      amount,
      items,
      period: contract.period && { ...contract.period, endDate },
      ...(data.multiYear ? { multiYear: data.multiYear } : {}),
      amendments: [...contract.amendments, amendment],
      documents: [...(contract.documents ?? []), ...contractDocuments(data.documents, amendedAt, false)],
    }));
  },
  ContractCompleted: (process, { contractId, completedAt }) =>
    updateContract(process, contractId, (contract) => ({
      ...contract,
      status: 'terminated',
      closing: { outcome: 'completed', at: completedAt, reason: null },
    })),
  ContractTerminated: (process, { contractId, kind, terminatedAt, reason }) =>
    updateContract(process, contractId, (contract) => ({
      ...contract,
      status: 'terminated',
      closing: { outcome: kind, at: terminatedAt, reason },
    })),
};

/** The events of the lots' auctions' streams. */
const AUCTION_STEPS: FactsSteps = {
  AuctionScheduled: (process, { auctionId, lotId, startsAt, endsAt, minimumDecrement, currency }) => {
    const minimalStep = minimumDecrement.kind === 'absolute' ? { amount: minimumDecrement.amount, currency } : null;
    const auction = { auctionId, lotId, startsAt, endsAt, minimalStep, closed: false };
    return { ...process, auctions: [...process.auctions.filter((a) => a.auctionId !== auctionId), auction] };
  },
  AuctionClosed: (process, { auctionId, endsAt }) => ({
    ...process,
    auctions: process.auctions.map((a) => (a.auctionId === auctionId ? { ...a, endsAt, closed: true } : a)),
  }),
};

/** The events of the contracts' execution streams (libs/execution). */
const implementationStep =
  <T extends ImplementationEvent['type']>(type: T): FactsStep<T> =>
  (process, data) =>
    updateContract(process, data.contractId, (contract) => ({
      ...contract,
      implementation: applyImplementation(contract.implementation, { type, data } as ImplementationEvent),
    }));
const IMPLEMENTATION_STEPS: FactsSteps = {
  DeliveryScheduled: implementationStep('DeliveryScheduled'),
  DeliveryReceived: implementationStep('DeliveryReceived'),
  PaymentRecorded: implementationStep('PaymentRecorded'),
};

const FACTS_STEPS: FactsSteps = {
  ...IMPLEMENTATION_STEPS,
  ...CALL_STEPS,
  ...PROPOSAL_STEPS,
  ...AWARD_STEPS,
  ...CONTRACT_STEPS,
  ...AUCTION_STEPS,
};

/** An amendment of the tender or of a contract: the paths it changed, and the releases it amends and is in. */
function ocdsAmendment(
  id: string,
  date: string,
  rationale: string,
  changes: Array<{ path: string }>,
  ids: ReleaseIds,
): OcdsAmendment {
  const description = `Cambios en: ${[...new Set(changes.map((change) => change.path))].join(', ')}`;
  return { id, date, rationale, description, amendsReleaseID: ids.previousReleaseId, releaseID: ids.releaseId };
}

/** The parties a process names at this point: its buying unit and every supplier that bid, was awarded or contracted. */
export function supplierIdsOf(process: OcdsProcess): string[] {
  const ids = new Set<string>();
  for (const bid of process.opening?.bids ?? []) ids.add(bid.supplierId);
  for (const award of process.awards) ids.add(award.supplierId);
  return [...ids];
}

export const isLive = (award: AwardFacts) => award.status !== 'cancelled';

export const currentAward = (awards: AwardFacts[], lotId: string): AwardFacts | undefined =>
  awards.filter((a) => a.lotId === lotId && isLive(a)).at(-1);

const activeLots = (content: TenderContent): Record<string, OcdsLotStatus> =>
  Object.fromEntries(content.lots.map((lot) => [lot.lotId, 'active' as const]));

/** `lot-1-award-1`, `lot-1-award-2` after a revision: one id per award decision, never reused. */
const awardId = (lotId: string, awards: AwardFacts[]) =>
  `${lotId}-award-${awards.filter((a) => a.lotId === lotId).length + 1}`;

function awardLot(process: OcdsProcess, data: Extract<TenderEvent, { type: 'LotAwarded' }>['data']): OcdsProcess {
  const { lotId, supplierId, amount, proposalId, basis, auctionId, awardedAt, objectionPeriodEndsAt } = data;
  const award: AwardFacts = {
    id: awardId(lotId, process.awards),
    lotId,
    status: objectionPeriodEndsAt === null ? 'active' : 'pending',
    date: awardedAt,
    supplierId,
    amount,
    proposalId,
    basis,
    auctionId,
  };
  return {
    ...process,
    isPublic: true,
    opening: process.opening && { ...process.opening, bids: process.opening.bids.map((bid) => unseal(bid, lotId)) },
    awards: [...process.awards, award],
    lots: { ...process.lots, [lotId]: 'complete' },
  };
}

/**
 * A lot's award comes after its auction closed (the tender records the auction's result with it): the offers
 * sealed until then are published, as the ledger reveals the opening act with the first award.
 */
function unseal(bid: OpenedBid, lotId: string): OpenedBid {
  const sealed = bid.sealedOffers?.find((offer) => offer.lotId === lotId);
  if (!sealed) return bid;
  const { sealedOffers = [], ...plain } = bid;
  const rest = sealedOffers.filter((offer) => offer !== sealed);
  return {
    ...plain,
    offers: bid.offers.map((offer) => (offer.lotId === lotId && offer.amount === null ? sealed : offer)),
    ...(rest.length > 0 ? { sealedOffers: rest } : {}),
  };
}

function cancelCurrentAward(awards: AwardFacts[], lotId: string): AwardFacts[] {
  const current = currentAward(awards, lotId);
  return awards.map((award) => (award === current ? { ...award, status: 'cancelled' } : award));
}

function activateCurrentAward(awards: AwardFacts[], lotId: string): AwardFacts[] {
  const current = currentAward(awards, lotId);
  return awards.map((award) => (award === current ? { ...award, status: 'active' } : award));
}

/** The tender records the signature before the contract's stream does; either may come first to the projection. */
function contractFromTender(
  process: OcdsProcess,
  data: Extract<TenderEvent, { type: 'LotContracted' }>['data'],
): ContractFacts[] {
  if (process.contracts.some((contract) => contract.contractId === data.contractId)) return process.contracts;
  const award = currentAward(process.awards, data.lotId);
  const contract: ContractFacts = {
    contractId: data.contractId,
    lotId: data.lotId,
    awardId: award?.id ?? `${data.lotId}-award-1`,
    status: 'active',
    dateSigned: data.contractedAt,
    period: null,
    amount: data.amount,
    items: null,
    amendments: [],
    closing: null,
  };
  return [...process.contracts, contract];
}

function signContract(
  process: OcdsProcess,
  data: Extract<ContractEvent, { type: 'ContractSigned' }>['data'],
): OcdsProcess {
  const existing = process.contracts.find((contract) => contract.contractId === data.contractId);
  const signed: ContractFacts = {
    contractId: data.contractId,
    lotId: data.lotId,
    awardId: existing?.awardId ?? currentAward(process.awards, data.lotId)?.id ?? `${data.lotId}-award-1`,
    status: existing?.status ?? 'active',
    dateSigned: data.signedAt,
    period: { startDate: data.startDate, endDate: data.endDate },
    amount: data.amount,
    items: data.items,
    amendments: existing?.amendments ?? [],
    closing: existing?.closing ?? null,
    documents: [...contractDocuments(data.documents, data.signedAt, true), ...(existing?.documents ?? [])],
    ...(data.multiYear ? { multiYear: existing?.multiYear ?? data.multiYear } : {}),
    ...(process.content?.consolidation ? { buyingUnitId: data.buyingUnitId } : {}),
  };
  return {
    ...process,
    contracts: existing ? process.contracts.map((c) => (c === existing ? signed : c)) : [...process.contracts, signed],
  };
}

function updateContract(
  process: OcdsProcess,
  contractId: string,
  change: (contract: ContractFacts) => ContractFacts,
): OcdsProcess {
  return {
    ...process,
    contracts: process.contracts.map((contract) => (contract.contractId === contractId ? change(contract) : contract)),
  };
}
