/** The shapes the pages read from the API (a subset of each: only what is shown). */
export type Money = { amount: number; currency: string };
export type PartyRef = { id: string; name: string | null };
export type Page<T> = { items: T[]; nextCursor: string | null };

export type Schedule = {
  publicationDate: string;
  questionsDeadline: string;
  submissionDeadline: string;
  openingDate: string;
  awardDate: string;
};
/** What a procedure buys: so many units of a classifier code. */
export type Item = { itemId: string; classifierCode: string; description: string; quantity: number; unit: string };
/** A lot as the buyer drafted it: items at estimated unit prices. */
export type DraftLot = {
  lotId: string;
  title: string;
  items: Array<Item & { estimatedUnitPrice: number }>;
  estimatedValue: Money;
};
export type Question = {
  questionId: string;
  lotId: string | null;
  text: string;
  askedAt: string;
  answer: string | null;
  answeredAt: string | null;
};

export type TenderSummary = {
  tenderId: string;
  title: string;
  status: string;
  procedureType: string;
  category: string;
  buyingUnit: PartyRef;
  value: Money;
  awardedValue: Money;
  publishedAt: string;
  submissionDeadline: string | null;
  proposals: number;
  bidders: number | null;
  classifierCodes: string[];
  redFlags: string[];
};

export type RedFlag = {
  code: string;
  title: string;
  explanation: string;
  value: number;
  threshold: number;
  unit: string;
};
export type TimelineEntry = { at: string; event: string; key: string; text: string };

export type PublicTender = {
  tenderId: string;
  status: string;
  buyingUnit: PartyRef;
  title: string;
  description: string;
  category: string;
  procedureType: string;
  awardCriterion: { type: string; technicalWeight?: number; economicWeight?: number };
  reverseAuction: boolean;
  currency: string;
  value: Money;
  lots: Array<{
    lotId: string;
    title: string;
    value: Money;
    status: string;
    desertionReason: string | null;
    items: Array<Item & { unitValue: Money; estimatedValue: Money }>;
  }>;
  documents: Array<{ documentId: string; title: string; fileName: string; mediaType: string; sha256: string }>;
  schedule: Schedule | null;
  directAward: { supplier: PartyRef; justification: { article: string; text: string } } | null;
  invitedSuppliers: number;
  publishedAt: string | null;
  clarifications: Array<{
    questionId: string;
    lotId: string | null;
    question: string;
    askedAt: string;
    answer: string | null;
    answeredAt: string | null;
  }>;
  amendments: Array<{
    amendmentId: string;
    reason: string;
    amendedAt: string;
    changes: Array<{ field?: string; path?: string; before?: unknown; after?: unknown }>;
    deadlineExtendedTo: string | null;
  }>;
  proposalsReceived: number;
  opening: {
    openedAt: string;
    bidders: number;
    proposals: Array<{
      proposalId: string;
      supplier: PartyRef;
      submittedAt: string;
      commitment: string;
      lotIds: string[];
      offers: Array<{ lotId: string; value: Money }>;
    }>;
  } | null;
  evaluation: {
    completedAt: string;
    lots: Array<{
      lotId: string;
      goesToAuction: boolean;
      ranking: Array<{
        rank: number;
        proposalId: string;
        supplier: PartyRef;
        value: Money;
        technicalPoints: number | null;
        score: number | null;
      }>;
      nonCompliant: Array<{ proposalId: string; supplier: PartyRef; reasons: string[] }>;
    }>;
  } | null;
  auctions: Array<{
    auctionId: string;
    lotId: string;
    status: 'scheduled' | 'closed';
    startsAt: string;
    endsAt: string;
    participants: number;
    closedAt: string | null;
    ranking: Array<{ rank: number; supplier: PartyRef; openingPrice: Money; finalPrice: Money; bids: number }>;
    bestOpeningPrice: Money | null;
    finalPrice: Money | null;
    savings: { amount: Money; basisPoints: number } | null;
  }>;
  awards: Array<{
    lotId: string;
    supplier: PartyRef;
    value: Money;
    basis: string;
    auctionId: string | null;
    awardedAt: string;
    objectionPeriodEndsAt: string | null;
    status: string;
  }>;
  challenges: Array<{
    challengeId: string;
    lotId: string;
    supplier: PartyRef;
    grounds: string;
    challengedAt: string;
    resolution: { upheld: boolean; reason: string; resolvedAt: string } | null;
  }>;
  contracts: Array<{
    contractId: string;
    lotId: string;
    supplier: PartyRef;
    originalValue: Money;
    value: Money;
    startDate: string | null;
    endDate: string | null;
    signedAt: string;
    status: string;
    amendments: Array<{ amendmentId: string; reason: string; amendedAt: string; value: Money; endDate: string }>;
  }>;
  cancellation: { reason: string; cancelledAt: string } | null;
  timeline: TimelineEntry[];
  redFlags: RedFlag[];
};

