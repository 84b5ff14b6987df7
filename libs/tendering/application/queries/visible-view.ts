import type { Principal } from '@licita/identity';
import { notFound } from '@licita/shared';
import { viewStatusAt, withAuctionOffersSealed, type TenderView } from '../../projections/tender-view';

/**
 * A published tender for anyone, a draft only for the buyers of its unit; its status at `now`. Only the buyers
 * of its unit, who evaluate them, read the economic offers that stay sealed until an auction closes. `number` is
 * always there: `null` for a procedure recorded before numbers (its stored view has none).
 */
export function visibleView(tenderId: string, view: TenderView | null, principal: Principal, now: Date): TenderView {
  const ownUnit =
    principal.kind === 'account' && principal.role === 'buyer' && principal.buyingUnitId === view?.buyingUnitId;
  if (!view || (view.status === 'draft' && !ownUnit))
    throw notFound('tender.not_found', `there is no tender ${tenderId}`);
  const shown = ownUnit ? view : withAuctionOffersSealed(view);
  return { ...shown, number: view.number ?? null, status: viewStatusAt(view, now) };
}
