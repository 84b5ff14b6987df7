import type { Principal } from '@licita/identity';
import type { LotAuctionSettings } from '../application/commands/auction-commands';
import type { AuctionViewer } from '../domain/auction.snapshot';
import type { AuctionSettingsDto } from './auctions.dto';

/** Suppliers see their own name and rank, buyers and everyone else the anonymous view. */
export function viewerOf(principal: Principal): AuctionViewer {
  if (principal.kind === 'account' && principal.role === 'supplier' && principal.supplierId)
    return { role: 'supplier', bidderId: principal.supplierId };
  if (principal.kind === 'account' && principal.role === 'buyer') return { role: 'buyer' };
  return { role: 'public' };
}

/** The request body as the command's settings (the DTO has validated that the decrement's field is there). */
export function lotAuctionSettings(body: AuctionSettingsDto): LotAuctionSettings {
  const { minimumDecrement: decrement } = body;
  return {
    startsAt: body.startsAt,
    durationSeconds: body.durationSeconds,
    minimumDecrement:
      decrement.kind === 'absolute'
        ? { kind: 'absolute', amount: decrement.amount! }
        : { kind: 'percent', basisPoints: decrement.basisPoints! },
    antiSniping: body.antiSniping ?? null,
    abnormallyLowFloor: body.abnormallyLowFloor ?? null,
  };
}
