/** Scenario builders for auction tests: one lot, three compliant proposals, ten minutes from 16:00 UTC. */
import type { ParticipantEntry, PlaceBid, ScheduleAuction } from './auction.commands';
import type { AuctionEvent, AuctionExtended, AuctionScheduled, BidPlaced } from './auction.events';
import { anonymousLabels } from './auction.decider';

export const AUCTION_ID = '3f0c9a52-1d7e-4b8a-9c6f-2e5d4a7b8c90';
export const TENDER_ID = 'ocds-licita-000123';
export const LOT_ID = 'lot-1';

export const ALAMO = 'supplier-alamo';
export const BALAM = 'supplier-balam';
export const CENTLI = 'supplier-centli';

/** An instant on the auction's day: `time('16:09:30')` → `2026-03-02T16:09:30.000Z`. */
export const time = (hhmmss: string) =>
  new Date(`2026-03-02T${hhmmss.length === 5 ? `${hhmmss}:00` : hhmmss}.000Z`).toISOString();

export const aParticipantList = (): ParticipantEntry[] => [
  { bidderId: ALAMO, name: 'Constructora Álamo, S.A. de C.V.', openingPrice: 1_000_000_00 },
  { bidderId: BALAM, name: 'Grupo Balam Infraestructura', openingPrice: 950_000_00 },
  { bidderId: CENTLI, name: 'Centli Obras y Servicios', openingPrice: 1_020_000_00 },
];

export const scheduleAuction = (overrides: Partial<ScheduleAuction> = {}): ScheduleAuction => ({
  type: 'ScheduleAuction',
  auctionId: AUCTION_ID,
  tenderId: TENDER_ID,
  lotId: LOT_ID,
  currency: 'MXN',
  startsAt: time('16:00'),
  durationSeconds: 600,
  minimumDecrement: { kind: 'absolute', amount: 5_000_00 },
  antiSniping: { windowSeconds: 60, extensionSeconds: 120, maximumEndsAt: time('16:20') },
  abnormallyLowFloor: 700_000_00,
  participants: aParticipantList(),
  labelSeed: LABEL_SEED,
  ...overrides,
});

/** The scenarios' secret label seed (a scheduling handler draws a random one). */
export const LABEL_SEED = '5eed'.repeat(8);

/** The event `scheduleAuction(overrides)` records. */
export function auctionScheduled(overrides: Partial<ScheduleAuction> = {}): AuctionScheduled {
  const { type: _type, durationSeconds, participants, labelSeed, ...command } = scheduleAuction(overrides);
  const labels = anonymousLabels(
    labelSeed,
    participants.map((p) => p.bidderId),
  );
  return {
    type: 'AuctionScheduled',
    data: {
      ...command,
      sequence: 0,
      endsAt: new Date(Date.parse(command.startsAt) + durationSeconds * 1000).toISOString(),
      participants: participants.map((p) => ({ ...p, label: labels.get(p.bidderId)! })),
    },
  };
}

export const labelOf = (bidderId: string, labelSeed = LABEL_SEED) =>
  anonymousLabels(
    labelSeed,
    aParticipantList().map((p) => p.bidderId),
  ).get(bidderId)!;
export const openingPriceOf = (bidderId: string) =>
  aParticipantList().find((p) => p.bidderId === bidderId)!.openingPrice;

export const placeBid = (bidderId: string, amount: number, clientBidId = `${bidderId}-${amount}`): PlaceBid => ({
  type: 'PlaceBid',
  auctionId: AUCTION_ID,
  bidderId,
  amount,
  clientBidId,
});

export const bidPlaced = (bid: {
  bidderId: string;
  amount: number;
  sequence: number;
  at: string;
  previousAmount?: number;
  abnormallyLow?: boolean;
}): BidPlaced => ({
  type: 'BidPlaced',
  data: {
    auctionId: AUCTION_ID,
    sequence: bid.sequence,
    bidderId: bid.bidderId,
    label: labelOf(bid.bidderId),
    clientBidId: `${bid.bidderId}-${bid.amount}`,
    amount: bid.amount,
    previousAmount: bid.previousAmount ?? openingPriceOf(bid.bidderId),
    placedAt: bid.at,
    abnormallyLow: bid.abnormallyLow ?? false,
  },
});

export const auctionExtended = (e: { sequence: number; from: string; to: string }): AuctionExtended => ({
  type: 'AuctionExtended',
  data: {
    auctionId: AUCTION_ID,
    sequence: e.sequence,
    previousEndsAt: e.from,
    endsAt: e.to,
    triggeredBySequence: e.sequence - 1,
  },
});

export const anAuction = (overrides: Partial<ScheduleAuction> = {}): AuctionEvent[] => [auctionScheduled(overrides)];
