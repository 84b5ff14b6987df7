import type { Principal } from '@licita/identity/domain/roles';
import type { AuctionViewer } from '../domain/auction.snapshot';

/** Suppliers see their own name and rank, buyers and everyone else the anonymous view. */
export function viewerOf(principal: Principal): AuctionViewer {
  if (principal.kind === 'account' && principal.role === 'supplier' && principal.supplierId)
    return { role: 'supplier', bidderId: principal.supplierId };
  if (principal.kind === 'account' && principal.role === 'buyer') return { role: 'buyer' };
  return { role: 'public' };
}
