import { createHmac } from 'node:crypto';
import { conflict, DomainError, invalid, notFound, type DecisionContext, type Decider } from '@licita/shared';
import type {
  AntiSniping,
  AuctionCommand,
  CloseAuction,
  IsoDateTime,
  MinimumDecrement,
  PlaceBid,
  ScheduleAuction,
} from './auction.commands';
import type {
  AuctionClosed,
  AuctionEvent,
  AuctionExtended,
  AuctionScheduled,
  BidPlaced,
  FinalRank,
  Savings,
} from './auction.events';

export type AuctionParticipant = {
  bidderId: string;
  name: string;
  label: string;
  /** Position in the schedule (proposal submission order): the last tie-break. */
  order: number;
  openingPrice: number;
  /** Its current price: the opening price, then its last accepted bid. */
  price: number;
  bids: number;
  lastBidSequence: number | null;
  lastBidAt: IsoDateTime | null;
  abnormallyLow: boolean;
};

export type AuctionSettings = Omit<AuctionScheduled['data'], 'sequence' | 'participants' | 'endsAt' | 'blind'>;

export type NoAuction = { status: 'unscheduled'; lastSequence: -1 };

/** `open` covers before the start, running and past the end until the close is recorded: see `phaseAt`. */
export type ScheduledAuction = {
  status: 'open' | 'closed';
  settings: AuctionSettings;
  /** The current end, moved by anti-sniping. */
  endsAt: IsoDateTime;
  participants: AuctionParticipant[];
  lastSequence: number;
  bidCount: number;
  result: AuctionClosed['data'] | null;
};

export type AuctionState = NoAuction | ScheduledAuction;

export type AuctionPhase = 'unscheduled' | 'scheduled' | 'running' | 'ended' | 'closed';

export const initialState = (): AuctionState => ({ status: 'unscheduled', lastSequence: -1 });

export function decide(command: AuctionCommand, state: AuctionState, { now }: DecisionContext): AuctionEvent[] {
  switch (command.type) {
    case 'ScheduleAuction':
      if (state.status !== 'unscheduled')
        throw conflict('auction.already_scheduled', `auction ${command.auctionId} is already scheduled`);
      return [scheduled(command, now)];
    case 'PlaceBid':
      return placeBid(command, scheduledAuction(state, command.auctionId), now);
    case 'CloseAuction':
      return [closed(command, scheduledAuction(state, command.auctionId), now)];
  }
}

export function evolve(state: AuctionState, event: AuctionEvent): AuctionState {
  if (event.type === 'AuctionScheduled') {
    const { sequence, participants, endsAt, blind: _secret, ...settings } = event.data;
    return {
      status: 'open',
      settings,
      endsAt,
      participants: participants.map((p, order) => ({
        ...p,
        order,
        price: p.openingPrice,
        bids: 0,
        lastBidSequence: null,
        lastBidAt: null,
        abnormallyLow: false,
      })),
      lastSequence: sequence,
      bidCount: 0,
      result: null,
    };
  }
  if (state.status === 'unscheduled') return state;
  switch (event.type) {
    case 'BidPlaced': {
      const { bidderId, amount, sequence, placedAt, abnormallyLow } = event.data;
      const participants = state.participants.map((p) =>
        p.bidderId === bidderId
          ? { ...p, price: amount, bids: p.bids + 1, lastBidSequence: sequence, lastBidAt: placedAt, abnormallyLow }
          : p,
      );
      return { ...state, participants, lastSequence: sequence, bidCount: state.bidCount + 1 };
    }
    case 'AuctionExtended':
      return { ...state, endsAt: event.data.endsAt, lastSequence: event.data.sequence };
    case 'AuctionClosed':
      return { ...state, status: 'closed', result: event.data, lastSequence: event.data.sequence };
  }
}

export const auctionDecider: Decider<AuctionCommand, AuctionEvent, AuctionState> = { initialState, decide, evolve };

/** Where the auction stands at server time `now`; bids are accepted only while `running`. */
export function phaseAt(state: AuctionState, now: Date): AuctionPhase {
  if (state.status === 'unscheduled') return 'unscheduled';
  if (state.status === 'closed') return 'closed';
  if (now.getTime() < Date.parse(state.settings.startsAt)) return 'scheduled';
  return now.getTime() < Date.parse(state.endsAt) ? 'running' : 'ended';
}

