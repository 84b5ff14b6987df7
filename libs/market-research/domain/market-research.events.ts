import type { Money } from '@licita/shared';

export const marketResearchStream = (researchId: string) => `market-research-${researchId}`;

/** One good or service the buyer asks prices for: a classifier code, what it is, how many and in what unit. */
export type ResearchItem = {
  itemId: string;
  classifierCode: string;
  description: string;
  /** Positive, at most three decimals (2.5 toneladas). */
  quantity: number;
  unit: string;
};

/** A supplier's indicative unit price of one item (integer centavos and an ISO 4217 currency). */
export type IndicativePrice = { itemId: string; unitPrice: Money };

/**
 * A buyer asks registered suppliers for indicative prices before a procedure. `supplierIds` are the suppliers it
 * is addressed to, fixed when it is sent: the invited ones (`invited: true`), or the verified suppliers whose
 * declared classifier codes cover an item's code (the code or one of its ancestors).
 */
export type MarketResearchRequested = {
  type: 'MarketResearchRequested';
  data: {
    researchId: string;
    buyingUnitId: string;
    title: string;
    items: ResearchItem[];
    /** Answers are taken until this instant (excluded). */
    deadline: string;
    invited: boolean;
    supplierIds: string[];
    requestedAt: string;
  };
};

/** What a supplier answers (first time or revised): not an offer, binds no one. */
export type AnswerData = {
  researchId: string;
  supplierId: string;
  prices: IndicativePrice[];
  notes: string | null;
  /** The last day (YYYY-MM-DD) the supplier says its prices hold, if it says. */
  validUntil: string | null;
  answeredAt: string;
  /** 1 for the first answer, then 2, 3… for each revision. */
  revision: number;
};

export type MarketResearchAnswered = { type: 'MarketResearchAnswered'; data: AnswerData };
export type MarketResearchAnswerRevised = { type: 'MarketResearchAnswerRevised'; data: AnswerData };

/** The buyer attaches the research to a procedure of its unit: once that is public, so are the statistics. */
export type MarketResearchAttached = {
  type: 'MarketResearchAttached';
  data: { researchId: string; tenderId: string; buyingUnitId: string; attachedAt: string };
};

export type MarketResearchEvent =
  MarketResearchRequested | MarketResearchAnswered | MarketResearchAnswerRevised | MarketResearchAttached;

export const MARKET_RESEARCH_EVENT_TYPES = [
  'MarketResearchRequested',
  'MarketResearchAnswered',
  'MarketResearchAnswerRevised',
  'MarketResearchAttached',
] as const;
