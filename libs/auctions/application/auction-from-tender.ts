import { deterministicUuid, type EventStore } from '@licita/event-store';
import { conflict, notFound } from '@licita/shared';
import {
  evolveTender,
  initialTenderState,
  TENDER_EVENT_TYPES,
  tenderStream,
  type TenderEvent,
} from '@licita/tendering';
import type { ParticipantEntry } from '../domain/auction.commands';
import { eventTypeGuard } from '../domain/auction.events';

const isTenderEvent = eventTypeGuard<TenderEvent>(TENDER_EVENT_TYPES);

/** Who runs the lot's auction, as the tender's evaluation left it. */
export type LotAuctionSetup = {
  tenderId: string;
  lotId: string;
  auctionId: string;
  buyingUnitId: string;
  currency: string;
  participants: ParticipantEntry[];
  /** Practice mode: the tender's time-acceleration factor, which the auction's times follow; absent: real time. */
  timeAcceleration?: number;
};

/** A supplier's name as the register has it (revealed at the close). */
export type SupplierName = (supplierId: string) => Promise<string>;

/** Throws unless the caller may schedule an auction of this buying unit's tender. */
export type AuthorizeUnit = (buyingUnitId: string) => void;

/** One auction per lot: its id follows from tender and lot, so scheduling it twice is refused by the auction. */
export const lotAuctionId = (tenderId: string, lotId: string) => deterministicUuid(`auction|${tenderId}|${lotId}`);

/**
 * Reads the tender's published events (its stream, folded by the tender's own `evolve`) and returns the lot's
 * auction participants: the suppliers whose proposals were found compliant, each from its opened economic
 * offer, in submission order (the auction's last tie-break). The lot must have gone to auction. `authorize` sees
 * the tender's unit before anything about its lots is told: another unit's buyer learns nothing but 403.
 */
export async function lotAuctionSetup(
  store: EventStore,
  tenderId: string,
  lotId: string,
  supplierName: SupplierName,
  authorize: AuthorizeUnit,
): Promise<LotAuctionSetup> {
  const state = (await store.readStream(tenderStream(tenderId)))
    .filter(isTenderEvent)
    .reduce((folded, event) => evolveTender(folded, event), initialTenderState());
  if (state.content === null) throw notFound('tender.not_found', `there is no tender ${tenderId}`);
  authorize(state.content.buyingUnitId);
  const lot = state.lots[lotId];
  if (!lot || lot.status !== 'auction') {
    throw conflict(
      'auction.lot_not_in_auction',
      `lot ${lotId} of tender ${tenderId} has not gone to a reverse auction`,
      { lotId, lotStatus: lot?.status ?? null },
    );
  }
  const submittedAt = (proposalId: string) => state.proposals[proposalId]?.submittedAt ?? '';
  const bids = [...lot.ranking].sort((a, b) => submittedAt(a.proposalId).localeCompare(submittedAt(b.proposalId)));
  const participants = await Promise.all(
    bids.map(async (bid) => ({
      bidderId: bid.supplierId,
      name: await supplierName(bid.supplierId),
      openingPrice: bid.amount.amount,
    })),
  );
  return {
    tenderId,
    lotId,
    auctionId: lotAuctionId(tenderId, lotId),
    buyingUnitId: state.content.buyingUnitId,
    currency: bids[0]?.amount.currency ?? state.content.currency,
    participants,
    ...(state.content.timeAcceleration === undefined ? {} : { timeAcceleration: state.content.timeAcceleration }),
  };
}