/** The smallest decrease a bidder at `currentPrice` may make: a percentage is rounded up to whole centavos. */
export function minimumStep(decrement: MinimumDecrement, currentPrice: number): number {
  if (decrement.kind === 'absolute') return decrement.amount;
  // BigInt: centavo prices times basis points can pass 2^53.
  return Number((BigInt(currentPrice) * BigInt(decrement.basisPoints) + 9_999n) / 10_000n);
}

/** Lowest price first; at equal price the earliest bid (an unchanged opening offer came before any bid). */
export function ranking(participants: AuctionParticipant[]): AuctionParticipant[] {
  return [...participants].sort(
    (a, b) => a.price - b.price || (a.lastBidSequence ?? 0) - (b.lastBidSequence ?? 0) || a.order - b.order,
  );
}

/**
 * "Participant 1…n", stable per auction, independent of the order (or names) the participants were listed
 * in, so a label tells nothing about who is behind it: participants are ordered by a keyed hash of the bidder
 * under the auction's secret `labelSeed`. (A hash of public ids alone, as before, let anyone compute the labels.)
 */
export function anonymousLabels(labelSeed: string, bidderIds: string[]): Map<string, string> {
  const key = (bidderId: string) => createHmac('sha256', labelSeed).update(bidderId).digest('hex');
  const shuffled = [...bidderIds].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a < b ? -1 : 1));
  return new Map(shuffled.map((bidderId, i) => [bidderId, `Participant ${i + 1}`]));
}

/**
 * The secret `AuctionScheduled` carries so the ledger's commitment to its hidden participants cannot be
 * brute-forced (see the event): an HMAC of a fixed tag under the label seed, so the decider stays pure and a
 * replay of the command writes the same event, while knowing it tells nothing about the seed or the labels.
 */
export const auctionBlind = (labelSeed: string): string =>
  createHmac('sha256', labelSeed).update('licita:auction-scheduled-blind').digest('hex');

function scheduled(command: ScheduleAuction, now: Date): AuctionScheduled {
  const { auctionId, tenderId, lotId, currency, minimumDecrement, antiSniping, abnormallyLowFloor, participants } =
    command;
  if (typeof command.labelSeed !== 'string' || !/^[0-9a-f]{32,}$/.test(command.labelSeed))
    throw invalid('auction.invalid_schedule', 'the label seed must be at least 128 random bits in hex');
  const startsAt = instant(command.startsAt, 'auction.invalid_schedule', 'startsAt');
  if (Date.parse(startsAt) < now.getTime())
    throw invalid('auction.invalid_schedule', 'the auction cannot start in the past', { startsAt });
  if (!isPositiveInteger(command.durationSeconds))
    throw invalid('auction.invalid_schedule', 'the duration is a positive whole number of seconds');
  const factor = command.timeAcceleration ?? 1;
  if (!isPositiveInteger(factor) || factor > MAX_TIME_ACCELERATION)
    throw invalid(
      'auction.invalid_schedule',
      `the time acceleration is a whole number from 1 to ${MAX_TIME_ACCELERATION}`,
    );
  const endsAt = new Date(Date.parse(startsAt) + accelerated(command.durationSeconds, factor) * 1000).toISOString();
  if (!/^[A-Z]{3}$/.test(currency))
    throw invalid('auction.invalid_currency', `currency must be an ISO 4217 code, got ${currency}`);
  checkDecrement(minimumDecrement);
  const checkedAntiSniping = antiSniping && checkAntiSniping(acceleratedRule(antiSniping, startsAt, factor), endsAt);
  if (abnormallyLowFloor !== null && !isPositiveInteger(abnormallyLowFloor)) {
    throw invalid('auction.invalid_floor', 'the abnormally-low floor is a positive whole number of centavos');
  }
  checkParticipants(participants);
  const labels = anonymousLabels(
    command.labelSeed,
    participants.map((p) => p.bidderId),
  );
  return {
    type: 'AuctionScheduled',
    data: {
      auctionId,
      sequence: 0,
      tenderId,
      lotId,
      currency,
      startsAt,
      endsAt,
      minimumDecrement,
      antiSniping: checkedAntiSniping,
      abnormallyLowFloor,
      participants: participants.map(({ bidderId, name, openingPrice }) => ({
        bidderId,
        name: name.trim(),
        label: labels.get(bidderId)!,
        openingPrice,
      })),
      blind: auctionBlind(command.labelSeed),
      ...(factor === 1 ? {} : { timeAcceleration: factor }),
    },
  };
}

