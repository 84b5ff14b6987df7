/**
 * The shapes the pages read from the API. The answers' own types come from the libraries' front doors as
 * `import type` (erased from the bundle: no server code reaches the browser); the few small shapes below are
 * the browser's own.
 */
import type { AuctionSnapshot } from '@licita/auctions';
import type { ClassifierDetail, ClassifierEntry } from '@licita/classifier';
import type { TenderView } from '@licita/tendering';
import type { PublicTender as ServedTender, TenderSummary } from '@licita/transparency';

/** One line of an auction's ranking; the signed-in bidder's own standing. */
export type AuctionRank = AuctionSnapshot['ranking'][number];
export type OwnStanding = NonNullable<AuctionSnapshot['you']>;

export type { AuctionSnapshot, ClassifierDetail, ClassifierEntry, TenderSummary, TenderView };

export type Money = { amount: number; currency: string };
export type PartyRef = { id: string; name: string | null };
/** A list's total: exact, or PostgreSQL's estimate past the API's bound (`exact: false`). */
export type ListTotal = { value: number; exact: boolean };
export type Page<T> = { items: T[]; nextCursor: string | null; total?: ListTotal };

type ServedLot = ServedTender['lots'][number];
type ServedOpening = NonNullable<ServedTender['opening']>;
type ServedProposal = ServedOpening['proposals'][number];

/**
 * `GET /api/transparency/tenders/{id}` as the public tender page renders it: the served record less the few
 * fields the page never shows, which a past view rebuilt from the parties' view (`tenderAsOf`) cannot hold.
 */
export type PublicTender = Omit<
  ServedTender,
  'lots' | 'opening' | 'amendments' | 'awards' | 'classifierCodes' | 'periodReduction' | 'createdAt' | 'closedAt'
> & {
  lots: Array<Omit<ServedLot, 'items'> & { items: Array<Omit<ServedLot['items'][number], 'division'>> }>;
  opening:
    | (Omit<ServedOpening, 'proposals'> & {
        proposals: Array<
          Omit<ServedProposal, 'documents' | 'offers'> & {
            offers: Array<Omit<ServedProposal['offers'][number], 'items'>>;
          }
        >;
      })
    | null;
  amendments: Array<Omit<ServedTender['amendments'][number], 'deadlineBefore' | 'daysBeforeDeadline'>>;
  /** The parties' view names the basis as a plain string. */
  awards: Array<Omit<ServedTender['awards'][number], 'supplierRegisteredAt' | 'basis'> & { basis: string }>;
};

/** A supplier's own proposal, decrypted for it alone (`GET /api/tenders/{id}/proposals/mine`). */
export type OwnProposal = {
  proposalId: string;
  lotIds: string[];
  commitment: string;
  submittedAt: string;
  withdrawn: boolean;
  content: {
    lots: Array<{
      lotId: string;
      amount: { amount: number; currency: string } | number;
      items: Array<{ itemId: string; unitPrice: number }>;
    }>;
    documents?: Array<{ documentId: string; title?: string; fileName?: string; sha256: string }>;
  };
};
