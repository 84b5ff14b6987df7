import { Inject, Injectable, Optional } from '@nestjs/common';
import { Query } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { answeredBy } from '@licita/platform';
import { CLOCK, systemClock, type Clock } from '@licita/shared';
import {
  evolveExecution,
  initialExecutionState,
  penaltyCapOf,
  penaltyTotal,
  type ExecutionState,
} from '../domain/execution.decider';
import { executionFlags, type ExecutionFlag } from '../domain/execution.flags';
import type { ExecutionEvent } from '../domain/execution.types';
import { PAYMENT_TERM_DAYS, PAYMENT_TERM_REFERENCE } from '../domain/payment-term';

type Data<T extends ExecutionEvent['type']> = Extract<ExecutionEvent, { type: T }>['data'];
type Undressed<T> = Omit<T, 'contractId'>;

/** A contract's execution as the public sees it, with its flags at the time of asking (`asOf`). */
export type ExecutionView = {
  contractId: string;
  asOf: string;
  currency: string | null;
  deliveries: Array<
    Undressed<Data<'DeliveryScheduled'>> & {
      accepted: number;
      completedAt: string | null;
      receipts: Array<Undressed<Data<'DeliveryReceived'>>>;
    }
  >;
  invoices: Array<
    Omit<Undressed<Data<'InvoiceRegistered'>>, 'xml'> & {
      xmlFiled: boolean;
      status: 'registered' | 'accepted' | 'rejected';
      acceptedAt: string | null;
      paymentDueDate: string | null;
      rejection: string | null;
      paid: number;
    }
  >;
  payments: Array<Omit<Undressed<Data<'PaymentRecorded'>>, 'buyingUnitId' | 'supplierId'>>;
  penalties: Array<Undressed<Data<'PenaltyApplied'>>>;
  penaltyCap: number | null;
  guarantees: Array<Undressed<Data<'GuaranteeRecorded'>> & { released: Undressed<Data<'GuaranteeReleased'>> | null }>;
  totals: { invoiced: number; paid: number; penalties: number };
  flags: ExecutionFlag[];
  paymentTerm: { days: number; legalBasis: string };
};

export class ContractExecution extends Query<ExecutionView> {
  constructor(readonly contractId: string) {
    super();
  }
}

/** Reads `contract_execution_events` (eventually consistent; wait for a position with `Licita-Position`). */
@Injectable()
export class ExecutionQueries {
  constructor(
    private readonly db: DataSource,
    @Optional() @Inject(CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  async execution(contractId: string): Promise<ExecutionView> {
    const rows: Array<{ type: ExecutionEvent['type']; data: ExecutionEvent['data'] }> = await this.db.query(
      'SELECT type, data FROM contract_execution_events WHERE contract_id = $1 ORDER BY stream_revision',
      [contractId],
    );
    const events = rows.map((row) => ({ type: row.type, data: row.data }) as ExecutionEvent);
    return viewOf(contractId, events, this.clock.now().toISOString());
  }
}

/** Folds the public events into the view; an execution nobody has recorded yet is an empty one, not a 404. */
export function viewOf(contractId: string, events: ExecutionEvent[], asOf: string): ExecutionView {
  const state = events.reduce(evolveExecution, initialExecutionState());
  const view = emptyView(contractId, asOf, state);
  for (const event of events) {
    const { contractId: _omit, ...data } = event.data as ExecutionEvent['data'] & Record<string, unknown>;
    switch (event.type) {
      case 'DeliveryScheduled': {
        const d = state.deliveries[event.data.deliveryId];
        view.deliveries.push({
          ...(data as Undressed<Data<'DeliveryScheduled'>>),
          accepted: d.accepted,
          completedAt: d.completedAt,
          receipts: [],
        });
        break;
      }
      case 'DeliveryReceived':
        view.deliveries
          .find((d) => d.deliveryId === event.data.deliveryId)
          ?.receipts.push(data as Undressed<Data<'DeliveryReceived'>>);
        break;
      case 'InvoiceRegistered': {
        const { xml, ...rest } = data as Undressed<Data<'InvoiceRegistered'>> & { xmlFiled?: boolean };
        const i = state.invoices[event.data.invoiceId];
        view.currency = event.data.currency;
        view.invoices.push({
          ...rest,
          xmlFiled: rest.xmlFiled ?? xml !== null,
          status: i.status,
          acceptedAt: i.acceptedAt,
          paymentDueDate: i.paymentDueDate,
          rejection: null,
          paid: i.paid,
        });
        break;
      }
      case 'InvoiceRejected': {
        const invoice = view.invoices.find((i) => i.invoiceId === event.data.invoiceId);
        if (invoice) invoice.rejection = event.data.reason;
        break;
      }
      case 'PaymentRecorded': {
        const { buyingUnitId: _u, supplierId: _s, ...payment } = data as Undressed<Data<'PaymentRecorded'>>;
        view.payments.push(payment);
        view.totals.paid += payment.amount;
        break;
      }
      case 'PenaltyApplied':
        view.penalties.push(data as Undressed<Data<'PenaltyApplied'>>);
        break;
      case 'GuaranteeRecorded':
        view.currency = event.data.currency;
        view.guarantees.push({ ...(data as Undressed<Data<'GuaranteeRecorded'>>), released: null });
        break;
      case 'GuaranteeReleased': {
        const guarantee = view.guarantees.find((g) => g.guaranteeId === event.data.guaranteeId);
        if (guarantee) guarantee.released = data as Undressed<Data<'GuaranteeReleased'>>;
        break;
      }
      case 'PenaltyCapSet':
        view.currency = event.data.currency;
        break;
      case 'InvoiceAccepted':
        break;
    }
  }
  view.totals.invoiced = view.invoices.filter((i) => i.status !== 'rejected').reduce((sum, i) => sum + i.amount, 0);
  return view;
}

function emptyView(contractId: string, asOf: string, state: ExecutionState): ExecutionView {
  return {
    contractId,
    asOf,
    currency: null,
    deliveries: [],
    invoices: [],
    payments: [],
    penalties: [],
    penaltyCap: penaltyCapOf(state),
    guarantees: [],
    totals: { invoiced: 0, paid: 0, penalties: penaltyTotal(state) },
    flags: executionFlags(state, asOf),
    paymentTerm: { days: PAYMENT_TERM_DAYS, legalBasis: PAYMENT_TERM_REFERENCE.citation },
  };
}

export const EXECUTION_QUERY_HANDLERS = [
  answeredBy(ContractExecution, ExecutionQueries, (queries, { contractId }) => queries.execution(contractId)),
];