/** The tender's factor is at most this (libs/tendering/domain/time-acceleration.ts). */
const MAX_TIME_ACCELERATION = 100_000;

/** Seconds of the buyer's schedule on a practice tender's accelerated clock: divided, whole, at least one. */
const accelerated = (seconds: number, factor: number) => Math.max(1, Math.round(seconds / factor));

/** The anti-sniping rule on the accelerated clock: window and extension divided, the maximum end as far from the start divided. */
function acceleratedRule(rule: AntiSniping, startsAt: IsoDateTime, factor: number): AntiSniping {
  if (factor === 1 || !isPositiveInteger(rule.windowSeconds) || !isPositiveInteger(rule.extensionSeconds)) return rule;
  const start = Date.parse(startsAt);
  const maximum = Date.parse(rule.maximumEndsAt);
  return {
    windowSeconds: accelerated(rule.windowSeconds, factor),
    extensionSeconds: accelerated(rule.extensionSeconds, factor),
    maximumEndsAt: Number.isNaN(maximum)
      ? rule.maximumEndsAt
      : new Date(start + Math.ceil((maximum - start) / factor / 1000) * 1000).toISOString(),
  };
}

function placeBid(command: PlaceBid, auction: ScheduledAuction, now: Date): AuctionEvent[] {
  const phase = phaseAt(auction, now);
  if (phase !== 'running') {
    throw conflict('auction.not_running', `the auction is ${phase}, not running`, {
      phase,
      startsAt: auction.settings.startsAt,
      endsAt: auction.endsAt,
    });
  }
  const bidder = auction.participants.find((p) => p.bidderId === command.bidderId);
  if (!bidder)
    throw new DomainError('auction.not_participant', 'only suppliers admitted to this auction may bid', 'forbidden');
  if (typeof command.clientBidId !== 'string' || command.clientBidId.length === 0 || command.clientBidId.length > 100) {
    throw invalid('bid.invalid_client_bid_id', 'clientBidId is a string of 1 to 100 characters');
  }
  if (!isPositiveInteger(command.amount))
    throw invalid('bid.invalid_amount', 'the amount is a positive whole number of centavos');
  if (command.amount >= bidder.price)
    throw invalid('bid.not_lower', 'a bid must lower your current price', { currentPrice: bidder.price });
  const step = minimumStep(auction.settings.minimumDecrement, bidder.price);
  if (bidder.price - command.amount < step) {
    throw invalid('bid.step_too_small', `a bid must lower your price by at least ${step} centavos`, {
      currentPrice: bidder.price,
      minimumStep: step,
      highestAcceptable: bidder.price - step,
    });
  }
  const floor = auction.settings.abnormallyLowFloor;
  const bid: BidPlaced = {
    type: 'BidPlaced',
    data: {
      auctionId: command.auctionId,
      sequence: auction.lastSequence + 1,
      bidderId: bidder.bidderId,
      label: bidder.label,
      clientBidId: command.clientBidId,
      amount: command.amount,
      previousAmount: bidder.price,
      placedAt: now.toISOString(),
      abnormallyLow: floor !== null && command.amount < floor,
    },
  };
  const extension = antiSnipingExtension(auction, now, bid.data.sequence);
  return extension ? [bid, extension] : [bid];
}

function antiSnipingExtension(auction: ScheduledAuction, now: Date, bidSequence: number): AuctionExtended | null {
  const rule = auction.settings.antiSniping;
  if (!rule) return null;
  const end = Date.parse(auction.endsAt);
  if (end - now.getTime() > rule.windowSeconds * 1000) return null;
  const newEnd = Math.min(end + rule.extensionSeconds * 1000, Date.parse(rule.maximumEndsAt));
  if (newEnd <= end) return null;
  return {
    type: 'AuctionExtended',
    data: {
      auctionId: auction.settings.auctionId,
      sequence: bidSequence + 1,
      previousEndsAt: auction.endsAt,
      endsAt: new Date(newEnd).toISOString(),
      triggeredBySequence: bidSequence,
    },
  };
}

