import type { Money } from '@licita/shared';

/** Who a party of an act is, as the supplier register names it (the id when the register has no public profile). */
export type ActSupplier = { supplierId: string; name: string; rfc: string | null };

/** What every act of a procedure starts with. */
export type ActProcedure = {
  tenderId: string;
  title: string;
  buyingUnit: string;
  procedureType: string;
  lots: Array<{ lotId: string; title: string }>;
};

/** Where the act's event stands in the public ledger (its global position) and when it happened. */
export type ActEvent = { position: string; occurredAt: string };

/**
 * The opening act (acta de apertura). A lot's amount is `null` while the auction-anonymity rule keeps its offers
 * sealed from the public (libs/tendering/domain/auction-anonymity.ts): the act never shows more than the public
 * view of the opening shows at the moment it is rendered.
 */
export type OpeningAct = {
  kind: 'opening';
  procedure: ActProcedure;
  event: ActEvent;
  proposals: Array<{
    proposalId: string;
    supplier: ActSupplier;
    commitment: string;
    submittedAt: string;
    lots: Array<{ lotId: string; amount: Money | null }>;
  }>;
};

/** The ruling (fallo): per lot, the award or why the lot was deserted, and the non-compliant proposals' reasons. */
export type RulingAct = {
  kind: 'ruling';
  procedure: ActProcedure;
  event: ActEvent;
  lots: Array<{
    lotId: string;
    award: {
      supplier: ActSupplier;
      amount: Money;
      basis: string;
      awardedAt: string;
      objectionPeriodEndsAt: string | null;
    } | null;
    desertionReason: string | null;
    nonCompliant: Array<{ supplier: ActSupplier; reasons: string[] }>;
  }>;
};

/** The result of a lot's reverse auction after its close: each anonymous label with its supplier and prices. */
export type AuctionResultAct = {
  kind: 'auction_result';
  auctionId: string;
  procedure: ActProcedure | null;
  lotId: string;
  currency: string;
  endsAt: string;
  event: ActEvent;
  ranking: Array<{
    rank: number;
    label: string;
    supplier: ActSupplier;
    openingPrice: number;
    finalPrice: number;
    bids: number;
  }>;
  savings: { amount: number; basisPoints: number };
};

export type Act = OpeningAct | RulingAct | AuctionResultAct;

/** The act's title, the PDF's file name and the reason written in its signature. */
export const ACT_TITLES: Record<Act['kind'], { title: string; file: string; reason: string }> = {
  opening: {
    title: 'Acta de presentación y apertura de proposiciones',
    file: 'acta-apertura',
    reason: 'Acta de apertura de proposiciones',
  },
  ruling: { title: 'Acta de fallo', file: 'acta-fallo', reason: 'Fallo del procedimiento' },
  auction_result: {
    title: 'Acta de resultado de la subasta inversa',
    file: 'resultado-subasta',
    reason: 'Resultado de la subasta inversa',
  },
};
