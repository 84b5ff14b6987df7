import type { Money } from '@licita/shared';

export type ResearchItemInput = {
  itemId?: string;
  classifierCode: string;
  description: string;
  quantity: number;
  unit: string;
};

/**
 * A buyer asks for indicative prices. `addressees` is what the handler found: the invited suppliers that are
 * verified, or the verified suppliers dealing in the items' codes (the decider refuses none at all).
 */
export type RequestMarketResearch = {
  type: 'RequestMarketResearch';
  researchId: string;
  buyingUnitId: string;
  title: string;
  items: ResearchItemInput[];
  deadline: string;
  invitedSupplierIds?: string[] | null;
  addressees: string[];
};

/** A supplier answers (or revises its answer) with a unit price per item it prices. */
export type AnswerMarketResearch = {
  type: 'AnswerMarketResearch';
  researchId: string;
  supplierId: string;
  prices: Array<{ itemId: string; unitPrice: Money }>;
  notes?: string | null;
  validUntil?: string | null;
};

/** What the handler read of the tender: its unit and status (`null`: no such tender). */
export type TenderFacts = { buyingUnitId: string; status: string } | null;

export type AttachMarketResearch = {
  type: 'AttachMarketResearch';
  researchId: string;
  tenderId: string;
  tender: TenderFacts;
};

export type MarketResearchCommand = RequestMarketResearch | AnswerMarketResearch | AttachMarketResearch;
