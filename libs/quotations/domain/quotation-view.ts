import type { Money } from '@licita/shared';
import { rank, winnerOf, type QuotationRequestState } from './quotation.decider';
import type { QuotationRequestPublished } from './quotation.events';

export type PublicQuotation = {
  quotationId: string;
  supplierId: string;
  amount: Money;
  notes: string;
  submittedAt: string;
  compliant: boolean;
  reason: string | null;
};

/**
 * What anyone may read of a request: the request itself always; quotations (who quoted, amounts) only once they
 * are opened. Until then the view carries no supplier id, commitment or count of the quotations.
 */
export type QuotationRequestView = Omit<QuotationRequestPublished['data'], 'keyId'> & {
  status: 'open' | 'opened' | 'deserted' | 'ordered';
  openedAt: string | null;
  quotations: PublicQuotation[];
  winner: PublicQuotation | null;
  order: {
    orderId: string;
    supplierId: string;
    amount: Money;
    issuedAt: string;
    frameworkOrderId: string | null;
  } | null;
};

/** The public view of the state the projection folds with the decider's own `evolve`. */
export function publicView(state: QuotationRequestState, openedAt: string | null): QuotationRequestView | null {
  if (!state.published) return null;
  const { keyId: _keyId, ...request } = state.request;
  const quotations = state.status === 'open' ? [] : rank(state.revealed).map((q) => ({ ...q }));
  const winner = winnerOf(state.revealed);
  return {
    ...request,
    status: state.status,
    openedAt,
    quotations,
    winner: winner ? { ...winner } : null,
    order: state.order
      ? {
          orderId: state.order.orderId,
          supplierId: state.order.supplierId,
          amount: state.order.amount,
          issuedAt: state.order.issuedAt,
          frameworkOrderId: state.order.framework?.frameworkOrderId ?? null,
        }
      : null,
  };
}