function closed(command: CloseAuction, auction: ScheduledAuction, now: Date): AuctionClosed {
  if (auction.status === 'closed')
    throw conflict('auction.already_closed', `auction ${command.auctionId} is already closed`);
  if (now.getTime() < Date.parse(auction.endsAt))
    throw conflict('auction.not_ended', 'the auction has not reached its end', { endsAt: auction.endsAt });
  const ranked = ranking(auction.participants);
  const bestOpeningPrice = Math.min(...auction.participants.map((p) => p.openingPrice));
  const finalPrice = ranked[0].price;
  const { auctionId, tenderId, lotId, currency } = auction.settings;
  return {
    type: 'AuctionClosed',
    data: {
      auctionId,
      sequence: auction.lastSequence + 1,
      tenderId,
      lotId,
      currency,
      endsAt: auction.endsAt,
      closedAt: now.toISOString(),
      ranking: ranked.map(finalRank),
      bestOpeningPrice,
      finalPrice,
      savings: savings(bestOpeningPrice, finalPrice),
    },
  };
}

const finalRank = (p: AuctionParticipant, index: number): FinalRank => ({
  rank: index + 1,
  bidderId: p.bidderId,
  name: p.name,
  label: p.label,
  openingPrice: p.openingPrice,
  finalPrice: p.price,
  bids: p.bids,
  lastBidSequence: p.lastBidSequence,
  lastBidAt: p.lastBidAt,
  abnormallyLow: p.abnormallyLow,
});

/** Basis points rounded half up, in integers. */
export function savings(bestOpeningPrice: number, finalPrice: number): Savings {
  const amount = bestOpeningPrice - finalPrice;
  const basisPoints = Number((BigInt(amount) * 20_000n + BigInt(bestOpeningPrice)) / (2n * BigInt(bestOpeningPrice)));
  return { amount, basisPoints };
}

function scheduledAuction(state: AuctionState, auctionId: string): ScheduledAuction {
  if (state.status === 'unscheduled') throw notFound('auction.not_found', `auction ${auctionId} is not scheduled`);
  return state;
}

function checkDecrement(decrement: MinimumDecrement): void {
  const valid =
    decrement?.kind === 'absolute'
      ? isPositiveInteger(decrement.amount)
      : decrement?.kind === 'percent' && isPositiveInteger(decrement.basisPoints) && decrement.basisPoints < 10_000;
  if (!valid)
    throw invalid('auction.invalid_decrement', 'the minimum decrement is positive centavos, or 1 to 9999 basis points');
}

function checkAntiSniping(
  rule: { windowSeconds: number; extensionSeconds: number; maximumEndsAt: IsoDateTime },
  endsAt: IsoDateTime,
) {
  if (!isPositiveInteger(rule.windowSeconds) || !isPositiveInteger(rule.extensionSeconds)) {
    throw invalid('auction.invalid_anti_sniping', 'the anti-sniping window and extension are positive whole seconds');
  }
  const maximumEndsAt = instant(rule.maximumEndsAt, 'auction.invalid_anti_sniping', 'maximumEndsAt');
  if (Date.parse(maximumEndsAt) < Date.parse(endsAt)) {
    throw invalid('auction.invalid_anti_sniping', 'the maximum end cannot be before the scheduled end', {
      endsAt,
      maximumEndsAt,
    });
  }
  return { windowSeconds: rule.windowSeconds, extensionSeconds: rule.extensionSeconds, maximumEndsAt };
}

function checkParticipants(participants: ScheduleAuction['participants']): void {
  if (!Array.isArray(participants) || participants.length < 2) {
    throw invalid('auction.not_enough_participants', 'an auction needs at least two compliant proposals');
  }
  const seen = new Set<string>();
  for (const { bidderId, name, openingPrice } of participants) {
    if (seen.has(bidderId)) throw invalid('auction.duplicate_participant', `${bidderId} is listed twice`, { bidderId });
    seen.add(bidderId);
    if (typeof name !== 'string' || name.trim() === '')
      throw invalid('auction.invalid_participant', `${bidderId} has no name`, { bidderId });
    if (!isPositiveInteger(openingPrice)) {
      throw invalid('auction.invalid_opening_price', 'opening prices are positive whole numbers of centavos', {
        bidderId,
      });
    }
  }
}

function instant(value: unknown, code: string, field: string): IsoDateTime {
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw invalid(code, `${field} is not a date and time (ISO 8601)`, { field });
  return new Date(time).toISOString();
}

const isPositiveInteger = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
