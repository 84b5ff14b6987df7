import type { DeliveryState, ExecutionState, InvoiceState } from './execution.decider';
import type { IsoDateTime } from './execution.types';
import { daysAfter, PAYMENT_TERM_DAYS, PAYMENT_TERM_REFERENCE } from './payment-term';

/**
 * The red flags of a contract's execution, computed at an instant (`asOf`, the injected clock), never stored:
 * a delivery not yet complete becomes missing the day after its due date without anyone writing an event.
 * - `late_delivery`: the delivery was completed (the accepted quantity reached the scheduled one) after its due
 *   date; `days` late.
 * - `missing_delivery`: its due date has passed and what was accepted is less than scheduled; `days` overdue.
 * - `late_payment`: an accepted invoice paid in full after its due date (LAASSP art. 51: 20 calendar days), or
 *   still unpaid after it; `days` beyond the term.
 * Days are whole Mexico City calendar days.
 */
export type ExecutionFlag =
  | { code: 'late_delivery'; deliveryId: string; dueDate: string; days: number }
  | { code: 'missing_delivery'; deliveryId: string; dueDate: string; days: number; pending: number }
  | {
      code: 'late_payment';
      invoiceId: string;
      dueDate: string;
      days: number;
      paid: boolean;
      legalBasis: string;
      termDays: number;
    };

export function executionFlags(state: ExecutionState, asOf: IsoDateTime): ExecutionFlag[] {
  return [
    ...Object.values(state.deliveries).flatMap((delivery) => deliveryFlags(delivery, asOf)),
    ...Object.values(state.invoices).flatMap((invoice) => paymentFlags(invoice, asOf)),
  ];
}

function deliveryFlags(
  delivery: Pick<DeliveryState, 'deliveryId' | 'dueDate' | 'completedAt' | 'quantity' | 'accepted'>,
  asOf: IsoDateTime,
): ExecutionFlag[] {
  const { deliveryId, dueDate } = delivery;
  if (delivery.completedAt !== null) {
    const days = daysAfter(dueDate, delivery.completedAt);
    return days > 0 ? [{ code: 'late_delivery', deliveryId, dueDate, days }] : [];
  }
  const days = daysAfter(dueDate, asOf);
  const pending = delivery.quantity - delivery.accepted;
  return days > 0 ? [{ code: 'missing_delivery', deliveryId, dueDate, days, pending }] : [];
}

function paymentFlags(
  invoice: Pick<InvoiceState, 'invoiceId' | 'status' | 'paymentDueDate' | 'paidAt'>,
  asOf: IsoDateTime,
): ExecutionFlag[] {
  if (invoice.status !== 'accepted' || invoice.paymentDueDate === null) return [];
  const paid = invoice.paidAt !== null;
  const days = daysAfter(invoice.paymentDueDate, invoice.paidAt ?? asOf);
  if (days <= 0) return [];
  return [
    {
      code: 'late_payment',
      invoiceId: invoice.invoiceId,
      dueDate: invoice.paymentDueDate,
      days,
      paid,
      legalBasis: PAYMENT_TERM_REFERENCE.citation,
      termDays: PAYMENT_TERM_DAYS,
    },
  ];
}

/**
 * A due date as the read model keeps it (`contract_execution_terms`): a scheduled delivery (`quantity` scheduled,
 * `done` accepted) or an invoice (`quantity` its amount in centavos, `done` paid; `dueDate` once accepted).
 */
export type ExecutionTerm = {
  kind: 'delivery' | 'invoice';
  termId: string;
  quantity: number;
  done: number;
  status: string;
  dueDate: string | null;
  completedAt: IsoDateTime | null;
};

/** The flags of one due date at `asOf`: the same rules as `executionFlags` over the whole execution. */
export function termFlags(term: ExecutionTerm, asOf: IsoDateTime): ExecutionFlag[] {
  if (term.dueDate === null) return [];
  if (term.kind === 'delivery')
    return deliveryFlags(
      {
        deliveryId: term.termId,
        dueDate: term.dueDate,
        completedAt: term.completedAt,
        quantity: term.quantity,
        accepted: term.done,
      },
      asOf,
    );
  const status = term.status as InvoiceState['status'];
  return paymentFlags({ invoiceId: term.termId, status, paymentDueDate: term.dueDate, paidAt: term.completedAt }, asOf);
}