/** GET /api/tenders/{id}: the parties' view (tendering), which the desks use. */
export type TenderView = {
  tenderId: string;
  status: string;
  buyingUnitId: string;
  title: string;
  description: string;
  procedureType: string;
  category: string;
  awardCriterion: { type: string };
  reverseAuction: boolean;
  currency: string;
  lots: DraftLot[];
  estimatedTotal: Money;
  schedule: Schedule | null;
  publishedAt: string | null;
  questions: Question[];
  receipts: Array<{ proposalId: string; commitment: string; submittedAt: string; withdrawn: boolean }>;
  opening: {
    openedAt: string;
    proposals: Array<{
      proposalId: string;
      supplierId: string;
      lotIds: string[];
      offers: Array<{ lotId: string; amount: Money }>;
    }>;
  } | null;
  evaluationCompletedAt: string | null;
  lotResults: Array<{
    lotId: string;
    status: string;
    ranking: Array<{ rank: number; proposalId: string; supplierId: string; amount: Money }>;
    nonCompliant: Array<{ proposalId: string; supplierId: string; reasons: string[] }>;
    auctionId: string | null;
    award: { proposalId: string | null; supplierId: string; amount: Money; basis: string; awardedAt: string } | null;
    contractId: string | null;
  }>;
};

export type ClassifierEntry = {
  scheme: string;
  code: string;
  parent: string | null;
  level: string;
  depth: number;
  category: string;
  description: { es: string | null; en: string | null };
  usage: {
    tenders: number;
    items: number;
    estimatedAmount: Money;
    awardedAmount: Money;
    suppliersAwarded: number;
    suppliersRegistered: number;
  };
};
export type ClassifierDetail = ClassifierEntry & {
  version: string;
  retired: boolean;
  ancestors: ClassifierEntry[];
  children: ClassifierEntry[];
};

export type AuctionRank = {
  rank: number;
  label: string;
  amount: number;
  openingPrice: number;
  bids: number;
  lastBidAt: string | null;
  abnormallyLow: boolean;
  name?: string;
  you?: true;
};
/** Where the signed-in bidder stands in the auction. */
export type OwnStanding = {
  label: string;
  name: string;
  rank: number;
  amount: number;
  minimumStep: number;
  highestAcceptableBid: number;
};
export type AuctionSnapshot = {
  auctionId: string;
  tenderId: string;
  lotId: string;
  currency: string;
  phase: 'scheduled' | 'running' | 'ended' | 'closed';
  serverTime: string;
  startsAt: string;
  endsAt: string;
  maximumEndsAt: string | null;
  minimumDecrement: { kind: 'absolute'; amount: number } | { kind: 'percent'; basisPoints: number };
  lastSequence: number;
  bidCount: number;
  ranking: AuctionRank[];
  you: OwnStanding | null;
  result: { bestOpeningPrice: number; finalPrice: number; savings: { amount: number; basisPoints: number } } | null;
};
